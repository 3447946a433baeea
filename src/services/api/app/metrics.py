"""Prometheus metrics: request latency by route and status, requests in flight, and business counters."""
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
