import json

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.main import create_app
from app.realtime import MemoryBroker


def test_live(client):
    assert client.get("/api/v1/health/live").json() == {"status": "live"}


def test_ready_reports_each_dependency_and_the_migration(client):
    response = client.get("/api/v1/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "migration": "0003", "migration_state": "current", "redis": "ok", "realtime": "ok"}}


def test_not_ready_before_migrations(settings, tmp_path):
    with TestClient(create_app(settings, engine=create_engine(f"sqlite:///{tmp_path}/empty.db"), broker=MemoryBroker())) as client:
        response = client.get("/api/v1/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["migration_state"] == "unknown"


def test_ready_when_a_newer_release_migrated_but_not_when_behind(client, engine):
    from sqlalchemy import text

    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    ahead = client.get("/api/v1/health/ready")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    behind = client.get("/api/v1/health/ready")

    assert (ahead.status_code, ahead.json()["checks"]["migration_state"]) == (200, "ahead")
    assert (behind.status_code, behind.json()["checks"]["migration_state"]) == (503, "behind")


def test_version_and_its_header_on_every_response(client):
    assert client.get("/api/v1/version").json() == {"version": "1.2.3-test", "revision": "abc123"}
    assert client.get("/api/v1/health/live").headers["X-App-Version"] == "1.2.3-test"
    assert client.get("/no-such-page").headers["X-App-Version"] == "1.2.3-test"


def test_request_ids_are_propagated_or_generated(client):
    assert client.get("/api/v1/health/live", headers={"X-Request-ID": "edge-42"}).headers["X-Request-ID"] == "edge-42"
    generated = client.get("/api/v1/health/live", headers={"X-Request-ID": "bad id\n"}).headers["X-Request-ID"]
    assert len(generated) == 32 and generated.isalnum()


def test_the_image_lists_its_migrations_oldest_first_all_expand_only_so_far(capsys):
    from app.__main__ import main

    assert main(["app", "migrations"]) == 0

    listed = json.loads(capsys.readouterr().out)
    assert [m["revision"] for m in listed] == ["0001", "0002", "0003"]
    assert not any(m["contract"] for m in listed)


def test_migrate_and_migrations_do_not_import_the_web_app():
    # They run in one-off containers beside the live colour during a deploy: FastAPI and pydantic are a second of CPU.
    import subprocess
    import sys
    probe = ("import sys, alembic.command, app.config; from app.__main__ import main; main(['app', 'migrations']); "
             "print(sorted(m for m in ('fastapi', 'pydantic', 'uvicorn') if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_a_planned_crash_does_not_keep_a_stopped_process_waiting_for_it():
    # A non-daemon timer kept a gracefully stopped api alive until the crash fired (20 s in the deploy benchmark).
    import threading

    from app.__main__ import _inject_fault
    before = set(threading.enumerate())
    _inject_fault("exit-after:3600")
    timers = [t for t in threading.enumerate() if t not in before]
    try:
        assert [t.daemon for t in timers] == [True]
    finally:
        for timer in timers:
            timer.cancel()


def test_start_up_opens_the_connections_requests_use_and_changes_nothing(settings, engine):
    from sqlalchemy import text

    from app.main import WARM_CONNECTIONS
    with engine.connect() as connection:
        before = connection.execute(text("SELECT count(*) FROM appointments")).scalar()

    # As the app's own engine keeps them: a pool that holds more idle connections than there are workers.
    pooled = create_engine(engine.url, pool_size=10)
    with TestClient(create_app(settings, engine=pooled, broker=MemoryBroker())):
        # Warmed and returned: a switch's first requests find them open.
        assert pooled.pool.checkedin() == WARM_CONNECTIONS

    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM appointments")).scalar() == before


def test_a_database_that_cannot_be_warmed_does_not_stop_the_start(settings, tmp_path, caplog):
    with TestClient(create_app(settings, engine=create_engine(f"sqlite:///{tmp_path}/missing/dir/api.db"), broker=MemoryBroker())) as client:
        assert client.get("/api/v1/health/live").status_code == 200
        assert client.get("/api/v1/health/ready").status_code == 503
    assert "could not warm the database connections" in caplog.text
