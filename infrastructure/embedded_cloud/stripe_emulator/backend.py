"""The emulator's state and its operations, shared by the API and the hosted page. Everything runs under
one lock: handlers do all their work between two awaits, and snapshots may come from other threads."""

from __future__ import annotations

import threading
from collections.abc import Callable

from .checkout_sessions import CheckoutSessions
from .events import EventLog
from .expand import Expander
from .faults import Faults
from .idempotency import IdempotencyKeys
from .payments import Payments
from .refunds import Refunds
from .store import Store
from .webhook_endpoints import Destination, WebhookEndpoints

SNAPSHOT_FORMAT = 1


class Backend:
    def __init__(
        self,
        *,
        clock: Callable[[], float],
        deliver: Callable[[dict, list[Destination]], None],
        public_url: str | None,
    ) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.public_url = public_url
        self.store = Store()
        self.webhook_endpoints = WebhookEndpoints(self.store, clock)
        self.events = EventLog(self.store, clock, self.webhook_endpoints.destinations_for, deliver)
        self.payments = Payments(self.store, self.events, clock)
        self.checkout_sessions = CheckoutSessions(self.store, self.events, self.payments, clock)
        self.refunds = Refunds(self.store, self.events, self.payments, clock)
        self.idempotency = IdempotencyKeys(clock)
        self.expander = Expander(self.store, self.checkout_sessions.line_items)
        self.faults = Faults()  # test helpers' outages: not state, not in snapshots

    def snapshot(self) -> dict:
        with self.lock:
            return {
                "format": SNAPSHOT_FORMAT,
                "objects": self.store.snapshot(),
                "idempotency_keys": self.idempotency.snapshot(),
            }

    def revision(self) -> tuple[int, int]:
        """Moves with every write (a snapshot taken at the same revision would be the same)."""
        with self.lock:
            return self.store.revision, len(self.idempotency)

    def restore(self, data: dict) -> None:
        if data.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"unknown Stripe emulator snapshot format: {data.get('format')!r}")
        with self.lock:
            self.store.restore(data["objects"])
            self.idempotency.restore(data["idempotency_keys"])
            self.checkout_sessions.rebuild_expiry_queue()
