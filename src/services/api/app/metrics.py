"""Prometheus metrics: request latency by route and status, requests in flight, and business counters."""
import threading
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

registry = CollectorRegistry()

request_duration = Histogram(
    "http_request_duration_seconds", "HTTP request latency", ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5),
    registry=registry,
)
requests_in_flight = Gauge("http_requests_in_flight", "HTTP requests being served", registry=registry)
appointments_created = Counter("pazpaz_appointments_created_total", "Appointments created", registry=registry)
websocket_connections = Gauge("pazpaz_websocket_connections", "Open WebSocket connections", registry=registry)


class ActiveWorkspaces:
    """Workspaces with a successful request in the last `window` seconds, counted in this process.

    Kept in memory, so a scrape costs no database query. Each colour counts its own traffic; only the live colour
    serves, so dashboards take the max over the api's targets.
    """

    def __init__(self, window: float = 900.0, clock=time.monotonic):
        self._window, self._clock = window, clock
        self._last_seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def seen(self, workspace_id: str) -> None:
        with self._lock:
            self._last_seen[workspace_id] = self._clock()

    def count(self) -> int:
        cutoff = self._clock() - self._window
        with self._lock:
            for stale in [w for w, at in self._last_seen.items() if at < cutoff]:
                del self._last_seen[stale]
            return len(self._last_seen)


active_workspaces = ActiveWorkspaces()
Gauge("pazpaz_active_workspaces", "Workspaces with a successful api request in the last 15 minutes (this process)",
      registry=registry).set_function(active_workspaces.count)
