import json
from pathlib import Path

from app.main import openapi_contract


def test_latency_is_recorded_by_route_template_and_status(client):
    client.get("/api/v1/workspaces/1/appointments")
    client.post("/api/v1/workspaces/9/appointments", json={"client_name": "D", "starts_at": "2026-03-03T09:00:00Z", "duration_minutes": 30})

    text = client.get("/metrics").text

    assert 'http_request_duration_seconds_bucket{le="0.15",method="GET",route="/api/v1/workspaces/{workspace_id}/appointments",status="200"}' in text
    assert "pazpaz_appointments_created_total" in text
    assert "http_requests_in_flight" in text


def test_the_committed_openapi_document_matches_the_app(client):
    committed = json.loads((Path(__file__).resolve().parent.parent / "openapi.json").read_text())

    assert openapi_contract(client.app) == committed, (
        "src/services/api/openapi.json is out of date: regenerate it with "
        "'docker run --rm pazpaz/api:<tag> openapi > src/services/api/openapi.json' and commit it")
