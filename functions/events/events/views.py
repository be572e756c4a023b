"""What the events API sends: the Event JSON of reference §2.2 (absent fields left out), in api-conventions form.

Dates: `date` (local) with `timezone`, and `startsAt`, the UTC instant; `instant` is the creation instant.
Prices: `isFree`, and `price: {min, max}` as money once ticket types exist. The document is stored with the event
(store.document), `creatorName` in it: the organizer's current name, kept on the event from user.* messages (so
GET /events/{id} reads one item); an event never told its organizer's name reads the users replica instead, as
all did before. Its creator also sees `invitedCollaboratorIds`, the organizations invited that have not
accepted yet (they are nobody else's business, and not collaborators: security review M7).
"""

from __future__ import annotations

import json
from typing import Any

from kernel import http, responses
from kernel.responses import Page
from pydantic import ConfigDict, RootModel

from . import store


class Shape(http.View):
    """A view that refuses a field it does not declare: the stored document and the API's cannot drift apart."""

    model_config = ConfigDict(extra="forbid")


class Money(Shape):
    amount: int  # minor units
    currency: str


class PriceRange(Shape):
    min: Money
    max: Money


class LocationView(Shape):
    name: str | None = None
    country: str | None = None
    country_code: str | None = None
    state: str | None = None
    province: str | None = None
    city: str | None = None
    road: str | None = None
    postcode: str | None = None
    house_number: str | None = None
    lat: float | None = None
    lon: float | None = None
    link: str | None = None


class EventView(Shape):
    event_id: str
    status: str
    instant: str
    creator_id: str
    is_free: bool
    poster: str
    title: str | None = None
    description: str | None = None
    tags: list[str] | None = None
    location: LocationView | None = None
    date: str | None = None
    timezone: str | None = None
    starts_at: str | None = None
    end_date: str | None = None  # local, in timezone
    ends_at: str | None = None
    collaborator_ids: list[str] | None = None
    price: PriceRange | None = None
    creator_name: str | None = None
    invited_collaborator_ids: list[str] | None = None  # to its creator only


class TagCategory(Shape):
    category: str
    tags: list[str]


class Taxonomy(RootModel[list[TagCategory]]):
    """Every category with its tags."""


class TagNames(RootModel[list[str]]):
    """One category's tags."""


class EventPage(Page[EventView], Shape):
    pass

documented = responses.Answers({
    403: "Only an organization creates events, each as itself", 404: "No such event (a draft is its creator's)",
    409: "A status change the event's lifecycle forbids, or the event changed at the same time"})


def respond(status: int, model: Any, body: Any, headers: dict[str, str] | None = None) -> Any:
    """The response of `body` as the documented model builds it (what the document says is what comes back)."""
    return http.json_response(status, model.model_validate(body), headers)


def event_views(items: list[store.EventItem], viewer_id: str | None = None) -> list[dict[str, Any]]:
    """Views of a page of events, with their organizers' names: on the items, or, for those never told one, from
    the users replica (one BatchGetItem for the page, none when every item has been told)."""
    untold = [item.creatorId for item in items if item.creatorNameAt is None]
    users = store.users(untold) if untold else {}
    views = []
    for item in items:
        view = json.loads(item.doc)  # type: ignore[arg-type]
        if item.creatorNameAt is None and item.creatorId in users and users[item.creatorId].name:
            view["creatorName"] = users[item.creatorId].name
        if viewer_id is not None and viewer_id == item.creatorId and getattr(item, "invitedIds", None):
            view["invitedCollaboratorIds"] = list(item.invitedIds)
        views.append(view)
    return views
