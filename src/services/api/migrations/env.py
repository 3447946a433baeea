"""Alembic environment. Migrations are expand-only: add tables, columns and indexes; never drop or rename in the same
release that stops using them, so the previous release keeps working during a blue/green switch."""
from alembic import context
from sqlalchemy import create_engine

url = context.config.get_main_option("sqlalchemy.url")
engine = create_engine(url)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
