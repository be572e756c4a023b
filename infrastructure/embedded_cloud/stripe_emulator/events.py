"""Events: each state change is recorded as a Stripe event object and handed to webhook delivery."""

from __future__ import annotations

import copy
import fnmatch
from collections.abc import Callable
from contextvars import ContextVar

from .errors import invalid_request, no_such
from .ids import new_id
from .listing import LIST_PARAMS, paginate
from .params import ANY, Params, reject_unknown
from .store import Store

# The version of the pinned `stripe` SDK (stripe._api_version); events carry it as Stripe does.
API_VERSION = "2026-10-28.endive"

# The API request that caused the change, for the event's `request` field (unset: the hosted page, timers).
current_request: ContextVar[dict | None] = ContextVar("current_request", default=None)

_LIST_SCHEMA = {name: ANY for name in (*LIST_PARAMS, "type", "types", "delivery_success")}


class EventLog:
    def __init__(
        self,
        store: Store,
        clock: Callable[[], float],
        destinations_for: Callable[[str], list],
        deliver: Callable[[dict, list], None],
    ) -> None:
        self._store = store
        self._clock = clock
        self._destinations_for = destinations_for
        self._deliver = deliver

    def emit(self, event_type: str, obj: dict, previous_attributes: dict | None = None) -> dict:
        destinations = self._destinations_for(event_type)
        data: dict = {"object": copy.deepcopy(obj)}
        if previous_attributes is not None:
            data["previous_attributes"] = previous_attributes
        event: dict = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(self._clock()),
            "data": data,
            "livemode": False,
            "pending_webhooks": len(destinations),
            "request": current_request.get() or {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        self._store["event"].put(event["id"], event)
        self._deliver(event, destinations)
        return event

    def delivered(self, event_id: str) -> None:
        event = self._store["event"].get(event_id)
        if event is not None and event["pending_webhooks"] > 0:
            event["pending_webhooks"] -= 1
            self._store["event"].put(event_id, event)  # a write: what is journalled is what a restart redelivers

    def resend(self, event_id: str) -> dict:
        """Deliver an event again to the endpoints of its type (the Dashboard's "Resend", `stripe events
        resend`): receivers see the same event id twice, as they do when a delivery is retried."""
        event = self.retrieve(event_id)
        destinations = self._destinations_for(event["type"])
        event["pending_webhooks"] += len(destinations)
        self._store["event"].put(event_id, event)
        self._deliver(event, destinations)
        return event

    def redeliver_pending(self) -> int:
        """After a restart: deliver again every event whose delivery had not succeeded (receivers are idempotent,
        as they must be for Stripe's own retries); how many there were."""
        pending = [event for event in self._store["event"].oldest_first() if event["pending_webhooks"] > 0]
        for event in pending:
            destinations = self._destinations_for(event["type"])
            event["pending_webhooks"] = len(destinations)
            self._store["event"].put(event["id"], event)
            self._deliver(event, destinations)
        return len(pending)

    def retrieve(self, event_id: str) -> dict:
        event = self._store["event"].get(event_id)
        if event is None:
            raise no_such("event", event_id)
        return event

    def list(self, params: Params) -> dict:
        reject_unknown(params.data, _LIST_SCHEMA)
        pattern = params.string("type")
        types = set(params.strings("types"))
        if pattern and types:
            raise invalid_request("You may only specify one of these parameters: type, types.", "types")
        delivered = params.boolean("delivery_success")

        def matches(event: dict) -> bool:
            if pattern and not fnmatch.fnmatchcase(event["type"], pattern):
                return False
            if types and event["type"] not in types:
                return False
            return delivered is None or (event["pending_webhooks"] == 0) == delivered

        return paginate(self._store["event"], params, url="/v1/events", kind="event", matches=matches)
