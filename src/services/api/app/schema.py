"""What this image knows of the database schema: its migrations and how a database's revision compares.

Kept apart from the web app so `migrate` and `migrations` (run in one-off containers during a deploy, beside the live
colour on the same CPUs) import alembic and SQLAlchemy only, not FastAPI and pydantic."""
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def known_migrations() -> list[dict]:
    """This image's migrations, oldest first (the last is its head): each revision, and whether it is a contract migration.

    Migrations are expand-only unless the module says `contract = True` (it removes or narrows what an older release
    uses); the deploy engine refuses to roll back across one unless forced (docs/operations/failed-migration.md)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return [{"revision": script.revision, "contract": getattr(script.module, "contract", False) is True}
            for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]


def known_revisions() -> list[str]:
    """This image's migration revisions, oldest first (the last is its head)."""
    return [migration["revision"] for migration in known_migrations()]


def migration_state(database: str | None, known: list[str]) -> str:
    """current, ahead (a newer release migrated: migrations are expand-only, so this code still works), or behind."""
    if database == known[-1]:
        return "current"
    # Revisions are numbered in order (0001, 0002, ...): an unknown, higher one is a newer release's.
    if database is not None and database not in known and database > known[-1]:
        return "ahead"
    return "behind"
