def test_the_demo_workspace_is_seeded_in_order(client):
    appointments = client.get("/api/v1/workspaces/1/appointments").json()

    assert len(appointments) == 20
    assert [a["starts_at"] for a in appointments] == sorted(a["starts_at"] for a in appointments)


def test_created_appointments_stay_in_their_workspace(client):
    created = client.post("/api/v1/workspaces/7/appointments",
                          json={"client_name": "Client A", "starts_at": "2026-02-02T10:00:00Z", "duration_minutes": 50})

    assert created.status_code == 201
    assert created.json()["workspace_id"] == 7
    assert [a["client_name"] for a in client.get("/api/v1/workspaces/7/appointments").json()] == ["Client A"]
    assert all(a["workspace_id"] == 1 for a in client.get("/api/v1/workspaces/1/appointments").json())


def test_the_schedule_can_be_read_for_a_window(client):
    window = client.get("/api/v1/workspaces/1/appointments", params={"from": "2026-01-06T00:00:00Z", "to": "2026-01-07T00:00:00Z"}).json()

    assert len(window) == 4


def test_invalid_appointments_are_refused(client):
    too_short = client.post("/api/v1/workspaces/7/appointments", json={"client_name": "B", "starts_at": "2026-02-02T10:00:00Z", "duration_minutes": 3})
    no_name = client.post("/api/v1/workspaces/7/appointments", json={"client_name": "", "starts_at": "2026-02-02T10:00:00Z", "duration_minutes": 50})

    assert (too_short.status_code, no_name.status_code) == (422, 422)


def test_an_appointment_is_deleted_only_within_its_own_workspace(client):
    created = client.post("/api/v1/workspaces/8/appointments",
                          json={"client_name": "Smoke", "starts_at": "2026-02-03T10:00:00Z", "duration_minutes": 30}).json()

    elsewhere = client.delete(f"/api/v1/workspaces/9/appointments/{created['id']}")
    deleted = client.delete(f"/api/v1/workspaces/8/appointments/{created['id']}")
    again = client.delete(f"/api/v1/workspaces/8/appointments/{created['id']}")

    assert (elsewhere.status_code, deleted.status_code, again.status_code) == (404, 204, 404)
    assert client.get("/api/v1/workspaces/8/appointments").json() == []


def test_a_write_resent_with_its_idempotency_key_returns_the_first_result_and_creates_nothing(client):
    body = {"client_name": "Client K", "starts_at": "2026-02-04T10:00:00Z", "duration_minutes": 50}

    first = client.post("/api/v1/workspaces/11/appointments", json=body, headers={"Idempotency-Key": "k-1"})
    again = client.post("/api/v1/workspaces/11/appointments", json=body, headers={"Idempotency-Key": "k-1"})
    other_workspace = client.post("/api/v1/workspaces/12/appointments", json=body, headers={"Idempotency-Key": "k-1"})

    assert (first.status_code, again.status_code, other_workspace.status_code) == (201, 201, 201)
    # The same appointment (SQLite hands its time back without a zone, so compare the rest).
    assert {k: v for k, v in again.json().items() if k != "starts_at"} == {k: v for k, v in first.json().items() if k != "starts_at"}
    assert other_workspace.json()["id"] != first.json()["id"]
    assert len(client.get("/api/v1/workspaces/11/appointments").json()) == 1


def test_an_idempotency_key_reused_for_another_appointment_or_malformed_is_refused(client):
    body = {"client_name": "Client L", "starts_at": "2026-02-04T10:00:00Z", "duration_minutes": 50}
    client.post("/api/v1/workspaces/13/appointments", json=body, headers={"Idempotency-Key": "k-2"})

    reused = client.post("/api/v1/workspaces/13/appointments", json={**body, "duration_minutes": 30}, headers={"Idempotency-Key": "k-2"})
    malformed = client.post("/api/v1/workspaces/13/appointments", json=body, headers={"Idempotency-Key": "has space"})

    assert (reused.status_code, malformed.status_code) == (409, 422)
    assert len(client.get("/api/v1/workspaces/13/appointments").json()) == 1
