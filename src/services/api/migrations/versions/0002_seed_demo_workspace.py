"""Seed a demo workspace's week so a fresh environment has a schedule to show (fictional names, no patient data)."""
from datetime import datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"

DEMO_WORKSPACE = 1


def upgrade() -> None:
    appointments = sa.table(
        "appointments",
        sa.column("workspace_id", sa.Integer),
        sa.column("client_name", sa.String),
        sa.column("starts_at", sa.DateTime(timezone=True)),
        sa.column("duration_minutes", sa.Integer),
    )
    monday = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    op.bulk_insert(appointments, [
        {"workspace_id": DEMO_WORKSPACE, "client_name": f"Demo client {day * 4 + slot + 1}",
         "starts_at": monday + timedelta(days=day, hours=slot * 2), "duration_minutes": 50}
        for day in range(5) for slot in range(4)
    ])
