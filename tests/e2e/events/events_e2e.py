"""Helpers of the events context's end-to-end tests: organizations, valid event bodies, and domain events put on
the bus as other contexts would publish them (through support.bus)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from support import bus
from support.platform import Platform, Response, User
from support.polling import eventually

MILAN = (45.4642, 9.1900)


def local_in(days: float = 30, zone: str = "Europe/Rome") -> str:
    """A local date-time `days` from now in `zone`."""
    moment = datetime.now(ZoneInfo(zone)) + timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def event_body(status: str = "PUBLISHED", **overrides: Any) -> dict[str, Any]:
    lat, lon = overrides.pop("at", MILAN)
    body: dict[str, Any] = {
        "title": "Jazz on the Roof", "description": "Three bands, one roof.", "status": status,
        "tags": ["Live Music"], "date": local_in(30), "timezone": "Europe/Rome",
        "location": {"name": "Terrazza Martini", "country": "Italy", "countryCode": "it", "city": "Milano",
                     "road": "Piazza Diaz", "postcode": "20123", "lat": lat, "lon": lon}}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


class Events:
    def __init__(self, platform: Platform) -> None:
        self.platform = platform

    def create(self, user: User | None, **fields: Any) -> Response:
        return self.platform.request("POST", "/events", event_body(**fields), user=user)

    def created(self, user: User, **fields: Any) -> dict[str, Any]:
        response = self.create(user, **fields)
        assert response.status == 201, response.raw
        return response.json

    def get(self, event_id: str, user: User | None = None) -> Response:
        return self.platform.request("GET", f"/events/{event_id}", user=user)

    def update(self, event_id: str, user: User | None, body: dict[str, Any]) -> Response:
        return self.platform.request("PUT", f"/events/{event_id}", body, user=user)

    def search(self, user: User | None = None, **params: Any) -> Response:
        from urllib.parse import urlencode

        return self.platform.request("GET", "/events/search?" + urlencode(params), user=user)

    def found(self, user: User | None = None, **params: Any) -> list[dict[str, Any]]:
        response = self.search(user, **params)
        assert response.status == 200, response.raw
        return response.json["items"]

    def all_pages(self, user: User | None = None, **params: Any) -> list[dict[str, Any]]:
        items, cursor = [], None
        while True:
            response = self.search(user, **params, **({"cursor": cursor} if cursor else {}))
            assert response.status == 200, response.raw
            items += response.json["items"]
            cursor = response.json["nextCursor"]
            if not cursor:
                return items

    def answer(self, event_id: str, user: User | None, action: str) -> Response:
        """The invited organization (or a collaborator) answers: accept, decline or leave."""
        path = f"/events/{event_id}/collaboration/leave" if action == "leave" else \
            f"/events/{event_id}/invitation/{action}"
        return self.platform.request("POST", path, user=user)

    def invitations(self, user: User) -> list[str]:
        """The ids of the events the organization is invited to (every page)."""
        found, cursor = [], None
        while True:
            response = self.platform.request("GET", "/events/invitations?limit=100" +
                                             (f"&cursor={cursor}" if cursor else ""), user=user)
            assert response.status == 200, response.raw
            found += ids(response.json["items"])
            cursor = response.json["nextCursor"]
            if not cursor:
                return found

    def organization(self) -> User:
        """A new organization the events context knows (its user.created has arrived), its address verified: it
        publishes."""
        org = self.platform.register("organization", verified=True)
        draft = self.created(org, status="DRAFT", title="Probe")
        eventually(lambda: "creatorName" in self.get(draft["eventId"], org).json, what="the users replica")
        return org

    def publish(self, event_type: str, payload: dict[str, Any], producer: str,
                occurred_at: datetime | None = None) -> dict[str, Any]:
        """Put another context's domain event on the bus; returns the envelope (to send it again)."""
        return bus.publish(self.platform.cloud, event_type, payload, producer, occurred_at=occurred_at)

    def send(self, envelope: dict[str, Any]) -> None:
        bus.send(self.platform.cloud, envelope)


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["eventId"] for item in items]
