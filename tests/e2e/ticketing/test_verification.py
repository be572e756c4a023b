"""Verification at the door: the event's creator scans a ticket; ACTIVE becomes USED once, a second scan says
"already used" and changes nothing, other statuses are refused, and of simultaneous scans exactly one admits."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, ticket_type
from tickets_e2e import bought, ticket, verify


def test_the_creator_admits_a_ticket_once_and_a_second_scan_says_already_used(
        platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    vip = ticket_type(platform, organization, event_id, kind="VIP")
    ticket_id = bought(platform, member, vip["id"])["ticketIds"][0]

    first = verify(platform, organization, ticket_id)
    assert first.status == 200, first.raw
    assert first.json == {"result": "admitted", "ticketId": ticket_id, "eventId": event_id, "type": "VIP",
                          "attendeeName": "Guest 0", "status": "USED", "usedAt": first.json["usedAt"]}
    assert ticket(platform, member, ticket_id)["status"] == "USED"
    second = verify(platform, organization, ticket_id)
    assert second.status == 200
    assert second.json["result"] == "already_used"
    assert second.json["usedAt"] == first.json["usedAt"]  # when it went in
    assert ticket(platform, member, ticket_id)["status"] == "USED"


def test_only_the_events_creator_verifies(platform: Platform, organization: User, other_organization: User,
                                          member: User) -> None:
    event_id = announce_event(platform, organization)
    ticket_id = bought(platform, member, ticket_type(platform, organization, event_id)["id"])["ticketIds"][0]

    for someone in (member, other_organization):  # the holder, another organization
        refused = verify(platform, someone, ticket_id)
        assert refused.status == 403, refused.raw
        assert refused.headers["content-type"] == "application/problem+json"
    assert verify(platform, None, ticket_id).status == 401
    assert verify(platform, organization, f"ticket_{uuid.uuid4()}").status == 404
    assert ticket(platform, member, ticket_id)["status"] == "ACTIVE"


def test_of_simultaneous_scans_of_one_ticket_exactly_one_admits(platform: Platform, organization: User,
                                                                member: User) -> None:
    event_id = announce_event(platform, organization)
    order = bought(platform, member, ticket_type(platform, organization, event_id)["id"], count=3)
    scans = 4
    for ticket_id in order["ticketIds"]:
        start = threading.Barrier(scans)

        def scan(_: int, ticket_id: str = ticket_id, start: threading.Barrier = start) -> tuple[int, str]:
            start.wait(10)
            answer = verify(platform, organization, ticket_id)
            return answer.status, answer.json["result"]

        with ThreadPoolExecutor(scans) as pool:
            results = list(pool.map(scan, range(scans)))
        assert all(status == 200 for status, _ in results), results
        assert sorted(result for _, result in results) == ["admitted"] + ["already_used"] * (scans - 1)
        assert ticket(platform, member, ticket_id)["status"] == "USED"


def test_tickets_of_a_cancelled_event_do_not_pass(platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    ticket_id = bought(platform, member, ticket_type(platform, organization, event_id)["id"])["ticketIds"][0]
    publish(platform.cloud, "event.cancelled", {"eventId": event_id, "creatorId": organization.id,
                                                "name": "Jazz on the Roof"}, "events")
    eventually(lambda: ticket(platform, member, ticket_id)["status"] == "REFUNDED", what="the refund")
    refused = verify(platform, organization, ticket_id)
    assert refused.status == 409
    assert refused.json["detail"] == "The event was cancelled: its tickets are refunded, not used"
