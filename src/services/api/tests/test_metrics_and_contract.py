import json
from pathlib import Path

from app.main import openapi_contract
from app.metrics import ActiveWorkspaces


def test_latency_is_recorded_by_route_template_and_status(client):
    client.get("/api/v1/workspaces/1/appointments")
    client.post("/api/v1/workspaces/9/appointments", json={"client_name": "D", "starts_at": "2026-03-03T09:00:00Z", "duration_minutes": 30})

    text = client.get("/metrics").text

    assert 'http_request_duration_seconds_bucket{le="0.15",method="GET",route="/api/v1/workspaces/{workspace_id}/appointments",status="200"}' in text
    assert "pazpaz_appointments_created_total" in text
    assert "http_requests_in_flight" in text


def test_active_workspaces_counts_workspaces_with_a_successful_request(client):
    client.get("/api/v1/workspaces/41/appointments")
    client.get("/api/v1/workspaces/42/appointments")
    client.delete("/api/v1/workspaces/43/appointments/999999")  # 404: not a use of workspace 43

    text = client.get("/metrics").text

    value = next(float(line.split()[1]) for line in text.splitlines() if line.startswith("pazpaz_active_workspaces "))
    assert value >= 2


def test_active_workspaces_forgets_a_workspace_after_the_window():
    now = [1000.0]
    active = ActiveWorkspaces(window=900.0, clock=lambda: now[0])
    active.seen("1")
    active.seen("2")
    now[0] += 600
    active.seen("2")
    assert active.count() == 2
    now[0] += 301
    assert active.count() == 1
    now[0] += 900
    assert active.count() == 0


def test_the_committed_openapi_document_matches_the_app(client):
    committed = json.loads((Path(__file__).resolve().parent.parent / "openapi.json").read_text())

    assert openapi_contract(client.app) == committed, (
        "src/services/api/openapi.json is out of date: regenerate it with "
        "'docker run --rm pazpaz/api:<tag> openapi > src/services/api/openapi.json' and commit it")
