"""The door's rules without AWS (reference §12.20): who may scan an event's tickets (its creator, its granted
members, its granted organizations while they collaborate), that a scan admits only the event's own tickets, only
on the event's day in its time zone, never for a cancelled event; and who may be granted the right."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from kernel.errors import Forbidden, NotFound
from ticketing.domain import Event
from ticketing.domain.door import (
    MEMBER,
    ORGANIZATION,
    DoorStaff,
    EventCancelled,
    Grant,
    NoDate,
    NoDoorRight,
    NotGrantable,
    NotToday,
    WrongEvent,
    doors,
    require_scannable,
)

NOW = "2026-12-05T10:00:00Z"


def event(starts_at: str | None = "2026-12-05T20:00:00Z", timezone: str | None = "UTC", ends_at: str | None = None,
          status: str = "PUBLISHED", collaborators: tuple[str, ...] = ("partner",)) -> Event:
    return Event("e1", "org", status, "Jazz", None, starts_at, timezone=timezone, ends_at=ends_at,
                 collaborator_ids=collaborators)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def grant(user_id: str, role: str = MEMBER) -> Grant:
    return Grant("e1", user_id, role, NOW, "org")


def test_the_doors_open_at_the_start_of_the_local_day_and_close_at_the_end() -> None:
    # 20:00 in Rome is 19:00Z; Rome's day began at 23:00Z the day before
    window = doors(event("2026-12-05T19:00:00Z", "Europe/Rome", ends_at="2026-12-06T01:00:00Z"))
    assert (window.opens, window.closes) == (at("2026-12-04T23:00:00Z"), at("2026-12-06T01:00:00Z"))


def test_an_event_just_after_midnight_opens_its_doors_6_hours_before() -> None:
    window = doors(event("2026-12-05T23:30:00Z", "Europe/Rome"))  # 00:30 on the 6th in Rome
    assert window.opens == at("2026-12-05T17:30:00Z")


def test_without_an_end_the_doors_close_4_hours_after_the_start() -> None:
    assert doors(event("2026-12-05T20:00:00Z")).closes == at("2026-12-06T00:00:00Z")
    assert doors(event("2026-12-05T20:00:00Z", ends_at="2026-12-05T19:00:00Z")).closes == at("2026-12-06T00:00:00Z")


def test_an_unknown_time_zone_is_taken_as_utc() -> None:
    assert doors(event("2026-12-05T20:00:00Z", "Mars/Olympus")).opens == at("2026-12-05T00:00:00Z")


def test_the_creator_admits_the_events_own_ticket_on_its_day() -> None:
    require_scannable(event(), "org", None, "e1", at("2026-12-05T18:00:00Z"))
    require_scannable(event(), "org", None, "e1", at("2026-12-05T00:00:00Z"))  # the doors' first moment
    require_scannable(event(), "org", None, "e1", at("2026-12-06T00:00:00Z"))  # and their last


@pytest.mark.parametrize("moment", ["2026-12-04T23:59:59Z", "2026-12-06T00:00:01Z", "2026-11-28T20:00:00Z"])
def test_a_ticket_is_not_admitted_before_or_after_its_events_day(moment: str) -> None:
    # 2026-11-28: a ticket for next week's event, scanned tonight (§12.20)
    with pytest.raises(NotToday, match="2026-12-05T00:00:00Z to 2026-12-06T00:00:00Z"):
        require_scannable(event(), "org", None, "e1", at(moment))


def test_a_ticket_of_another_event_is_refused() -> None:
    with pytest.raises(WrongEvent, match="another event"):
        require_scannable(event(), "org", None, "e2", at("2026-12-05T18:00:00Z"))


def test_an_event_without_a_date_admits_nobody() -> None:
    with pytest.raises(NoDate):
        require_scannable(event(None), "org", None, "e1", at(NOW))


def test_a_cancelled_events_tickets_do_not_pass() -> None:
    with pytest.raises(EventCancelled):
        require_scannable(event(status="CANCELLED"), "org", None, "e1", at("2026-12-05T18:00:00Z"))


def test_who_may_scan() -> None:
    tonight = at("2026-12-05T18:00:00Z")
    require_scannable(event(), "staff", grant("staff"), "e1", tonight)  # a granted member
    require_scannable(event(), "partner", grant("partner", ORGANIZATION), "e1", tonight)  # a collaborator
    for scanner, right in [("buyer", None), ("other-org", None),
                           ("partner", grant("partner", ORGANIZATION))]:
        ended = event(collaborators=()) if right else event()  # the organization no longer collaborates
        with pytest.raises(NoDoorRight):
            require_scannable(ended, scanner, right, "e1", tonight)


def test_the_right_is_checked_before_anything_about_the_ticket_is_told() -> None:
    with pytest.raises(NoDoorRight):  # a stranger learns neither the ticket's event nor the event's day
        require_scannable(event(), "buyer", None, "e2", at("2026-11-28T20:00:00Z"))


def test_the_creator_grants_members_and_collaborating_organizations() -> None:
    staff = DoorStaff(event())
    assert staff.grant("org", "staff", MEMBER, NOW) == Grant("e1", "staff", MEMBER, NOW, "org")
    assert staff.grant("org", "partner", ORGANIZATION, NOW).role == ORGANIZATION


@pytest.mark.parametrize(("user_id", "role", "why"), [
    ("org", ORGANIZATION, "creator"), ("stranger-org", ORGANIZATION, "collaborate"),
    ("ghost", None, "not a known"),
])
def test_what_cannot_be_granted(user_id: str, role: str | None, why: str) -> None:
    with pytest.raises(NotGrantable) as refused:
        DoorStaff(event()).grant("org", user_id, role, NOW)
    assert refused.value.errors[0].field == "userId" and why in refused.value.errors[0].message


def test_only_the_creator_grants_and_revokes() -> None:
    with pytest.raises(Forbidden, match="door staff"):
        DoorStaff(event()).grant("partner", "staff", MEMBER, NOW)
    with pytest.raises(Forbidden):
        DoorStaff(event()).revoke("staff", grant("staff"))
    assert DoorStaff(event()).revoke("org", grant("staff")) == grant("staff")
    with pytest.raises(NotFound):
        DoorStaff(event()).revoke("org", None)
