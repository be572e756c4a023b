"""`StripeEmulator`: the API, the hosted checkout page, webhook delivery and the expiry timer on aiohttp."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiohttp import web

from .api import api_routes, stripe_api_middleware
from .backend import Backend
from .hosted_checkout import checkout_page_routes
from .webhook_delivery import WebhookDelivery

IDEMPOTENCY_KEY = "idempotency_key"  # a write of `record_writes` that is an Idempotency-Key's stored answer


class StripeEmulator:
    """Speaks Stripe's wire format so the official SDK works against it unchanged.

    `clock` (seconds since the epoch) is injectable so tests can make `expires_at` pass without waiting;
    the expiry timer checks it every `expiry_check_interval` seconds.
    """

    def __init__(
        self,
        *,
        webhook_endpoints: Iterable[tuple[str, str]] = (),
        retry_base_delay: float = 1.0,
        max_delivery_attempts: int = 8,
        public_url: str | None = None,
        clock: Callable[[], float] = time.time,
        expiry_check_interval: float = 1.0,
        delivery_timeout: float = 10.0,
        durable: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._backend = Backend(clock=clock, deliver=self._deliver, public_url=public_url)
        self._delivery = WebhookDelivery(
            retry_base_delay=retry_base_delay,
            max_attempts=max_delivery_attempts,
            attempt_timeout=delivery_timeout,
            on_delivered=self._delivered,
        )
        self._expiry_check_interval = expiry_check_interval
        self._expiry_task: asyncio.Task | None = None
        self._runner: web.AppRunner | None = None
        self._durable = durable  # awaited before a response leaves: its writes are on disk (the cloud's journal)
        self._on_write: Callable[[list], None] | None = None
        self.url: str | None = None
        for url, secret in webhook_endpoints:
            self.add_webhook_endpoint(url, secret)

    def app(self) -> web.Application:
        middlewares = [stripe_api_middleware]
        if self._durable is not None:
            middlewares.insert(0, self._written_before_answering)
        app = web.Application(middlewares=middlewares)
        app.add_routes(api_routes(self._backend))
        app.add_routes(checkout_page_routes(self._backend))
        app.on_startup.append(self._on_startup)
        app.on_cleanup.append(self._on_cleanup)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._runner = web.AppRunner(self.app())
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, port).start()
        except BaseException:
            await self.stop()
            raise
        bound_host, bound_port = self._runner.addresses[0][:2]  # the real port when port=0
        self.url = f"http://{f'[{bound_host}]' if ':' in bound_host else bound_host}:{bound_port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self.url = None

    def add_webhook_endpoint(self, url: str, secret: str) -> None:
        with self._backend.lock:
            self._backend.webhook_endpoints.configure(url, secret)

    def snapshot(self) -> dict:
        """All state as a JSON-serialisable dict (configured endpoints are configuration, not state)."""
        return self._backend.snapshot()

    def revision(self) -> tuple[int, int]:
        return self._backend.revision()

    def restore(self, data: dict) -> None:
        self._backend.restore(data)

    def record_writes(self, on_write: Callable[[list], None] | None) -> None:
        """From now on, hand `on_write` the [kind, id, object or None] of the objects each request, each expiry
        round and each delivery touched (the cloud journals them)."""
        with self._backend.lock:
            self._on_write = on_write
            self._backend.store.track_touched = on_write is not None
            self._backend.idempotency.on_remember = (
                (lambda scope, record: on_write([[IDEMPOTENCY_KEY, scope, record]])) if on_write else None)

    def _record_touched(self) -> None:
        with self._backend.lock:
            if self._on_write is not None and (touched := self._backend.store.touched_objects()):
                self._on_write([list(write) for write in touched])

    def apply_write(self, kind: str, object_id: str, obj: dict | None) -> None:
        """Put back one journalled write (before `record_writes`, so it is not journalled again)."""
        with self._backend.lock:
            if kind == IDEMPOTENCY_KEY:
                self._backend.idempotency.put_back(object_id, obj)
                return
            collection = self._backend.store[kind]
            collection.put(object_id, obj) if obj is not None else collection.delete(object_id)

    def writes_restored(self) -> None:
        with self._backend.lock:
            self._backend.checkout_sessions.rebuild_expiry_queue()

    def redeliver_pending(self) -> int:
        with self._backend.lock:
            return self._backend.events.redeliver_pending()

    @web.middleware
    async def _written_before_answering(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            return await handler(request)
        finally:
            self._record_touched()
            assert self._durable is not None
            await self._durable()

    def _deliver(self, event: dict, destinations: list) -> None:
        self._delivery.send(event, destinations)

    def _delivered(self, event_id: str) -> None:
        with self._backend.lock:
            self._backend.events.delivered(event_id)
        self._record_touched()

    async def _on_startup(self, _app: web.Application) -> None:
        await self._delivery.start()
        self._expiry_task = asyncio.get_running_loop().create_task(self._expire_sessions_periodically())

    async def _on_cleanup(self, _app: web.Application) -> None:
        if self._expiry_task is not None:
            self._expiry_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._expiry_task
            self._expiry_task = None
        await self._delivery.stop()

    async def _expire_sessions_periodically(self) -> None:
        while True:
            await asyncio.sleep(self._expiry_check_interval)
            with self._backend.lock:
                self._backend.checkout_sessions.expire_due()
            self._record_touched()
