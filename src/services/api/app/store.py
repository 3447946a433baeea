"""The appointments' SQL as SQLAlchemy Core statements built once at import, each run as a single statement outside a
transaction. Through the ORM a schedule read cost 2.9 ms of CPU in the api and a write about the same: building the
query, the unit of work and the objects cost more than the database did (measured per request in the container's
cgroup, docs/images.md)."""
from datetime import datetime

from sqlalchemy import Connection, RowMapping, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError

from .models import Appointment

_table = Appointment.__table__
_columns = (_table.c.id, _table.c.workspace_id, _table.c.client_name, _table.c.starts_at, _table.c.duration_minutes)


def _schedule_statement(has_from: bool, has_to: bool):
    query = select(*_columns).where(_table.c.workspace_id == bindparam("workspace_id"))
    if has_from:
        query = query.where(_table.c.starts_at >= bindparam("starts_from"))
    if has_to:
        query = query.where(_table.c.starts_at < bindparam("until"))
    return query.order_by(_table.c.starts_at).limit(500)


# One statement per shape of window: SQLAlchemy caches the compiled form, and reusing the statement also saves building it.
_schedules = {(has_from, has_to): _schedule_statement(has_from, has_to) for has_from in (False, True) for has_to in (False, True)}
_insert = insert(_table).returning(*_columns)
_by_idempotency_key = select(*_columns).where(_table.c.workspace_id == bindparam("workspace_id"),
                                              _table.c.idempotency_key == bindparam("idempotency_key"))
_delete = delete(_table).where(_table.c.id == bindparam("appointment_id"), _table.c.workspace_id == bindparam("workspace_id"))


def schedule(connection: Connection, workspace_id: int, starts_from: datetime | None, until: datetime | None) -> list[RowMapping]:
    parameters: dict[str, object] = {"workspace_id": workspace_id}
    if starts_from is not None:
        parameters["starts_from"] = starts_from
    if until is not None:
        parameters["until"] = until
    return list(connection.execute(_schedules[starts_from is not None, until is not None], parameters).mappings())


def save(connection: Connection, appointment: dict[str, object]) -> tuple[RowMapping, bool]:
    """Inserts; when the workspace already has the appointment's idempotency key, returns that one instead (False).
    One INSERT outside a transaction is atomic by itself, and its row is committed before this returns."""
    try:
        return connection.execute(_insert, appointment).mappings().one(), True
    except IntegrityError:
        if appointment.get("idempotency_key") is None:
            raise
        first = connection.execute(_by_idempotency_key, {"workspace_id": appointment["workspace_id"],
                                                         "idempotency_key": appointment["idempotency_key"]}).mappings().one()
        return first, False


def warm_up(connection: Connection) -> None:
    """Runs every read shape once, for a workspace that cannot exist, and a delete that matches nothing: SQLAlchemy
    compiles and caches each statement and the driver sets up its types before live requests need them. The insert is
    left out: a write that must not happen cannot be warmed."""
    for has_from, has_to in _schedules:
        schedule(connection, 0, datetime(2000, 1, 1) if has_from else None, datetime(2000, 1, 2) if has_to else None)
    connection.execute(_by_idempotency_key, {"workspace_id": 0, "idempotency_key": ""}).all()
    delete_appointment(connection, 0, 0)


def delete_appointment(connection: Connection, workspace_id: int, appointment_id: int) -> bool:
    """Another workspace's appointment is left alone and reported as absent."""
    return connection.execute(_delete, {"workspace_id": workspace_id, "appointment_id": appointment_id}).rowcount == 1
