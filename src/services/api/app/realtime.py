"""Real-time updates: every api instance relays a shared Redis channel to its WebSocket clients."""
import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Protocol

from fastapi import WebSocket

from . import metrics

log = logging.getLogger("pazpaz.realtime")
CHANNEL = "pazpaz:events"
SERVICE_RESTART = 1012


class Broker(Protocol):
    async def publish(self, message: str) -> None: ...
    async def subscribe(self) -> AsyncIterator[str]: ...
    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


class RedisBroker:
    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5)
        # A subscription waits for messages indefinitely: a read timeout would drop it whenever the channel is quiet
        # (and lose what is published while it resubscribes). The health check pings it instead.
        self._subscriber = redis.from_url(url, decode_responses=True, socket_connect_timeout=2, socket_timeout=None,
                                          socket_keepalive=True, health_check_interval=30)

    async def publish(self, message: str) -> None:
        await self._redis.publish(CHANNEL, message)

    async def subscribe(self) -> AsyncIterator[str]:
        """Returns once subscribed, so a message published after this call is never missed."""
        pubsub = self._subscriber.pubsub()
        await pubsub.subscribe(CHANNEL)

        async def listen() -> AsyncIterator[str]:
            try:
                async for item in pubsub.listen():
                    if item.get("type") == "message":
                        yield item["data"]
            finally:
                await pubsub.aclose()

        return listen()

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except Exception:
            return False

    async def close(self) -> None:
        await self._redis.aclose()
        await self._subscriber.aclose()


class MemoryBroker:
    """One process, no Redis: for tests and local runs."""

    def __init__(self) -> None:
        self._subscribers: list[asyncio.Queue[str]] = []

    async def publish(self, message: str) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(message)

    async def subscribe(self) -> AsyncIterator[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._subscribers.append(queue)

        async def listen() -> AsyncIterator[str]:
            try:
                while True:
                    yield await queue.get()
            finally:
                self._subscribers.remove(queue)

        return listen()

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None


class Hub:
    def __init__(self, broker: Broker) -> None:
        self.broker = broker
        self.sockets: set[WebSocket] = set()
        self.subscribed = False
        self._relay: asyncio.Task[None] | None = None
        self._draining: set[asyncio.Task[int]] = set()

    def start(self) -> None:
        self._relay = asyncio.create_task(self._relay_forever())

    async def stop(self) -> None:
        for task in list(self._draining):
            task.cancel()
        await self.drain(batch=len(self.sockets) or 1, pause_seconds=0)
        if self._relay:
            self._relay.cancel()

    async def publish(self, event: dict) -> None:
        await self.broker.publish(json.dumps(event, separators=(",", ":")))

    async def drain(self, batch: int, pause_seconds: float) -> int:
        """Closes every socket open now with 1012, in batches, so clients reconnect elsewhere without a stampede."""
        return await self._close(list(self.sockets), batch, pause_seconds)

    def drain_in_background(self, spread_seconds: float, keep_edge_workers: set[str] | None = None) -> int:
        """Starts closing the sockets open now with 1012, spread evenly over `spread_seconds` (at most ten batches a
        second), and returns how many. With `keep_edge_workers`, only sockets relayed by other nginx workers (the
        X-Edge-Worker pid the edge adds; old workers after a reload) close; those that already reconnected stay."""
        sockets = [s for s in self.sockets if keep_edge_workers is None or s.headers.get("x-edge-worker") not in keep_edge_workers]
        steps = max(1, min(len(sockets), int(spread_seconds * 10)))
        task = asyncio.create_task(self._close(sockets, batch=-(-len(sockets) // steps) or 1, pause_seconds=spread_seconds / steps))
        self._draining.add(task)
        task.add_done_callback(self._draining.discard)
        return len(sockets)

    async def _close(self, sockets: list[WebSocket], batch: int, pause_seconds: float) -> int:
        closed = 0
        for start in range(0, len(sockets), batch):
            for socket in sockets[start:start + batch]:
                if socket not in self.sockets:
                    continue
                self.sockets.discard(socket)
                try:
                    await socket.close(code=SERVICE_RESTART, reason="draining")
                except RuntimeError:
                    pass
                closed += 1
            metrics.websocket_connections.set(len(self.sockets))
            if start + batch < len(sockets):
                await asyncio.sleep(pause_seconds)
        return closed

    async def _relay_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                messages = await self.broker.subscribe()
                self.subscribed = True
                async for message in messages:
                    delay = 0.5
                    for socket in list(self.sockets):
                        try:
                            await socket.send_text(message)
                        except Exception:
                            self.sockets.discard(socket)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.subscribed = False
                log.warning("event relay interrupted, retrying", extra={"fields": {"error": str(error), "retry_in_seconds": delay}})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)
