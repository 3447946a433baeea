"""JSON logs: one object a line, with the request id of the request being served."""
import io
import json
import logging

import pytest

from app import logs


@pytest.fixture
def captured():
    """The api logger's records, formatted as in production, into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("pazpaz.api")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield buffer
    logger.removeHandler(handler)
    logger.setLevel(previous)


def lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_each_request_logs_one_json_line_with_the_request_id_it_answered_with(client, captured):
    response = client.get("/api/v1/health/live", headers={"X-Request-ID": "edge-42"})
    generated = client.get("/no-such-page").headers["X-Request-ID"]

    records = [r for r in lines(captured) if r["message"] == "request"]
    assert [(r["request_id"], r["route"], r["status"]) for r in records] == [
        ("edge-42", "/api/v1/health/live", 200),
        (generated, "unmatched", 404),
    ]
    assert response.headers["X-Request-ID"] == "edge-42"
    first = records[0]
    assert (first["level"], first["logger"], first["method"]) == ("info", "pazpaz.api", "GET")
    assert first["time"].endswith("Z") and len(first["time"]) == len("2026-01-01T00:00:00.000Z")
    assert isinstance(first["duration_ms"], float)


def test_outside_a_request_the_request_id_is_null_and_a_multi_line_message_stays_one_line(captured):
    logging.getLogger("pazpaz.api").warning("first\nsecond \"quoted\"")

    assert captured.getvalue().count("\n") == 1
    (record,) = lines(captured)
    assert (record["message"], record["request_id"], record["level"]) == ("first\nsecond \"quoted\"", None, "warning")


def test_extra_fields_cannot_replace_the_core_fields_and_exceptions_are_kept(captured):
    token = logs.request_id.set("req-7")
    try:
        try:
            raise ValueError("broken")
        except ValueError:
            logging.getLogger("pazpaz.api").exception("failed", extra={"fields": {"message": "forged", "request_id": "x", "route": "/r"}})
    finally:
        logs.request_id.reset(token)

    (record,) = lines(captured)
    assert (record["message"], record["request_id"], record["route"]) == ("failed", "req-7", "/r")
    assert "ValueError: broken" in record["exception"]


def test_configure_sends_every_logger_to_stdout_as_json_and_silences_uvicorns_access_log(capsys):
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("uvicorn.access").disabled)
    try:
        logs.configure()
        logging.getLogger("uvicorn.error").info("started")
        logging.getLogger("uvicorn.access").info("GET / 200")
        out = capsys.readouterr().out
    finally:
        root.handlers[:], root.level, logging.getLogger("uvicorn.access").disabled = saved

    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (record["logger"], record["message"]) == ("uvicorn.error", "started")
