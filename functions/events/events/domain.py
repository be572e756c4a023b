"""The events context's rules (reference §2.2), as plain Python: no AWS, no HTTP.

An event starts at a local date-time in an IANA time zone and ends at another, after it (start + 4 h unless
told); "in the future" and ordering use the real instant of the start (`starts_at`), completion that of the end
(`ends_at`). Drafts need little; anything else must be publishable (reference §2.2 validation,
which the reference never ran, §12 items 1-3). Statuses move DRAFT -> PUBLISHED -> CANCELLED | COMPLETED.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from kernel.errors import Conflict, FieldError, NotFound, ValidationFailed
from kernel.inputs import is_web_url, time_zone
from kernel.tags import canonical

DRAFT, PUBLISHED, CANCELLED, COMPLETED = "DRAFT", "PUBLISHED", "CANCELLED", "COMPLETED"
STATUSES = (DRAFT, PUBLISHED, CANCELLED, COMPLETED)
CREATABLE = (DRAFT, PUBLISHED)
TRANSITIONS = {DRAFT: (DRAFT, PUBLISHED), PUBLISHED: (PUBLISHED, CANCELLED), CANCELLED: (CANCELLED,), COMPLETED: ()}
MAX_TAGS = 10
# A change rewrites the event's copy per organization in one transaction (DynamoDB: 100 items), and a review in
# interactions writes 2 items per organization: 20 keeps both far below the limit.
MAX_COLLABORATORS = 20
TITLE_MIN, TITLE_MAX, DESCRIPTION_MAX = 3, 200, 5000
LOCAL_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")
LIKE_WEIGHT, TICKET_WEIGHT = 1, 2  # the popularity score: likes + 2 x tickets sold
DEFAULT_DURATION = timedelta(hours=4)  # an event's end when its organizer names none


@dataclass(frozen=True)
class Location:
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

    @property
    def display_name(self) -> str:
        return self.name or self.city or "Unknown Location"

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Event:
    id: str
    status: str
    created_at: datetime  # UTC
    creator_id: str
    poster: str
    collaborator_ids: tuple[str, ...] = ()  # organizations that accepted: the public collaborators
    invited_ids: tuple[str, ...] = ()  # organizations invited that have not answered yet (the creator's to see)
    title: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    location: Location | None = None
    date: str | None = None  # local date-time, YYYY-MM-DDTHH:MM:SS
    timezone: str | None = None  # IANA
    end_date: str | None = None  # local date-time in `timezone`, after `date`; None: an event stored before ends
    prices: tuple[int, ...] = ()  # distinct ticket prices, minor units, ascending
    currency: str | None = None
    likes: int = 0
    tickets_sold: int = 0
    poster_at: str | None = None  # when the poster was last set: a late, older poster does not win
    # the organizer's name as the users context last told it (user.*), kept with the event so that a read of it
    # needs no other item; `creator_name_at` is that message's occurredAt (None: never told; a late, older name
    # does not win), `creator_name` None with a time: the organizer has no name to show (or its account is gone)
    creator_name: str | None = None
    creator_name_at: str | None = None
    version: int = 0

    @property
    def starts_at(self) -> datetime | None:
        if self.date is None or self.timezone is None:
            return None
        return starts_at(self.date, self.timezone)

    @property
    def local_end(self) -> str | None:
        if self.date is None or self.timezone is None:
            return None
        return self.end_date or default_end(self.date, self.timezone)

    @property
    def ends_at(self) -> datetime | None:
        end = self.local_end
        return starts_at(end, self.timezone) if end and self.timezone else None

    @property
    def is_free(self) -> bool:
        """No ticket type, or only free ones (true again once the last ticket type goes)."""
        return not self.prices or self.prices[-1] == 0

    @property
    def min_price(self) -> int:
        return self.prices[0] if self.prices else 0

    @property
    def max_price(self) -> int:
        return self.prices[-1] if self.prices else 0

    @property
    def score(self) -> int:
        return LIKE_WEIGHT * self.likes + TICKET_WEIGHT * self.tickets_sold

    def organizations(self) -> tuple[str, ...]:
        """Creator first, then collaborators, each once."""
        return tuple(dict.fromkeys((self.creator_id, *self.collaborator_ids)))


def starts_at(date: str, timezone: str) -> datetime:
    return datetime.fromisoformat(date).replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def default_end(date: str, timezone: str) -> str:
    """Four real hours after the start, on the local clock (a night the clocks change shows 3 or 5 hours)."""
    end = starts_at(date, timezone) + DEFAULT_DURATION
    return end.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M:%S")


def checked_end(date: str | None, timezone: str | None, end: str | None, errors: list[FieldError]) -> str | None:
    """The event's local end: after its start (compared as instants, so a change of clocks between them counts),
    start + 4 h when not given; none without a start."""
    if date is None or timezone is None:
        if end is not None:
            errors.append(FieldError("endDate", "needs a date and timezone"))
        return None
    if end is None:
        return default_end(date, timezone)
    if not LOCAL_DATE_TIME.match(end):
        errors.append(FieldError("endDate", "must be a local date-time like 2026-07-15T23:00:00, without offset"))
        return None
    try:
        normal = datetime.fromisoformat(end).strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        errors.append(FieldError("endDate", "is not a valid date-time"))
        return None
    if starts_at(normal, timezone) <= starts_at(date, timezone):
        errors.append(FieldError("endDate", "must be after the start"))
        return None
    return normal


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_ms(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# --- values ------------------------------------------------------------------------------------------------------


def checked_date(date: str | None, timezone: str | None, errors: list[FieldError]) -> tuple[str | None, str | None]:
    """A normalised (local date-time, zone) pair, both or neither."""
    if date is None and timezone is None:
        return None, None
    if date is None or timezone is None:
        errors.append(FieldError("date" if date is None else "timezone", "date and timezone go together"))
        return None, None
    zone_ok = time_zone(timezone) is not None
    if not zone_ok:
        errors.append(FieldError("timezone", "must be an IANA time zone, like Europe/Rome"))
    if not LOCAL_DATE_TIME.match(date):
        errors.append(FieldError("date", "must be a local date-time like 2026-07-15T20:00:00, without offset"))
        return None, None
    try:
        normal = datetime.fromisoformat(date).strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        errors.append(FieldError("date", "is not a valid date-time"))
        return None, None
    return (normal, timezone) if zone_ok else (None, None)


def checked_tags(tags: list[str], errors: list[FieldError]) -> tuple[str, ...]:
    names = [canonical(tag) for tag in tags]
    unknown = [tag for tag, name in zip(tags, names, strict=True) if name is None]
    if unknown:
        errors.append(FieldError("tags", f"not in the tag taxonomy: {', '.join(unknown)}"))
    result = tuple(dict.fromkeys(name for name in names if name))
    if len(result) > MAX_TAGS:
        errors.append(FieldError("tags", f"at most {MAX_TAGS} tags"))
    return result


def checked_location(location: Location | None, errors: list[FieldError]) -> Location | None:
    if location is None:
        return None
    blank = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in location.__dict__.items()}
    location = Location(**blank)  # type: ignore[arg-type]
    if location.country_code:
        location = replace(location, country_code=location.country_code.upper())
    if not (location.name or location.city):
        errors.append(FieldError("location", "Location must have at least a name or a city"))
    if (location.lat is None) != (location.lon is None):
        errors.append(FieldError("location", "lat and lon go together"))
    if location.lat is not None and not -90 <= location.lat <= 90:
        errors.append(FieldError("location.lat", "must be between -90 and 90"))
    if location.lon is not None and not -180 <= location.lon <= 180:
        errors.append(FieldError("location.lon", "must be between -180 and 180"))
    if location.link is not None and not is_web_url(location.link):  # rendered as a link on the event page
        errors.append(FieldError("location.link", "must be an absolute http(s) URL"))
    return location


def checked_text(title: str | None, description: str | None, errors: list[FieldError]) -> None:
    if title is not None and not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors.append(FieldError("title", f"must be {TITLE_MIN} to {TITLE_MAX} characters"))
    if description is not None and len(description) > DESCRIPTION_MAX:
        errors.append(FieldError("description", f"at most {DESCRIPTION_MAX} characters"))


def publishing_problems(event: Event, now: datetime) -> list[FieldError]:
    """What keeps an event from being anything but a draft (reference §2.2 validation of non-drafts)."""
    errors = []
    if not event.title:
        errors.append(FieldError("title", "is required unless the event is a draft"))
    if not event.description:
        errors.append(FieldError("description", "is required unless the event is a draft"))
    location = event.location
    if location is None:
        errors.append(FieldError("location", "is required unless the event is a draft"))
    else:
        for name in ("country", "country_code", "road", "postcode"):
            if not getattr(location, name):
                errors.append(FieldError(f"location.{_camel(name)}", "is required unless the event is a draft"))
        if not location.has_coordinates:
            errors.append(FieldError("location", "lat and lon are required unless the event is a draft"))
    start = event.starts_at
    if start is None:
        errors.append(FieldError("date", "is required unless the event is a draft"))
    elif start <= now:
        errors.append(FieldError("date", "must be in the future"))
    return errors


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# --- commands ----------------------------------------------------------------------------------------------------


@dataclass
class Details:
    """What an organization writes about an event. `None` means absent (or, in a change, "keep")."""

    title: str | None = None
    description: str | None = None
    tags: list[str] | None = None
    location: Location | None = None
    date: str | None = None
    timezone: str | None = None
    end_date: str | None = None
    collaborator_ids: list[str] | None = None


@dataclass
class Change:
    """PUT /events/{id}: `status` is required; every other field omitted keeps its value (the reference cleared
    tags and date, §12 item 5); title/description sent empty keep theirs too (the reference's rule); `null`
    clears an optional field; `[]` clears tags or collaborators (which the reference could not)."""

    status: str
    details: Details = field(default_factory=Details)
    cleared: frozenset[str] = frozenset()  # fields sent as null


def _checked_collaborators(ids: list[str], creator_id: str, errors: list[FieldError]) -> tuple[str, ...]:
    result = tuple(dict.fromkeys(i for i in ids if i != creator_id))
    if len(result) > MAX_COLLABORATORS:
        errors.append(FieldError("collaboratorIds", f"at most {MAX_COLLABORATORS} collaborators"))
    return result


def _named(event: Event, named: tuple[str, ...]) -> Event:
    """The creator names the event's organizations: those that accepted stay collaborators, every other one is
    invited (or stays invited); an organization no longer named is neither. Nobody becomes a collaborator
    without accepting (security review M7)."""
    accepted = tuple(org for org in event.collaborator_ids if org in named)
    return replace(event, collaborator_ids=accepted, invited_ids=tuple(org for org in named if org not in accepted))


def new_event(event_id: str, creator_id: str, status: str, details: Details, poster: str,
              now: datetime) -> Event:
    errors: list[FieldError] = []
    if status not in CREATABLE:
        errors.append(FieldError("status", "must be DRAFT or PUBLISHED"))
    checked_text(details.title, details.description, errors)
    date, zone = checked_date(details.date, details.timezone, errors)
    event = Event(id=event_id, status=status, created_at=now, creator_id=creator_id, poster=poster,
                  invited_ids=_checked_collaborators(details.collaborator_ids or [], creator_id, errors),
                  title=details.title, description=details.description,
                  tags=checked_tags(details.tags or [], errors),
                  location=checked_location(details.location, errors), date=date, timezone=zone,
                  end_date=checked_end(date, zone, details.end_date, errors))
    if not errors and status != DRAFT:
        errors = publishing_problems(event, now)
    if errors:
        raise ValidationFailed("The event is not valid", errors)
    return event


def changed(event: Event, change: Change, now: datetime) -> Event:
    """The event after PUT, or Conflict (a transition the status machine forbids) / ValidationFailed."""
    check_transition(event.status, change.status)
    d, cleared = change.details, change.cleared
    errors: list[FieldError] = []
    title = None if "title" in cleared else (d.title or event.title)
    description = None if "description" in cleared else (d.description or event.description)
    checked_text(d.title or None, d.description or None, errors)
    tags = event.tags if d.tags is None and "tags" not in cleared else checked_tags(d.tags or [], errors)
    location = event.location if d.location is None and "location" not in cleared else \
        checked_location(d.location, errors)
    if "date" in cleared or "timezone" in cleared:
        date, zone = None, None
    elif d.date is None and d.timezone is None:
        date, zone = event.date, event.timezone
    else:
        date, zone = checked_date(d.date or event.date, d.timezone or event.timezone, errors)
    end = checked_end(date, zone, _end_sent_or_kept(event, d, date, cleared), errors)
    updated = replace(event, status=change.status, title=title, description=description, tags=tags,
                      location=location, date=date, timezone=zone, end_date=end)
    if d.collaborator_ids is not None or "collaboratorIds" in cleared:
        updated = _named(updated, _checked_collaborators(d.collaborator_ids or [], event.creator_id, errors))
    if not errors and change.status != DRAFT:
        errors = publishing_problems(updated, now)
    if errors:
        raise ValidationFailed("The event is not valid", errors)
    return updated


def _end_sent_or_kept(event: Event, d: Details, date: str | None, cleared: frozenset[str]) -> str | None:
    """The end a change asks for: the one sent; none (the default) when cleared; else the event keeps its length,
    so moving the start moves the end with it."""
    if d.end_date is not None or "endDate" in cleared or date is None or event.date is None:
        return d.end_date
    length = datetime.fromisoformat(event.local_end or date) - datetime.fromisoformat(event.date)
    return (datetime.fromisoformat(date) + length).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class TicketTypePrice:
    """What the event knows of one of its ticket types (ticket-type.*) as of `at`; `deleted`: a tombstone."""

    ticket_type_id: str
    amount: int
    currency: str
    at: str
    deleted: bool = False


@dataclass(frozen=True)
class Like:
    """Whether a user likes the event (interactions.like.*) as of `at`."""

    user_id: str
    liked: bool
    at: str


@dataclass(frozen=True)
class OrderCount:
    """The tickets one confirmed order sold (payments.order.confirmed)."""

    order_id: str
    tickets: int


@dataclass(frozen=True)
class Noted:
    """News from another context the event keeps beside it, written with the transition only if what was read of
    it is still there: `over` is the `at` read (None: nothing was). `alone`: the event does not change and depends
    on nothing else that was read, so the news is written without it (no race on the event's version)."""

    news: TicketTypePrice | Like | OrderCount
    over: str | None = None
    alone: bool = False


@dataclass(frozen=True)
class Transition:
    """A command's outcome: the event after it and the domain events it causes (their types, in order), with the
    organization a collaboration event is about; `gone` when the event is deleted for good; `noted`, the news a
    consumed message leaves beside the event. The invitations a change sends (`invited`) follow from before and
    after."""

    before: Event | None
    after: Event
    caused: tuple[str, ...]
    organization_id: str | None = None
    gone: bool = False
    noted: Noted | None = None

    @property
    def invited(self) -> tuple[str, ...]:
        return invitations_sent(self.before, self.after)

    @property
    def names_its_creator(self) -> bool:
        """Whether its messages carry the creator's name (event.published, invitations)."""
        return "event.published" in self.caused or bool(self.invited)


def create(event_id: str, creator_id: str, status: str, details: Details, poster: str, now: datetime) -> Transition:
    """POST: event.created, and event.published when created PUBLISHED at once."""
    event = new_event(event_id, creator_id, status, details, poster, now)
    return Transition(None, event, ("event.created", *(("event.published",) if event.status == PUBLISHED else ())))


def update(event: Event, change: Change, now: datetime) -> Transition:
    """PUT: event.updated, plus event.published (DRAFT -> PUBLISHED) or event.cancelled (-> CANCELLED)."""
    after = changed(event, change, now)
    caused = ["event.updated"]
    if event.status == DRAFT and after.status == PUBLISHED:
        caused.append("event.published")
    if event.status != CANCELLED and after.status == CANCELLED:
        caused.append("event.cancelled")
    return Transition(event, after, tuple(caused))


def remove(event: Event) -> Transition:
    """DELETE cancels a PUBLISHED event (people may hold tickets); anything else is deleted for good."""
    if event.status == PUBLISHED:
        return Transition(event, replace(event, status=CANCELLED), ("event.cancelled",))
    return Transition(event, event, ("event.deleted",), gone=True)


def complete(event: Event, now: datetime) -> Transition | None:
    """A PUBLISHED event whose end has passed becomes COMPLETED (None: not due; a started event is still on)."""
    end = event.ends_at
    if event.status != PUBLISHED or end is None or end > now:
        return None
    return Transition(event, replace(event, status=COMPLETED), ("event.completed",))


def check_transition(current: str, target: str) -> None:
    if current == COMPLETED:
        raise Conflict("A completed event cannot be changed")
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise Conflict(f"Invalid status transition from {current} to {target}; valid targets: "
                       f"{', '.join(allowed) if allowed else 'none (terminal state)'}")


def check_poster_change(event: Event) -> None:
    if event.status == COMPLETED:
        raise Conflict("A completed event gets no poster changes")


def with_prices(event: Event, prices: list[int], currency: str | None) -> Event:
    return replace(event, prices=tuple(sorted(set(prices))), currency=currency if prices else None)


# --- what other contexts tell the event (the consumer; each decision None when the news changes nothing) ----------


def with_ticket_type(event: Event, news: TicketTypePrice, known: list[TicketTypePrice]) -> Transition | None:
    """ticket-type.*: the type's newest price (or its tombstone) and the event's price range and currency, from its
    live types (free again once the last one goes). `known`: every type the event has heard of, tombstones too;
    None when it knows something as new or newer about this type. The event is rewritten even when its range
    stays, so that two types changing at once cannot both miss the other."""
    current = next((t for t in known if t.ticket_type_id == news.ticket_type_id), None)
    if current is not None and current.at >= news.at:
        return None
    live = {t.ticket_type_id: t for t in known if not t.deleted and t.ticket_type_id != news.ticket_type_id}
    if not news.deleted:
        live[news.ticket_type_id] = news
    currency = next(iter(live.values())).currency if live else None
    after = with_prices(event, [t.amount for t in live.values()], currency)
    return Transition(event, after, (), noted=Noted(news, current.at if current else None))


def liked(event: Event, news: Like, known: Like | None) -> Transition | None:
    """interactions.like.*: whether the user likes the event now, newest news wins (None: `known` is as new or
    newer); the like count moves only when that changes (never below 0), else the news is kept alone."""
    if known is not None and known.at >= news.at:
        return None
    noted = Noted(news, known.at if known else None)
    if bool(known and known.liked) == news.liked:
        return Transition(event, event, (), noted=replace(noted, alone=True))
    after = replace(event, likes=max(0, event.likes + (1 if news.liked else -1)))
    return Transition(event, after, (), noted=noted)


def sold(event: Event, order: OrderCount, counted: bool) -> Transition | None:
    """payments.order.confirmed: the order's tickets count as sold, once per order (None: `counted` already)."""
    if counted:
        return None
    return Transition(event, replace(event, tickets_sold=event.tickets_sold + order.tickets), (), noted=Noted(order))


def with_poster(event: Event, url: str, at: str) -> Transition | None:
    """media.poster.updated: the event's poster, unless a newer poster (or a reset) came first or the event is
    completed (None)."""
    if event.status == COMPLETED or (event.poster_at and event.poster_at >= at):
        return None
    return Transition(event, replace(event, poster=url, poster_at=at), ())


def with_creator_name(event: Event, name: str | None, at: str) -> Transition | None:
    """user.created / user.updated (user.deleted: no name): the organizer's name the event shows, newest news
    wins; None when the event was told a newer name, or this one at this time already. A name as new as the one
    held but other wins (the users replica, kept from the same messages, lets the last one applied win a tie)."""
    name = name or None
    held = event.creator_name_at
    if held is not None and (held > at or (held == at and event.creator_name == name)):
        return None
    return Transition(event, replace(event, creator_name=name, creator_name_at=at), ())


# --- invitations to collaborate (security review M7) ---------------------------------------------------------------

NO_INVITATION, NOT_A_COLLABORATOR = "No pending invitation to this event", "Not a collaborator of this event"


def named_organizations(event: Event) -> tuple[str, ...]:
    """Every organization the creator named: collaborators, then pending invitations."""
    return (*event.collaborator_ids, *event.invited_ids)


def invitations_sent(before: Event | None, after: Event) -> tuple[str, ...]:
    """The organizations that learn of an invitation with this change: invitations show once the event is
    published (a draft is its creator's alone), so publishing sends those made while it was a draft."""
    if after.status != PUBLISHED:
        return ()
    already = before.invited_ids if before is not None and before.status == PUBLISHED else ()
    return tuple(org for org in after.invited_ids if org not in already)


def accept(event: Event, organization_id: str) -> Transition:
    """The invited organization accepts: it is a collaborator from now on. Only while the event is published:
    a cancelled or completed event has nothing left to collaborate on."""
    if organization_id not in event.invited_ids or event.status == DRAFT:
        raise NotFound(NO_INVITATION)
    if event.status != PUBLISHED:
        raise Conflict(f"The event is {event.status.lower()}: its invitations can only be declined")
    after = replace(event, invited_ids=tuple(o for o in event.invited_ids if o != organization_id),
                    collaborator_ids=(*event.collaborator_ids, organization_id))
    return Transition(event, after, ("event.collaborator.accepted",), organization_id)


def decline(event: Event, organization_id: str) -> Transition:
    """The invited organization declines (whatever the event's status): the invitation is gone."""
    if organization_id not in event.invited_ids or event.status == DRAFT:
        raise NotFound(NO_INVITATION)
    after = replace(event, invited_ids=tuple(o for o in event.invited_ids if o != organization_id))
    return Transition(event, after, ("event.collaborator.declined",), organization_id)


def leave(event: Event, organization_id: str) -> Transition:
    """A collaborator stops being one; not once the event is completed (its reviews were counted as they came)."""
    if organization_id not in event.collaborator_ids:
        raise NotFound(NOT_A_COLLABORATOR)
    if event.status == COMPLETED:
        raise Conflict("A completed event gets no collaborator changes")
    after = replace(event, collaborator_ids=tuple(o for o in event.collaborator_ids if o != organization_id))
    return Transition(event, after, ("event.collaborator.left",), organization_id)


def depart(event: Event, organization_id: str) -> Transition | None:
    """An organization's account is gone (security review M8): its published event is cancelled, its draft
    deleted; it is neither a collaborator (event.collaborator.left) nor invited any longer. Its cancelled and
    completed events stay as they are (None: nothing changes)."""
    if event.creator_id == organization_id:
        if event.status == DRAFT:
            return Transition(event, event, ("event.deleted",), gone=True)
        if event.status == PUBLISHED:
            return Transition(event, replace(event, status=CANCELLED), ("event.cancelled",))
        return None
    if organization_id not in event.collaborator_ids and organization_id not in event.invited_ids:
        return None
    after = replace(event, collaborator_ids=tuple(o for o in event.collaborator_ids if o != organization_id),
                    invited_ids=tuple(o for o in event.invited_ids if o != organization_id))
    left_ = ("event.collaborator.left",) if organization_id in event.collaborator_ids else ()
    return Transition(event, after, left_, organization_id)
