"""The events table (single-table design), with PynamoDB. Every change commits with its outbox items at once.

    PK=EVENT#<id>  SK=EVENT                the event (also the listing entry of its status: SEL=<STATUS>), with
                                           its organizer's name (creatorName, creatorNameAt: from user.*)
    PK=EVENT#<id>  SK=ENTRY#TAG#<tag>      a copy under SEL=<STATUS>#TAG#<tag>      (not for drafts)
    PK=EVENT#<id>  SK=ENTRY#ORG#<orgId>    a copy under SEL=<STATUS>#ORG#<orgId>    (creator, and collaborators
                                                                                     once it is not a draft)
    PK=EVENT#<id>  SK=ENTRY#INVITE#<orgId> a copy under SEL=INVITED#<orgId>          (each pending invitation,
                                                                                     while it is PUBLISHED)
    PK=EVENT#<id>  SK=TICKETTYPE#<ett_id>  a ticket type's price (from ticket-type.*; tombstone when deleted)
    PK=EVENT#<id>  SK=LIKE#<userId>        whether the user likes it now (from interactions.like.*)
    PK=EVENT#<id>  SK=ORDER#<orderId>      tickets sold by one confirmed order (payments.order.confirmed)
    PK=USER#<id>   SK=REPLICA              role and name of a user (from user.*, kernel.replica; tombstone)

The event and its entries carry one sort key per order the search offers; six GSIs share the partition key
SEL and each sorts by one of them (ByDate, ByTitle, ByCreated, ByPrice, ByScore, ByPlace), projecting
everything, so a search page is read from the index alone. See listing.py for how searches use them.

The organizer's name is kept on the event and each of its entries (and in their document), so that GET
/events/{id} is one GetItem and a page needs no other read. An event takes it from the users replica when it is
created (on the condition that the replica's name is still the one read: a rename landing in between makes the
creation read it again), and the consumer renames every event of an organization when user.created/updated (or,
to no name, user.deleted) comes, newest news wins (domain.with_creator_name), each event read and saved on its
version as every other change. An event that was never told a name (created before its organizer's user.created
arrived, and the index had not shown it to that message's consumer yet) is read with the replica, as before.
Left: on DynamoDB an index lags behind the table by a fraction of a second, so an event committed in that
fraction before a rename's Query can keep the older name until the next rename (moto's indexes do not lag).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any, TypeVar

from kernel import replica, unit_of_work
from kernel.errors import Conflict
from kernel.replica import Replica
from kernel.table import ContextTable, get_many
from kernel.table import get as get_one
from kernel.unit_of_work import Stale, Unit
from pynamodb.attributes import BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from . import geo
from .domain import (
    DRAFT,
    PUBLISHED,
    STATUSES,
    Event,
    Like,
    Location,
    Noted,
    TicketTypePrice,
    Transition,
    utc,
    utc_ms,
)

PRODUCER = "events"
MAIN = "EVENT"
INDEXES = {"date": ("ByDate", "DATEKEY"), "title": ("ByTitle", "TITLEKEY"), "instant": ("ByCreated", "CREATEDKEY"),
           "price": ("ByPrice", "PRICEKEY"), "score": ("ByScore", "SCOREKEY"), "place": ("ByPlace", "PLACEKEY")}
TICKET_TYPE, LIKE, ORDER = "TICKETTYPE#", "LIKE#", "ORDER#"  # sort key prefixes of the news kept beside the event
CREATED_BY_PAGE = 100  # items a Query of created_by reads per page (it reads every page)
NO_VALUE = "~"  # sorts after digits and geohash letters: events without a date or place come last


class _ByDate(GlobalSecondaryIndex["EventItem"]):
    class Meta:
        index_name = "ByDate"
        projection = AllProjection()

    SEL = UnicodeAttribute(hash_key=True)
    DATEKEY = UnicodeAttribute(range_key=True)


class EventItem(ContextTable):
    eventId = UnicodeAttribute()
    status = UnicodeAttribute()
    createdAt = UnicodeAttribute()
    creatorId = UnicodeAttribute()
    collaboratorIds = ListAttribute(of=UnicodeAttribute, null=True)
    invitedIds = ListAttribute(of=UnicodeAttribute, null=True)  # pending invitations: not in the public doc
    title = UnicodeAttribute(null=True)
    description = UnicodeAttribute(null=True)
    poster = UnicodeAttribute()
    posterAt = UnicodeAttribute(null=True)
    creatorName = UnicodeAttribute(null=True)  # also in doc; domain.Event.creator_name
    creatorNameAt = UnicodeAttribute(null=True)  # occurredAt of the user.* message it comes from (None: never told)
    tags = ListAttribute(of=UnicodeAttribute, null=True)
    location = UnicodeAttribute(null=True)  # JSON of domain.Location
    date = UnicodeAttribute(null=True)
    timezone = UnicodeAttribute(null=True)
    startsAt = UnicodeAttribute(null=True)
    endDate = UnicodeAttribute(null=True)
    prices = ListAttribute(of=NumberAttribute, null=True)
    currency = UnicodeAttribute(null=True)
    minPrice = NumberAttribute()
    maxPrice = NumberAttribute()
    likes = NumberAttribute(default=0)
    ticketsSold = NumberAttribute(default=0)
    version = NumberAttribute()
    doc = UnicodeAttribute(null=True)  # the public document (views.py): a listing reads this one attribute
    # what searches filter on, case-folded
    titleLower = UnicodeAttribute(null=True)
    venueLower = UnicodeAttribute(null=True)
    cityLower = UnicodeAttribute(null=True)
    lat = NumberAttribute(null=True)
    lon = NumberAttribute(null=True)
    # the listing: partition and one sort key per order
    SEL = UnicodeAttribute(null=True)
    DATEKEY = UnicodeAttribute(null=True)
    TITLEKEY = UnicodeAttribute(null=True)
    CREATEDKEY = UnicodeAttribute(null=True)
    PRICEKEY = UnicodeAttribute(null=True)
    SCOREKEY = UnicodeAttribute(null=True)
    PLACEKEY = UnicodeAttribute(null=True)
    by_date = _ByDate()


class TicketTypeItem(ContextTable):
    amount = NumberAttribute()
    currency = UnicodeAttribute()
    at = UnicodeAttribute()
    deleted = BooleanAttribute(default=False)


class LikeMark(ContextTable):
    liked = BooleanAttribute()
    at = UnicodeAttribute()


class OrderMark(ContextTable):
    tickets = NumberAttribute()


class UserReplica(Replica):
    """Kept from user.* by kernel.replica (newest wins, tombstone once deleted)."""

    role = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    nameAt = UnicodeAttribute(null=True)  # occurredAt of the message the name comes from (written by kernel.replica)


def event_key(event_id: str) -> str:
    return f"EVENT#{event_id}"


# --- the event and its listing entries ---------------------------------------------------------------------------


def _fold(text: str | None) -> str | None:
    return text.casefold() if text else None


def _invert_digits(text: str) -> str:
    return "".join(str(9 - int(c)) if c.isdigit() else c for c in text)


def sort_keys(event: Event) -> dict[str, str]:
    start = event.starts_at
    when = utc(start) if start else NO_VALUE
    title = (_fold(event.title) or "").replace("#", " ")[:100]
    location = event.location
    place = geo.geohash(location.lat, location.lon) \
        if location and location.lat is not None and location.lon is not None else NO_VALUE
    return {"DATEKEY": f"{when}#{event.id}", "TITLEKEY": f"{title}#{when}#{event.id}",
            "CREATEDKEY": f"{utc_ms(event.created_at)}#{event.id}",
            "PRICEKEY": f"{event.min_price:012d}#{when}#{event.id}",
            "SCOREKEY": f"{event.score:012d}#{_invert_digits(when)}#{event.id}",
            "PLACEKEY": f"{place}#{event.id}"}


def selectors(event: Event) -> dict[str, str]:
    """SK of each copy -> its SEL. Drafts are listed only for their creator; an invited organization finds the
    event among its invitations while it is published (the only time it can accept)."""
    found = {MAIN: event.status, f"ENTRY#ORG#{event.creator_id}": f"{event.status}#ORG#{event.creator_id}"}
    if event.status != DRAFT:
        for org in event.collaborator_ids:
            found[f"ENTRY#ORG#{org}"] = f"{event.status}#ORG#{org}"
        for tag in event.tags:
            found[f"ENTRY#TAG#{tag}"] = f"{event.status}#TAG#{tag}"
    if event.status == PUBLISHED:
        for org in event.invited_ids:
            found[f"ENTRY#INVITE#{org}"] = invitations_of(org)
    return found


def invitations_of(organization_id: str) -> str:
    return f"INVITED#{organization_id}"


def items_for(event: Event) -> list[EventItem]:
    """The event's item (first) and its entries, as they are stored."""
    location = event.location
    values: dict[str, Any] = dict(
        eventId=event.id, status=event.status, createdAt=utc_ms(event.created_at), creatorId=event.creator_id,
        collaboratorIds=list(event.collaborator_ids) or None, invitedIds=list(event.invited_ids) or None,
        title=event.title, description=event.description,
        poster=event.poster, posterAt=event.poster_at, creatorName=event.creator_name,
        creatorNameAt=event.creator_name_at, tags=list(event.tags) or None,
        location=json.dumps(_clean(asdict(location))) if location else None, date=event.date,
        timezone=event.timezone, startsAt=utc(event.starts_at) if event.starts_at else None, endDate=event.end_date,
        prices=list(event.prices) or None, currency=event.currency, minPrice=event.min_price,
        maxPrice=event.max_price, likes=event.likes, ticketsSold=event.tickets_sold, version=event.version,
        titleLower=_fold(event.title), venueLower=_fold(location.name) if location else None,
        cityLower=_fold(location.city) if location else None,
        lat=location.lat if location else None, lon=location.lon if location else None,
        doc=json.dumps(document(event), separators=(",", ":")), **sort_keys(event))
    return [EventItem(event_key(event.id), sk, SEL=sel, **values) for sk, sel in selectors(event).items()]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def document(event: Event) -> dict[str, Any]:
    """The Event JSON of reference §2.2 in api-conventions form, absent fields left out (`creatorName` too, when
    the event was never told one: views.py then reads the users replica)."""
    location = {_camel(k): v for k, v in _clean(asdict(event.location)).items()} if event.location else None
    start, end = event.starts_at, event.ends_at
    doc: dict[str, Any] = {
        "eventId": event.id, "status": event.status, "instant": utc_ms(event.created_at),
        "creatorId": event.creator_id, "isFree": event.is_free, "title": event.title,
        "description": event.description, "poster": event.poster, "tags": list(event.tags) or None,
        "location": location, "date": event.date, "timezone": event.timezone, "startsAt": utc(start) if start else None,
        "endDate": event.local_end,
        "endsAt": utc(end) if end else None, "collaboratorIds": list(event.collaborator_ids) or None,
        "creatorName": event.creator_name}
    if event.prices:
        doc["price"] = {"min": {"amount": event.min_price, "currency": event.currency},
                        "max": {"amount": event.max_price, "currency": event.currency}}
    return _clean(doc)


def to_event(item: Any) -> Event:
    location = Location(**json.loads(item.location)) if item.location else None
    return Event(id=item.eventId, status=item.status, created_at=datetime.fromisoformat(item.createdAt),
                 creator_id=item.creatorId, poster=item.poster, collaborator_ids=tuple(item.collaboratorIds or ()),
                 invited_ids=tuple(item.invitedIds or ()),
                 title=item.title, description=item.description, tags=tuple(item.tags or ()), location=location,
                 date=item.date, timezone=item.timezone, end_date=item.endDate,
                 prices=tuple(int(p) for p in item.prices or ()),
                 currency=item.currency, likes=int(item.likes), tickets_sold=int(item.ticketsSold),
                 poster_at=item.posterAt, creator_name=item.creatorName, creator_name_at=item.creatorNameAt,
                 version=int(item.version))


def get_item(event_id: str) -> EventItem | None:
    try:
        return EventItem.get(event_key(event_id), MAIN, consistent_read=True)
    except EventItem.DoesNotExist:
        return None


def get(event_id: str) -> Event | None:
    item = get_item(event_id)
    return to_event(item) if item else None


Messages = list[tuple[str, dict[str, Any]]]
Guarded = list[tuple[Model, Any]]  # extra items to save in the same transaction, each with its condition
T = TypeVar("T")
ATTEMPTS = 3  # a command reads the event again this often when it changed meanwhile


def _commit(write: Callable[[Unit], None]) -> None:
    """One transaction (kernel.unit_of_work): a lost race on the event's version raises `Stale`."""
    unit_of_work.commit(PRODUCER, write)


def retrying(change: Callable[[], T], attempts: int) -> T:
    """Run `change` (read, decide, save) again while what it read changed meanwhile; after `attempts` lost races
    it is a Conflict the caller may try again."""
    for _ in range(attempts - 1):
        try:
            return change()
        except Stale:
            continue
    try:
        return change()
    except Stale as error:
        raise Conflict("The event changed at the same time; try again") from error


def create(event: Event, messages: Messages) -> None:
    """The new event with its entries and messages; `Stale` if its organizer's replica no longer holds the name the
    event was given (`creator_name_at`, the replica's `nameAt`: read it again), for the consumer that renames the
    organization's events may have looked for them before this one was written."""
    def write(unit: Unit) -> None:
        main, *entries = items_for(event)
        unit.save(main, condition=EventItem.PK.does_not_exist())
        told = event.creator_name_at
        unit.check(UserReplica, *_user_key(event.creator_id),
                   condition=UserReplica.nameAt == told if told else UserReplica.nameAt.does_not_exist())
        for entry in entries:
            unit.save(entry)
        for event_type, payload in messages:
            unit.publish(event_type, payload)

    _commit(write)


def save(event: Event, previous: Event, messages: Messages = (), guarded: Guarded = ()) -> Event:  # type: ignore[assignment]
    """Replace `previous` with `event`, its entries and messages; `Stale` if the event or a guarded item changed
    meanwhile."""
    saved = replace(event, version=previous.version + 1)
    stale = set(selectors(previous)) - set(selectors(saved))

    def write(unit: Unit) -> None:
        main, *entries = items_for(saved)
        unit.save(main, condition=EventItem.version == previous.version)
        for entry in entries:
            unit.save(entry)
        for sk in stale:
            unit.delete(EventItem(event_key(event.id), sk))
        for item, condition in guarded:
            unit.save(item, condition=condition)
        for event_type, payload in messages:
            unit.publish(event_type, payload)

    _commit(write)
    return saved


def delete(event: Event, messages: Messages) -> None:
    """The event and its entries, with the messages (`Stale` if it changed meanwhile); then what else was kept for
    it (best effort, repeatable)."""
    def write(unit: Unit) -> None:
        for sk in selectors(event):
            condition = EventItem.version == event.version if sk == MAIN else None
            unit.delete(EventItem(event_key(event.id), sk), condition=condition)
        for event_type, payload in messages:
            unit.publish(event_type, payload)

    _commit(write)
    with ContextTable.batch_write() as batch:
        for item in ContextTable.query(event_key(event.id), attributes_to_get=["PK", "SK"]):
            batch.delete(item)


# --- what other contexts tell us ---------------------------------------------------------------------------------


def ticket_type_prices(event_id: str) -> list[TicketTypePrice]:
    """Every ticket type the event has heard of, tombstones too."""
    items = TicketTypeItem.query(event_key(event_id), TicketTypeItem.SK.startswith(TICKET_TYPE), consistent_read=True)
    return [TicketTypePrice(item.SK.removeprefix(TICKET_TYPE), int(item.amount), item.currency, item.at,
                            bool(item.deleted)) for item in items]


def like(event_id: str, user_id: str) -> Like | None:
    try:
        mark = LikeMark.get(event_key(event_id), f"{LIKE}{user_id}", consistent_read=True)
    except LikeMark.DoesNotExist:
        return None
    return Like(user_id, bool(mark.liked), mark.at)


def order_counted(event_id: str, order_id: str) -> bool:
    try:
        OrderMark.get(event_key(event_id), f"{ORDER}{order_id}", consistent_read=True)
        return True
    except OrderMark.DoesNotExist:
        return False


def _noted_item(event_id: str, noted: Noted) -> tuple[Model, Any]:
    """The item that keeps the news, with its condition: what was read of it (`over`) is still there."""
    news, pk = noted.news, event_key(event_id)
    item: TicketTypeItem | LikeMark | OrderMark
    if isinstance(news, TicketTypePrice):
        item = TicketTypeItem(pk, f"{TICKET_TYPE}{news.ticket_type_id}", amount=news.amount, currency=news.currency,
                              at=news.at, deleted=news.deleted)
    elif isinstance(news, Like):
        item = LikeMark(pk, f"{LIKE}{news.user_id}", liked=news.liked, at=news.at)
    else:
        item = OrderMark(pk, f"{ORDER}{news.order_id}", tickets=news.tickets)
    model = type(item)
    return item, (model.PK.does_not_exist() if noted.over is None else model.at == noted.over)  # type: ignore[union-attr]


def keep(transition: Transition) -> None:
    """A consumer's transition: the event (unless the news is kept alone) and the news beside it, in one
    transaction; `Stale` if the event or what was read of the news changed meanwhile."""
    event, noted = transition.before, transition.noted
    if event is None:
        raise ValueError("a consumer changes an event it has read")
    guarded = [_noted_item(event.id, noted)] if noted is not None else []
    if noted is not None and noted.alone:
        def write(unit: Unit) -> None:
            for item, condition in guarded:
                unit.save(item, condition=condition)

        _commit(write)
        return
    save(transition.after, event, guarded=guarded)


def _user_key(user_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", "REPLICA"


def remember_user(user_id: str, role: str, name: str, occurred_at: str) -> bool:
    """user.created / user.updated: the newest role and name; a late message changes nothing (False: it is older
    than what the replica holds, or the user is deleted)."""
    return replica.keep(UserReplica, _user_key(user_id), occurred_at, {"role": role, "name": name})


def forget_user(user_id: str, occurred_at: str) -> None:
    """user.deleted: a tombstone that no later user.* message revives."""
    replica.bury(UserReplica, _user_key(user_id), occurred_at)


def told_name(user_id: str) -> tuple[str | None, str | None]:
    """The user's name and when the users context told it (its message's occurredAt), as the replica holds them
    now; (None, None) for a user it has not told of, or a deleted one."""
    item = get_one(UserReplica, *_user_key(user_id))
    if item is None or item.buried:
        return None, None
    return item.name or None, item.nameAt


def created_by(organization_id: str) -> list[str]:
    """The ids of the events the organization created, whatever their status: the listing partition of its own
    copies, one per status (<STATUS>#ORG#<id>, where its collaborations sit too), a Query each page by page."""
    found: dict[str, None] = {}
    for status in STATUSES:
        for item in EventItem.by_date.query(f"{status}#ORG#{organization_id}", page_size=CREATED_BY_PAGE,
                                            filter_condition=EventItem.creatorId == organization_id,
                                            attributes_to_get=["eventId"]):
            found[item.eventId] = None
    return list(found)


def users(user_ids: list[str]) -> dict[str, UserReplica]:
    """The live replicas of these users, by id (one BatchGetItem per 100)."""
    found = get_many(UserReplica, [_user_key(i) for i in user_ids])
    return {pk.removeprefix("USER#"): item for (pk, _), item in found.items() if replica.alive(item)}

