"""Writes may carry an Idempotency-Key: a repeat of the same key in a workspace returns the first result (expand-only)."""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    # Nullable, so older releases (which never set it) keep inserting; a unique index ignores NULLs.
    op.add_column("appointments", sa.Column("idempotency_key", sa.String(64), nullable=True))
    op.create_index("ux_appointments_workspace_idempotency_key", "appointments", ["workspace_id", "idempotency_key"], unique=True)
