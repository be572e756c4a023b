"""Where events go: endpoints configured by the embedded cloud (like `stripe listen` forwarding, not API
objects) and `/v1/webhook_endpoints` created through the API, each with its signing secret."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import invalid_request, no_such
from .ids import new_id
from .listing import LIST_PARAMS, paginate
from .params import ANY, UNSUPPORTED, Params, reject_unknown
from .store import Store

_EVENT_TYPE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$|^\*$")
_CREATE_SCHEMA = {
    "url": ANY,
    "enabled_events": ANY,
    "description": ANY,
    "metadata": ANY,
    "api_version": ANY,
    "expand": ANY,
    "connect": UNSUPPORTED,
}
_UPDATE_SCHEMA = {
    "url": ANY,
    "enabled_events": ANY,
    "description": ANY,
    "metadata": ANY,
    "disabled": ANY,
    "expand": ANY,
}


@dataclass(frozen=True)
class Destination:
    url: str
    secret: str
    endpoint_id: str | None = None  # None for endpoints configured by the embedded cloud


def _public(endpoint: dict) -> dict:
    """Stripe shows the signing secret only in the response that creates the endpoint."""
    return {key: value for key, value in endpoint.items() if key != "secret"}


class WebhookEndpoints:
    def __init__(self, store: Store, clock: Callable[[], float]) -> None:
        self._store = store
        self._clock = clock
        self._configured: list[Destination] = []

    def configure(self, url: str, secret: str) -> None:
        self._configured.append(Destination(url, secret))

    def destinations_for(self, event_type: str) -> list[Destination]:
        destinations = list(self._configured)
        for endpoint in self._store["webhook_endpoint"].oldest_first():
            if endpoint["status"] == "enabled" and (
                "*" in endpoint["enabled_events"] or event_type in endpoint["enabled_events"]
            ):
                destinations.append(Destination(endpoint["url"], endpoint["secret"], endpoint["id"]))
        return destinations

    def _enabled_events(self, params: Params, *, required: bool) -> list[str] | None:
        if not required and "enabled_events" not in params.data:
            return None
        events = params.strings("enabled_events", required=True)
        for index, event_type in enumerate(events):
            if not _EVENT_TYPE.match(event_type):
                name = f"enabled_events[{index}]"
                raise invalid_request(f"Invalid {name}: {event_type} is not a valid event type", name)
        return events

    def create(self, params: Params) -> dict:
        reject_unknown(params.data, _CREATE_SCHEMA)
        endpoint: dict = {
            "id": new_id("we"),
            "object": "webhook_endpoint",
            "api_version": params.string("api_version"),
            "application": None,
            "created": int(self._clock()),
            "description": params.string("description", max_length=5000),
            "enabled_events": self._enabled_events(params, required=True),
            "livemode": False,
            "metadata": params.metadata(),
            "secret": new_id("whsec", 32),
            "status": "enabled",
            "url": params.url("url", required=True),
        }
        self._store["webhook_endpoint"].put(endpoint["id"], endpoint)
        return endpoint

    def _get(self, endpoint_id: str) -> dict:
        endpoint = self._store["webhook_endpoint"].get(endpoint_id)
        if endpoint is None:
            raise no_such("webhook_endpoint", endpoint_id)
        return endpoint

    def retrieve(self, endpoint_id: str) -> dict:
        return _public(self._get(endpoint_id))

    def update(self, endpoint_id: str, params: Params) -> dict:
        reject_unknown(params.data, _UPDATE_SCHEMA)
        endpoint = self._get(endpoint_id)
        if (url := params.url("url")) is not None:
            endpoint["url"] = url
        if (events := self._enabled_events(params, required=False)) is not None:
            endpoint["enabled_events"] = events
        if "description" in params.data:
            endpoint["description"] = params.string("description", max_length=5000)
        if (disabled := params.boolean("disabled")) is not None:
            endpoint["status"] = "disabled" if disabled else "enabled"
        if "metadata" in params.data:
            endpoint["metadata"] = {**endpoint["metadata"], **params.metadata()}
            for key, value in params.data["metadata"].items():
                if value == "":
                    endpoint["metadata"].pop(key, None)
        return _public(endpoint)

    def delete(self, endpoint_id: str) -> dict:
        self._get(endpoint_id)
        self._store["webhook_endpoint"].delete(endpoint_id)
        return {"id": endpoint_id, "object": "webhook_endpoint", "deleted": True}

    def list(self, params: Params) -> dict:
        reject_unknown(params.data, dict.fromkeys(LIST_PARAMS, ANY))
        page = paginate(
            self._store["webhook_endpoint"], params, url="/v1/webhook_endpoints", kind="webhook_endpoint"
        )
        return {**page, "data": [_public(endpoint) for endpoint in page["data"]]}
