"""python3 -m app [serve|migrate|migrations|openapi]"""
import json
import os
import signal
import sys
import threading


def main(argv: list[str]) -> int:
    # As a container's PID 1, the process ignores a signal it has no handler for: a SIGTERM while it imports and starts
    # (a crash-looping colour being stopped, a deploy giving up on a migration) waited for docker's SIGKILL, 20-30 s.
    signal.signal(signal.SIGTERM, _exit_at_once)
    command = argv[1] if len(argv) > 1 else "serve"
    if command == "serve":
        import uvicorn

        _inject_fault(os.environ.get("PAZPAZ_FAULT", ""))
        from . import logs
        from .config import Settings
        from .main import create_app
        logs.configure()
        app = create_app()
        # Everything built so far (modules, the app, the ORM's mappers) lives as long as the process: moved out of the
        # collector's reach, a full collection no longer walks it (about 45 ms of stalled event loop each, measured).
        import gc
        gc.freeze()
        # One keepalive setting: the protocol pings (which find dead peers) follow the app's JSON pings.
        ping = Settings.from_environment().websocket_ping_seconds
        # From here uvicorn's own handler stops gracefully (it installs it at once); it raises the signal again once
        # stopped, which as PID 1 is then ignored and the process exits 0, as a graceful stop should.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        uvicorn.run(app, host="0.0.0.0", port=8000, proxy_headers=True, forwarded_allow_ips="*",
                    access_log=False, log_config=None, timeout_graceful_shutdown=20,
                    # Longer than nginx's upstream keepalive_timeout (60 s): the proxy closes an idle connection first,
                    # so it never sends a request on one the api is closing (a 502 it cannot retry for a POST).
                    timeout_keep_alive=75,
                    ws_ping_interval=ping, ws_ping_timeout=ping)
        return 0
    if command == "migrate":
        from alembic import command as alembic
        from alembic.config import Config

        from .config import Settings
        from .schema import MIGRATIONS
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", Settings.from_environment().database_url.replace("%", "%%"))
        alembic.upgrade(config, "head")
        return 0
    if command == "migrations":
        # No database needed: what this image's code knows, for the deploy engine's rollback check.
        from .schema import known_migrations
        print(json.dumps(known_migrations()))
        return 0
    if command == "openapi":
        from sqlalchemy import create_engine

        from .main import create_app, openapi_contract
        from .realtime import MemoryBroker
        app = create_app(engine=create_engine("sqlite://"), broker=MemoryBroker())
        print(json.dumps(openapi_contract(app), indent=2, sort_keys=True))
        return 0
    print(f"unknown command '{command}': use serve, migrate, migrations or openapi", file=sys.stderr)
    return 2


def _exit_at_once(signum: int, _frame) -> None:
    sys.exit(128 + signum)


def _inject_fault(fault: str) -> None:
    """Deploy tests only (compose never sets it): "exit-at-start", or "exit-after:<seconds>" for a crash after the switch."""
    if not fault:
        return
    print(f"PAZPAZ_FAULT={fault}: injecting a fault for a deploy test", file=sys.stderr, flush=True)
    if fault == "exit-at-start":
        sys.exit(3)
    if fault.startswith("exit-after:"):
        crash = threading.Timer(float(fault.split(":", 1)[1]), lambda: os._exit(3))
        # A daemon: a graceful stop before it fires ends the process instead of waiting for the crash.
        crash.daemon = True
        crash.start()
        return
    sys.exit(f"unknown PAZPAZ_FAULT '{fault}': use exit-at-start or exit-after:<seconds>")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
