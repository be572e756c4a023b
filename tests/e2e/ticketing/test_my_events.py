"""GET /ticketing/users/{userId}/events, "My events": the events a user holds tickets for (ACTIVE or USED), with
those tickets, upcoming ones soonest first and past ones latest first, in cursor pages from the holder's index;
an event whose start moves is sorted by its new start. Only the holder reads the list (401, 403)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, checked_out, ticket_type


def free_tickets(platform: Platform, organization: User, holder: User, days: float, count: int = 1) -> tuple[str, list]:
    event_id = announce_event(platform, organization, days=days, title=f"In {days} days")
    free = ticket_type(platform, organization, event_id, amount=0)
    order = checked_out(platform, holder, free["id"], count)["order"]
    assert order["status"] == "COMPLETED", order
    return event_id, order["ticketIds"]


def my_events(platform: Platform, holder: User, **query: str) -> list[dict[str, Any]]:
    """Every page, one at a time (limit 2), in order."""
    found, cursor = [], None
    while True:
        params = "&".join(f"{k}={v}" for k, v in {**query, "limit": "2", **({"cursor": cursor} if cursor else {})
                                                    }.items())
        answer = platform.request("GET", f"/ticketing/users/{holder.id}/events?{params}", user=holder)
        assert answer.status == 200, answer.raw
        found += answer.json["items"]
        cursor = answer.json["nextCursor"]
        if not cursor:
            return found


def test_a_holder_sees_their_events_by_date_with_their_tickets(platform: Platform, organization: User,
                                                               member: User, other_member: User) -> None:
    later, later_tickets = free_tickets(platform, organization, member, days=20, count=2)
    soon, _ = free_tickets(platform, organization, member, days=3)
    middle, _ = free_tickets(platform, organization, member, days=10)
    moved, _ = free_tickets(platform, organization, member, days=40)
    free_tickets(platform, organization, other_member, days=5)  # somebody else's

    upcoming = my_events(platform, member)
    assert [e["eventId"] for e in upcoming] == [soon, middle, later, moved]
    first_later = next(e for e in upcoming if e["eventId"] == later)
    assert sorted(t["id"] for t in first_later["tickets"]) == sorted(later_tickets)
    assert {t["status"] for t in first_later["tickets"]} == {"ACTIVE"}
    assert (first_later["title"], first_later["status"]) == ("In 20 days", "PUBLISHED")
    assert my_events(platform, member, when="past") == []

    # the organizer moves an event into the past (as the events context would tell): it sorts as past now
    then = datetime.now(UTC) - timedelta(days=1)
    publish(platform.cloud, "event.updated", {
        "eventId": moved, "creatorId": organization.id, "collaboratorIds": [], "status": "PUBLISHED", "tags": [],
        "name": "In 40 days", "date": then.strftime("%Y-%m-%dT%H:%M:%S"), "timezone": "UTC",
        "startsAt": then.strftime("%Y-%m-%dT%H:%M:%SZ")}, "events")
    eventually(lambda: [e["eventId"] for e in my_events(platform, member, when="past")] == [moved],
               what="the moved event among the past ones")
    assert [e["eventId"] for e in my_events(platform, member)] == [soon, middle, later]


def test_only_the_holder_reads_their_events(platform: Platform, member: User, other_member: User) -> None:
    path = f"/ticketing/users/{member.id}/events"
    assert platform.request("GET", path).status == 401
    assert platform.request("GET", path, user=other_member).status == 403
    for bad in ("when=tomorrow", "limit=0", "cursor=nonsense"):
        answer = platform.request("GET", f"{path}?{bad}", user=member)
        assert answer.status == 400 and answer.headers["content-type"] == "application/problem+json", answer.raw
