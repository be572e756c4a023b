"""Verification at the door of one event (PUT /ticketing/events/{eventId}/tickets/{ticketId}/verify): its creator
or its door staff scan; ACTIVE becomes USED once and a second scan says "already used"; a ticket of another event,
a ticket of an event that is not today (§12.20), a cancelled event's ticket do not pass; of simultaneous scans
exactly one admits. The check-in figures count each admission and each sale."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, ticket_type
from tickets_e2e import TONIGHT, bought, queue_drained, ticket, verify


def checkins(platform: Platform, user: User, event_id: str) -> dict:
    answer = platform.request("GET", f"/ticketing/events/{event_id}/checkins", user=user)
    assert answer.status == 200, answer.raw
    return answer.json


def test_the_creator_admits_a_ticket_once_and_a_second_scan_says_already_used(
        platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT, title="Jazz Tonight")
    vip = ticket_type(platform, organization, event_id, kind="VIP")
    standard = ticket_type(platform, organization, event_id, kind="STANDARD")
    ticket_id = bought(platform, member, vip["id"], count=2)["ticketIds"][0]
    assert checkins(platform, organization, event_id) == {"eventId": event_id, "sold": 2, "admitted": 0, "types": [
        {"ticketTypeId": standard["id"], "type": "STANDARD", "sold": 0, "admitted": 0},
        {"ticketTypeId": vip["id"], "type": "VIP", "sold": 2, "admitted": 0}]}

    first = verify(platform, organization, event_id, ticket_id)
    assert first.status == 200, first.raw
    assert first.json == {"result": "admitted", "ticketId": ticket_id, "eventId": event_id, "type": "VIP",
                          "attendeeName": "Guest 0", "status": "USED", "usedAt": first.json["usedAt"],
                          "eventTitle": "Jazz Tonight"}
    assert ticket(platform, member, ticket_id)["status"] == "USED"
    second = verify(platform, organization, event_id, ticket_id)
    assert second.status == 200
    assert second.json["result"] == "already_used"
    assert second.json["usedAt"] == first.json["usedAt"]  # when it went in
    assert ticket(platform, member, ticket_id)["status"] == "USED"
    figures = checkins(platform, organization, event_id)
    assert (figures["sold"], figures["admitted"]) == (2, 1)  # the second scan counted nothing


def test_only_the_events_creator_and_door_staff_verify(platform: Platform, organization: User,
                                                      other_organization: User, member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    ticket_id = bought(platform, member, ticket_type(platform, organization, event_id)["id"])["ticketIds"][0]

    for someone in (member, other_organization):  # the holder, another organization
        refused = verify(platform, someone, event_id, ticket_id)
        assert refused.status == 403, refused.raw
        assert refused.headers["content-type"] == "application/problem+json"
        assert platform.request("GET", f"/ticketing/events/{event_id}/checkins", user=someone).status == 403
    assert verify(platform, None, event_id, ticket_id).status == 401
    assert verify(platform, organization, event_id, f"ticket_{uuid.uuid4()}").status == 404
    assert verify(platform, organization, str(uuid.uuid4()), ticket_id).status == 404  # an unknown event
    assert ticket(platform, member, ticket_id)["status"] == "ACTIVE"


def test_a_ticket_passes_only_at_its_own_events_door(platform: Platform, organization: User, member: User) -> None:
    tonight = announce_event(platform, organization, days=TONIGHT)
    elsewhere = announce_event(platform, organization, days=TONIGHT, title="Another Night")
    ticket_id = bought(platform, member, ticket_type(platform, organization, tonight)["id"])["ticketIds"][0]
    refused = verify(platform, organization, elsewhere, ticket_id)
    assert refused.status == 409, refused.raw
    assert refused.json["detail"] == "This ticket is for another event"
    assert ticket(platform, member, ticket_id)["status"] == "ACTIVE"
    assert verify(platform, organization, tonight, ticket_id).json["result"] == "admitted"


def test_a_ticket_for_next_weeks_event_is_not_admitted_tonight(platform: Platform, organization: User,
                                                               member: User) -> None:
    """§12.20: the reference admitted it."""
    event_id = announce_event(platform, organization, days=7)
    ticket_id = bought(platform, member, ticket_type(platform, organization, event_id)["id"])["ticketIds"][0]
    refused = verify(platform, organization, event_id, ticket_id)
    assert refused.status == 409, refused.raw
    assert refused.json["detail"].startswith("This ticket is not for today")
    assert ticket(platform, member, ticket_id)["status"] == "ACTIVE"
    assert checkins(platform, organization, event_id)["admitted"] == 0


def test_after_the_events_end_its_tickets_no_longer_pass(platform: Platform, organization: User,
                                                         member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    ticket_id = bought(platform, member, ticket_type(platform, organization, event_id)["id"])["ticketIds"][0]
    # the organizer moves the event to yesterday evening (as the events context tells it); it ended hours ago
    began = datetime.now(UTC) - timedelta(hours=10)
    publish(platform.cloud, "event.updated", {
        "eventId": event_id, "creatorId": organization.id, "name": "Jazz on the Roof", "collaboratorIds": [],
        "status": "PUBLISHED", "tags": [],
        "date": began.strftime("%Y-%m-%dT%H:%M:%S"), "timezone": "UTC",
        "startsAt": began.strftime("%Y-%m-%dT%H:%M:%SZ")}, "events")  # no end told: 4 hours
    queue_drained(platform)  # ticketing has the new date (a scan is no probe: it would admit the ticket)
    refused = verify(platform, organization, event_id, ticket_id)
    assert refused.status == 409, refused.raw
    assert refused.json["detail"].startswith("This ticket is not for today")
    assert ticket(platform, member, ticket_id)["status"] == "ACTIVE"


def test_of_simultaneous_scans_of_one_ticket_exactly_one_admits(platform: Platform, organization: User,
                                                                member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    order = bought(platform, member, ticket_type(platform, organization, event_id)["id"], count=3)
    scans = 4
    for ticket_id in order["ticketIds"]:
        start = threading.Barrier(scans)

        def scan(_: int, ticket_id: str = ticket_id, start: threading.Barrier = start) -> tuple[int, str]:
            start.wait(10)
            answer = verify(platform, organization, event_id, ticket_id)
            return answer.status, answer.json["result"]

        with ThreadPoolExecutor(scans) as pool:
            results = list(pool.map(scan, range(scans)))
        assert all(status == 200 for status, _ in results), results
        assert sorted(result for _, result in results) == ["admitted"] + ["already_used"] * (scans - 1)
        assert ticket(platform, member, ticket_id)["status"] == "USED"
    assert checkins(platform, organization, event_id)["admitted"] == 3  # one count per ticket, not per scan


def test_tickets_of_a_cancelled_event_do_not_pass(platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    ticket_id = bought(platform, member, ticket_type(platform, organization, event_id)["id"])["ticketIds"][0]
    publish(platform.cloud, "event.cancelled", {"eventId": event_id, "creatorId": organization.id,
                                                "name": "Jazz on the Roof"}, "events")
    eventually(lambda: ticket(platform, member, ticket_id)["status"] == "REFUNDED", what="the refund")
    refused = verify(platform, organization, event_id, ticket_id)
    assert refused.status == 409
    assert refused.json["detail"] == "The event was cancelled: its tickets are refunded, not used"
