""""My events": the events a user holds tickets for (an ACTIVE or USED ticket), each with those tickets and what
ticketing's replica knows of the event (title, start, end, zone), from the holder's index (store.holdings)."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel import http
from kernel.errors import FieldError, ValidationFailed
from kernel.pagination import PageRequest, encode_cursor
from kernel.responses import Page
from kernel.table import get_many
from pydantic import Field

from . import views
from .domain import ACTIVE, USED
from .store import INDEX_KEYS, PROFILE, EventReplica, TicketItem, event_key, holdings
from .store.tickets import to_ticket

HELD = (ACTIVE, USED)
WHEN = ("upcoming", "past")


class HeldEventView(http.View):
    event_id: str
    title: str | None = None
    status: str | None = Field(default=None, description="PUBLISHED, CANCELLED or COMPLETED")
    date: str | None = Field(default=None, description="local start, in timezone")
    end_date: str | None = Field(default=None, description="local end, in timezone")
    timezone: str | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    tickets: list[views.TicketView] = Field(description="the holder's ACTIVE and USED tickets of the event")


def page(user_id: str, query: dict[str, str] | None) -> Page[HeldEventView]:
    """`when=upcoming` (the default: from now on, soonest first) or `when=past` (latest first); cursor pages."""
    query = query or {}
    when = query.get("when", "upcoming")
    if when not in WHEN:
        raise ValidationFailed("Bad when", [FieldError("when", "must be upcoming or past")])
    request = PageRequest.parse(query, INDEX_KEYS["GSI1"])
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if request.start_key is not None and not _belongs(request.start_key, user_id, when == "upcoming", now):
        raise ValidationFailed("Bad paging parameters", [FieldError("cursor", "is not a cursor of this list")])
    items, last_key = holdings.holder_page(user_id, when == "upcoming", now, request.limit, request.start_key)
    replicas = get_many(EventReplica, [(event_key(i.eventId), PROFILE) for i in items])
    found = []
    for item in items:
        tickets = [to_ticket(t) for t in TicketItem.by_owner_event.query(
            f"USER#{user_id}#EVENT#{item.eventId}", filter_condition=TicketItem.status.is_in(*HELD))]
        if not tickets:  # unpaid, released, refunded or given away: not held
            continue
        event = replicas.get((event_key(item.eventId), PROFILE))
        alive = event is not None and not event.buried
        found.append(HeldEventView(
            event_id=item.eventId, tickets=[views.ticket_view(t) for t in tickets],
            **({"title": event.title, "status": event.status, "date": event.date, "end_date": event.endDate,
                "timezone": event.timezone, "starts_at": event.startsAt, "ends_at": event.endsAt}
               if alive else {})))
    return Page[HeldEventView](items=found, next_cursor=encode_cursor(last_key))


def _belongs(key: dict, user_id: str, upcoming: bool, now: str) -> bool:
    """A cursor of this holder's list (`when` as asked): DynamoDB refuses a start key outside the Query."""
    partition, sort = key.get("GSI1PK", {}).get("S"), key.get("GSI1SK", {}).get("S", "")
    return partition == f"USER#{user_id}#EVENTS" and (sort >= now) == upcoming
