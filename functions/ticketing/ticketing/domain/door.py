"""The door of one event: who may scan its tickets (its creator, and the members and collaborating
organizations it granted the right to), which tickets pass there (only its own) and when (only on its day: the
reference admitted a ticket for next week's event tonight, §12.20).

The day of an event, in its own time zone: the doors open at the start of the local calendar day of its start,
or 6 hours before the start when that is earlier (an event at half past midnight), and close at its end (its
`endsAt`, or 4 hours after the start when the events context did not tell one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kernel.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed

from .events import CANCELLED, Event

DOORS_OPEN_BEFORE = timedelta(hours=6)
DEFAULT_LENGTH = timedelta(hours=4)
MEMBER, ORGANIZATION = "member", "organization"
GRANT_NOT_FOUND = "Door staff grant not found"


class NoDoorRight(Forbidden):
    def __init__(self) -> None:
        super().__init__("Not authorized to scan tickets of this event")


class WrongEvent(Conflict):
    def __init__(self) -> None:
        super().__init__("This ticket is for another event")


class NotToday(Conflict):
    def __init__(self, opens: datetime, closes: datetime) -> None:
        super().__init__(f"This ticket is not for today: the doors of its event are open from {_iso(opens)} "
                         f"to {_iso(closes)}")


class NoDate(Conflict):
    def __init__(self) -> None:
        super().__init__("The event has no date yet: its tickets cannot be scanned")


class EventCancelled(Conflict):
    def __init__(self) -> None:
        super().__init__("The event was cancelled: its tickets are refunded, not used")


class NotGrantable(ValidationFailed):
    def __init__(self, message: str) -> None:
        super().__init__("Cannot grant door rights to this user", [FieldError("userId", message)])


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):  # a name this machine does not know: the start's UTC day
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class Window:
    opens: datetime
    closes: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.opens <= moment <= self.closes


def doors(event: Event) -> Window:
    """When the event's tickets pass (NoDate while the event has no start)."""
    if not event.starts_at:
        raise NoDate()
    start = _instant(event.starts_at)
    local_start = start.astimezone(_zone(event.timezone))
    day_begins = local_start.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
    end = _instant(event.ends_at) if event.ends_at else None
    if end is None or end <= start:
        end = start + DEFAULT_LENGTH
    return Window(min(day_begins, start - DOORS_OPEN_BEFORE), end)


@dataclass(frozen=True)
class Grant:
    """A user's right to scan the tickets of one event: a member, or an organization collaborating on it."""

    event_id: str
    user_id: str
    role: str  # MEMBER or ORGANIZATION
    granted_at: str
    granted_by: str

    def holds_at(self, event: Event) -> bool:
        """An organization's right lasts while it collaborates on the event; a member's until revoked."""
        return self.role == MEMBER or self.user_id in event.collaborator_ids


@dataclass(frozen=True)
class DoorStaff:
    """The creator's decisions about the event's door staff (nobody else needs to hear of them: no domain
    events)."""

    event: Event

    def grant(self, by: str, user_id: str, role: str | None, now: str) -> Grant:
        """The creator grants the right to a member, or to an organization that collaborates on the event (its
        role as the users context told it: None when unknown)."""
        self.event.require_creator(by, "Only the event's creator manages its door staff")
        if user_id == self.event.creator_id:
            raise NotGrantable("the event's creator scans its tickets already")
        if role == ORGANIZATION and user_id not in self.event.collaborator_ids:
            raise NotGrantable("an organization must collaborate on the event")
        if role not in (MEMBER, ORGANIZATION):
            raise NotGrantable("not a known member or organization")
        return Grant(self.event.event_id, user_id, role, now, by)

    def revoke(self, by: str, grant: Grant | None) -> Grant:
        self.event.require_creator(by, "Only the event's creator manages its door staff")
        if grant is None:
            raise NotFound(GRANT_NOT_FOUND)
        return grant


def may_scan(event: Event, user_id: str, grant: Grant | None) -> bool:
    return user_id == event.creator_id or (grant is not None and grant.holds_at(event))


def require_scannable(event: Event, scanner_id: str, grant: Grant | None, ticket_event_id: str,
                      now: datetime) -> None:
    """Everything a scan at this event's door checks before the ticket itself decides (Ticket.admit): the
    scanner's right for THIS event (403), the ticket being one of this event's (409), the event not cancelled
    (409) and today (409)."""
    if not may_scan(event, scanner_id, grant):
        raise NoDoorRight()
    if ticket_event_id != event.event_id:
        raise WrongEvent()
    if event.status == CANCELLED:
        raise EventCancelled()
    window = doors(event)
    if now not in window:
        raise NotToday(window.opens, window.closes)
