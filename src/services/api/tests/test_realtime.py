import json

import pytest
from starlette.websockets import WebSocketDisconnect


def receive_event(socket):
    while True:
        message = json.loads(socket.receive_text())
        if message.get("type") != "ping":
            return message


def test_a_message_is_broadcast_back_through_the_broker(client):
    with client.websocket_connect("/ws") as socket:
        socket.send_text(json.dumps({"type": "hello"}))

        assert receive_event(socket) == {"type": "hello"}


def test_a_created_appointment_reaches_connected_clients(client):
    with client.websocket_connect("/ws") as socket:
        client.post("/api/v1/workspaces/3/appointments", json={"client_name": "C", "starts_at": "2026-03-03T09:00:00Z", "duration_minutes": 30})

        event = receive_event(socket)
        assert event["type"] == "appointment.created"
        assert event["workspace_id"] == 3


def test_the_server_pings_idle_clients(client):
    with client.websocket_connect("/ws") as socket:
        assert json.loads(socket.receive_text()) == {"type": "ping"}


def test_draining_closes_sockets_with_service_restart(client):
    with client.websocket_connect("/ws") as socket:
        assert client.post("/internal/drain", params={"batch": 1, "pause_ms": 0}).json() == {"closed": 1}

        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                socket.receive_text()
        assert closed.value.code == 1012


def test_a_spread_drain_answers_at_once_and_closes_only_the_sockets_open_when_asked(client):
    with client.websocket_connect("/ws") as early:
        assert client.post("/internal/drain", params={"spread_ms": 300}).json() == {"closing": 1}
        with client.websocket_connect("/ws") as late:
            with pytest.raises(WebSocketDisconnect) as closed:
                while True:
                    early.receive_text()
            assert closed.value.code == 1012
            # The later socket (a client that reconnected meanwhile) is still served: the server's pings reach it.
            assert json.loads(late.receive_text()) == {"type": "ping"}


def test_a_drain_that_keeps_the_current_edge_workers_closes_only_sockets_relayed_by_old_ones(client):
    with client.websocket_connect("/ws", headers={"X-Edge-Worker": "41"}) as old, client.websocket_connect("/ws", headers={"X-Edge-Worker": "77"}) as current:
        assert client.post("/internal/drain", params={"spread_ms": 0, "keep_edge_workers": "77,78"}).json() == {"closing": 1}
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                old.receive_text()
        assert closed.value.code == 1012
        assert json.loads(current.receive_text()) == {"type": "ping"}
