"""What the events API sends: the Event JSON of reference §2.2 (absent fields left out), in api-conventions form.

Dates: `date` (local) with `timezone`, and `startsAt`, the UTC instant; `instant` is the creation instant.
Prices: `isFree`, and `price: {min, max}` as money once ticket types exist. `creatorName` is the organizer's
current name, from the users replica (kept from user.* events), read with the event.
"""

from __future__ import annotations

import json
from typing import Any

from . import store


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def event_view(item: store.EventItem, creator_name: str | None = None) -> dict[str, Any]:
    location = {_camel(k): v for k, v in json.loads(item.location).items()} if item.location else None
    view: dict[str, Any] = {
        "eventId": item.eventId, "status": item.status, "instant": item.createdAt, "creatorId": item.creatorId,
        "creatorName": creator_name, "isFree": not item.prices or int(item.maxPrice) == 0,
        "title": item.title, "description": item.description, "poster": item.poster, "tags": item.tags,
        "location": location, "date": item.date, "timezone": item.timezone, "startsAt": item.startsAt,
        "collaboratorIds": item.collaboratorIds}
    if item.prices:
        view["price"] = {"min": {"amount": int(item.minPrice), "currency": item.currency},
                         "max": {"amount": int(item.maxPrice), "currency": item.currency}}
    return {k: v for k, v in view.items() if v is not None}


def event_views(items: list[store.EventItem]) -> list[dict[str, Any]]:
    """Views of a page of events, with their organizers' names (one BatchGetItem)."""
    users = store.users([item.creatorId for item in items])
    return [event_view(item, users[item.creatorId].name if item.creatorId in users else None) for item in items]
