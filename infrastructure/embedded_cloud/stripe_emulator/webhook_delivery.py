"""Deliver events to webhook endpoints as Stripe does: a JSON POST signed with
`Stripe-Signature: t=<ts>,v1=<HMAC-SHA256(secret, "<ts>.<payload>")>`, retried with exponential backoff
after a non-2xx answer (redirects included) or a connection error. Delivery runs in its own tasks, never
inside the API request that caused the event."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable

import aiohttp

from .webhook_endpoints import Destination

logger = logging.getLogger(__name__)


def signature_header(payload: str, secret: str, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class WebhookDelivery:
    def __init__(
        self,
        *,
        retry_base_delay: float,
        max_attempts: int,
        attempt_timeout: float,
        on_delivered: Callable[[str], None],
    ) -> None:
        self._retry_base_delay = retry_base_delay
        self._max_attempts = max_attempts
        self._attempt_timeout = attempt_timeout
        self._on_delivered = on_delivered
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._attempt_timeout))

    async def stop(self) -> None:
        self._loop = None
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def send(self, event: dict, destinations: list[Destination]) -> None:
        """Schedule delivery and return at once; callable from any thread."""
        if self._loop is None:
            if destinations:
                logger.warning("Stripe emulator not running: event %s is not delivered", event["id"])
            return
        payload = json.dumps(event, indent=2)
        for destination in destinations:
            self._loop.call_soon_threadsafe(self._spawn, event["id"], payload, destination)

    def _spawn(self, event_id: str, payload: str, destination: Destination) -> None:
        if self._loop is None:
            return
        task = self._loop.create_task(self._deliver(event_id, payload, destination))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, event_id: str, payload: str, destination: Destination) -> None:
        for attempt in range(1, self._max_attempts + 1):
            if await self._attempt(payload, destination):
                self._on_delivered(event_id)
                return
            if attempt < self._max_attempts:
                await asyncio.sleep(self._retry_base_delay * 2 ** (attempt - 1))
        logger.warning("gave up delivering %s to %s after %d attempts", event_id, destination.url, attempt)

    async def _attempt(self, payload: str, destination: Destination) -> bool:
        assert self._session is not None
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            # Real time, not the emulator's clock: receivers check the timestamp against their own clock.
            "Stripe-Signature": signature_header(payload, destination.secret, int(time.time())),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Cache-Control": "no-cache",
        }
        try:
            async with self._session.post(
                destination.url, data=payload.encode(), headers=headers, allow_redirects=False
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return True
                logger.info("webhook %s answered %d", destination.url, response.status)
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            logger.info("webhook %s failed: %r", destination.url, error)
        return False
