"""The PazPaz reference api: health, version, workspace appointments, real-time updates and metrics."""
import asyncio
import copy
import logging
import os
import re
import time
import uuid
from contextlib import ExitStack, asynccontextmanager
from datetime import datetime, timezone

from fastapi import FastAPI, Header, HTTPException, Query, Response, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy import Engine, RowMapping, create_engine, text

from . import logs, metrics, store
from .config import Settings
from .realtime import Broker, Hub, RedisBroker
from .schema import known_revisions, migration_state

log = logging.getLogger("pazpaz.api")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class AppointmentIn(BaseModel):
    client_name: str = Field(min_length=1, max_length=200)
    starts_at: datetime
    duration_minutes: int = Field(ge=5, le=480)


class AppointmentOut(AppointmentIn):
    id: int
    workspace_id: int


# asyncio.to_thread's default executor has min(32, cores + 4) workers, and each holds at most one connection.
WARM_CONNECTIONS = min(32, (os.cpu_count() or 1) + 4)

# The schedule is serialised to JSON bytes in one call (pydantic's core); through FastAPI's response_model the same list
# is validated, turned into Python objects and dumped again by the json module.
_schedule_json = TypeAdapter(list[AppointmentOut])


def create_app(settings: Settings | None = None, engine: Engine | None = None, broker: Broker | None = None) -> FastAPI:
    settings = settings or Settings.from_environment()
    # Database work runs in asyncio's worker threads (min(32, cores + 4)), each taking and returning one connection in
    # the same thread, so the pool only needs that many. Waiting is bounded (5 s) so an overload fails fast.
    engine = engine or create_engine(settings.database_url, pool_pre_ping=True, pool_size=10, max_overflow=30, pool_timeout=5)
    hub = Hub(broker or RedisBroker(settings.redis_url))
    revisions = known_revisions()

    def warm_up() -> None:
        """Opens the connections a loaded instance uses and runs the reads once (store.warm_up). Right after a switch every
        request arrives at once: without this, the first ones pay for opening connections (a backend, its
        authentication) and compiling statements, all on the one core the process has. Uvicorn takes no request before
        this ends (115 ms against PostgreSQL in the benchmark)."""
        with ExitStack() as connections:
            first, *others = [connections.enter_context(single_statements.connect()) for _ in range(WARM_CONNECTIONS)]
            store.warm_up(first)
            for connection in others:
                connection.execute(text("SELECT 1"))

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        hub.start()
        try:
            await asyncio.wait_for(asyncio.to_thread(warm_up), timeout=5)
        except Exception as error:
            # Not fatal: readiness reports the database, and requests open connections as they need them.
            log.warning("could not warm the database connections", extra={"fields": {"error": f"{type(error).__name__}: {error}"}})
        yield
        # SIGTERM: close sockets with 1012 so clients reconnect to the other colour, then stop.
        await hub.stop()
        await hub.broker.close()
        engine.dispose()

    app = FastAPI(title="PazPaz API", version=settings.version, lifespan=lifespan)
    app.state.hub = hub

    # Every request's database work is one statement: outside a transaction it costs two round trips (the pool's ping
    # and the statement) instead of four (BEGIN, and the COMMIT or the pool's ROLLBACK as well).
    single_statements = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def on_database(work, *args):
        """Runs one request's database work, connection and all, in a single worker thread: a connection taken in one
        thread and returned in another costs two more thread hops, and the event loop never waits on the database."""
        def run():
            with single_statements.connect() as connection:
                return work(connection, *args)
        return await asyncio.to_thread(run)

    app.add_middleware(Observe, version=settings.version)

    # Endpoints without I/O are async: a plain def would cost a worker-thread hop per request.
    @app.get("/api/v1/health/live")
    async def live():
        return {"status": "live"}

    @app.get("/api/v1/health/ready")
    async def ready():
        checks: dict[str, object] = {}
        def database_revision() -> str | None:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

        try:
            # In a thread: waiting for a pooled connection must not stall the event loop (WebSockets, other requests).
            revision = await asyncio.to_thread(database_revision)
            checks["database"] = "ok"
            checks["migration"] = revision
            checks["migration_state"] = migration_state(revision, revisions)
        except Exception as error:
            checks["database"] = f"error: {type(error).__name__}"
            checks["migration_state"] = "unknown"
        checks["redis"] = "ok" if await hub.broker.ping() else "error"
        checks["realtime"] = "ok" if hub.subscribed else "connecting"
        # Ahead is ready: the old colour keeps serving after the new one migrated, and a rollback can start on it.
        is_ready = all(checks[name] == "ok" for name in ("database", "redis", "realtime")) and checks["migration_state"] in ("current", "ahead")
        return JSONResponse({"status": "ready" if is_ready else "not ready", "checks": checks}, status_code=200 if is_ready else 503)

    @app.get("/api/v1/version")
    async def version():
        return {"version": settings.version, "revision": settings.revision}

    @app.get("/api/v1/workspaces/{workspace_id}/appointments", response_model=list[AppointmentOut])
    async def list_appointments(workspace_id: int, starts_from: datetime | None = Query(default=None, alias="from"),
                                until: datetime | None = Query(default=None, alias="to")):
        rows = await on_database(store.schedule, workspace_id, starts_from, until)
        return Response(_schedule_json.dump_json(_schedule_json.validate_python(rows)), media_type="application/json")

    @app.post("/api/v1/workspaces/{workspace_id}/appointments", response_model=AppointmentOut, status_code=201)
    async def create_appointment(workspace_id: int, body: AppointmentIn,
                                 idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", description=(
                                     "1-64 letters, digits or . _ : - that make a resend safe: a repeat in the workspace returns the first result"))):
        # With a key, a resent write (the edge retries one whose colour died mid-request) gets the first result.
        if idempotency_key is not None and not IDEMPOTENCY_KEY.match(idempotency_key):
            raise HTTPException(status_code=422, detail="Idempotency-Key must be 1-64 letters, digits or . _ : -")
        stored, created = await on_database(store.save, {"workspace_id": workspace_id, "idempotency_key": idempotency_key, **body.model_dump()})
        result = AppointmentOut.model_validate(stored)
        if not created:
            if not _same(stored, body):
                raise HTTPException(status_code=409, detail="this Idempotency-Key was used for a different appointment")
            return result
        metrics.appointments_created.inc()
        await hub.publish({"type": "appointment.created", "workspace_id": workspace_id, "appointment": result.model_dump(mode="json")})
        return result

    @app.delete("/api/v1/workspaces/{workspace_id}/appointments/{appointment_id}", status_code=204)
    async def delete_appointment(workspace_id: int, appointment_id: int):
        # Another workspace's appointment is "not found" here: ids must not reveal what exists elsewhere.
        if not await on_database(store.delete_appointment, workspace_id, appointment_id):
            raise HTTPException(status_code=404, detail="appointment not found")
        return Response(status_code=204)

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics():
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.post("/internal/drain", include_in_schema=False)
    async def drain(batch: int = Query(default=100, ge=1, le=10000), pause_ms: int = Query(default=200, ge=0, le=10000),
                    spread_ms: int | None = Query(default=None, ge=0, le=600_000),
                    keep_edge_workers: str | None = Query(default=None, pattern=r"^[0-9]+(,[0-9]+)*$")):
        # spread_ms answers at once and closes in the background: the deploy engine waits out the spread itself.
        if spread_ms is not None:
            keep = set(keep_edge_workers.split(",")) if keep_edge_workers else None
            return {"closing": hub.drain_in_background(spread_ms / 1000, keep)}
        return {"closed": await hub.drain(batch, pause_ms / 1000)}

    @app.websocket("/ws")
    async def websocket(socket: WebSocket):
        await socket.accept()
        hub.sockets.add(socket)
        metrics.websocket_connections.set(len(hub.sockets))

        async def keepalive():
            while True:
                await asyncio.sleep(settings.websocket_ping_seconds)
                await socket.send_text('{"type":"ping"}')

        pinger = asyncio.create_task(keepalive())
        try:
            while True:
                message = await socket.receive_text()
                try:
                    await hub.broker.publish(message)
                except Exception as error:
                    # The socket stays open: the client learns updates are paused, and the relay reconnects by itself.
                    log.warning("could not publish a client message", extra={"fields": {"error": str(error)}})
                    await socket.send_text('{"type":"error","reason":"realtime updates are unavailable"}')
        except WebSocketDisconnect:
            pass
        finally:
            pinger.cancel()
            hub.sockets.discard(socket)
            metrics.websocket_connections.set(len(hub.sockets))

    return app


def openapi_contract(app: FastAPI) -> dict:
    """The OpenAPI document without the release version: the contract changes only when the API does."""
    document = copy.deepcopy(app.openapi())
    document["info"].pop("version", None)
    return document


def _same(stored: RowMapping, body: AppointmentIn) -> bool:
    # SQLite hands timestamps back without a zone; PostgreSQL in UTC.
    starts_at = stored["starts_at"] if stored["starts_at"].tzinfo else stored["starts_at"].replace(tzinfo=timezone.utc)
    return (stored["client_name"], starts_at, stored["duration_minutes"]) == (body.client_name, body.starts_at, body.duration_minutes)


class Observe:
    """Request id, version header, latency metrics and one log line per HTTP request, as plain ASGI middleware
    (Starlette's BaseHTTPMiddleware runs every request through an extra task and memory stream)."""

    def __init__(self, app, version: str) -> None:
        self.app = app
        self.version = version.encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"x-request-id"), "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = logs.request_id.set(request_id)
        metrics.requests_in_flight.inc()
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode()), (b"x-app-version", self.version)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            # The router writes the matched route into this same scope; templates keep the label set small.
            route = getattr(scope.get("route"), "path", "unmatched")
            metrics.request_duration.labels(scope["method"], route, str(status)).observe(elapsed)
            if status < 400 and (workspace := scope.get("path_params", {}).get("workspace_id")) is not None:
                metrics.active_workspaces.seen(str(workspace))
            metrics.requests_in_flight.dec()
            log.info("request", extra={"fields": {"method": scope["method"], "route": route, "status": status, "duration_ms": round(elapsed * 1000, 2)}})
            logs.request_id.reset(token)
