"""POST /ticketing/tickets/{ticketId}/transfer through the platform's HTTP API: a holder gives a ticket to another
registered user before the event; the old QR code stops passing at once, the recipient holds a fresh ticket (new
id, their PDF, their My events) that the organizer's scan shows under the new name; used, refunded and transferred
tickets stay, and nothing goes once the event has started. A transfer and a scan of the old ticket at the same
moment: exactly one wins, and what is stored agrees with the answers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from support.bus import publish
from support.platform import Platform, Response, User
from ticketing_e2e import announce_event, checked_out, ticket_type, ticketing_table
from tickets_e2e import TONIGHT, pdf_pages, queue_drained, verify


def free_tickets(platform: Platform, organization: User, holder: User, count: int = 1) -> tuple[str, list[str]]:
    event_id = announce_event(platform, organization, days=TONIGHT)  # its door open: the old and new tickets scanned
    free = ticket_type(platform, organization, event_id, amount=0, quantity=50)
    order = checked_out(platform, holder, free["id"], count)["order"]
    assert order["status"] == "COMPLETED", order
    return event_id, order["ticketIds"]


def give(platform: Platform, holder: User, ticket_id: str, username: str, **extra: Any) -> Response:
    return platform.request("POST", f"/ticketing/tickets/{ticket_id}/transfer", {"username": username, **extra},
                            user=holder)


def forgotten(platform: Platform, user: User) -> None:
    """Ticketing's replica of the user gone, as before their user.created arrives (a user registered a moment
    ago): the message is handled first, so nothing restores the replica meanwhile."""
    queue_drained(platform)
    dynamodb, table = platform.cloud.client("dynamodb"), ticketing_table(platform)
    for key in ((f"USER#{user.id}", "LANGUAGE"), (f"USERNAME#{user.username.lower()}", "USER")):
        dynamodb.delete_item(TableName=table, Key={"PK": {"S": key[0]}, "SK": {"S": key[1]}})


def test_a_holder_transfers_a_ticket_and_only_the_new_one_passes_the_door(
        platform: Platform, organization: User, member: User, other_member: User) -> None:
    event_id, [old] = free_tickets(platform, organization, member)
    answer = give(platform, member, old, other_member.username.upper(), attendeeName="Bob")
    assert answer.status == 201, answer.raw
    new = answer.json
    assert new["id"] != old and (new["userId"], new["attendeeName"], new["status"], new["eventId"]) == (
        other_member.id, "Bob", "ACTIVE", event_id)

    assert platform.request("GET", f"/ticketing/tickets/{old}", user=member).json["status"] == "TRANSFERRED"
    assert platform.request("GET", f"/ticketing/tickets/{new['id']}", user=member).status == 404
    assert platform.request("GET", f"/ticketing/tickets/{new['id']}", user=other_member).json == new
    assert len(pdf_pages(platform.request("GET", f"/ticketing/tickets/{new['id']}/pdf", user=other_member))) == 1
    mine = platform.request("GET", f"/ticketing/users/{other_member.id}/events", user=other_member).json["items"]
    assert [[t["id"] for t in e["tickets"]] for e in mine if e["eventId"] == event_id] == [[new["id"]]]
    assert platform.request("GET", f"/ticketing/users/{member.id}/events", user=member).json["items"] == []

    refused = verify(platform, organization, event_id, old)  # the old QR code no longer passes
    assert refused.status == 409, refused.raw
    admitted = verify(platform, organization, event_id, new["id"])
    assert admitted.status == 200 and admitted.json["attendeeName"] == "Bob", admitted.raw  # the organizer's view

    assert give(platform, member, old, other_member.username).status == 409  # transferred already
    assert give(platform, other_member, new["id"], member.username).status == 409  # used


def test_a_user_registered_a_moment_ago_receives_a_transfer_at_once(
        platform: Platform, organization: User, member: User) -> None:
    """Before ticketing's replica has heard of a new user, Cognito says who has the username: no 400 meanwhile."""
    newcomer = platform.register("member")
    forgotten(platform, newcomer)
    event_id, [old] = free_tickets(platform, organization, member)
    answer = give(platform, member, old, newcomer.username.upper())
    assert answer.status == 201 and answer.json["userId"] == newcomer.id, answer.raw
    held = platform.request("GET", f"/ticketing/users/{newcomer.id}/events", user=newcomer).json["items"]
    assert [(e["eventId"], [t["id"] for t in e["tickets"]]) for e in held] == [(event_id, [answer.json["id"]])]

    unconfirmed = f"half{newcomer.username}"  # a registration that stopped before its profile: nobody yet
    platform.cloud.client("cognito-idp").sign_up(
        ClientId=platform.cloud.deployment.outputs["UserPoolClientId"], Username=unconfirmed,
        Password=newcomer.password, UserAttributes=[{"Name": "email", "Value": f"{unconfirmed}@example.com"}])
    _, [other] = free_tickets(platform, organization, member)
    assert give(platform, member, other, unconfirmed).status == 400


def test_who_may_transfer_what_and_to_whom(platform: Platform, organization: User, member: User,
                                           other_member: User) -> None:
    event_id, [first, second] = free_tickets(platform, organization, member, count=2)
    path = f"/ticketing/tickets/{first}/transfer"
    assert platform.request("POST", path, {"username": other_member.username}).status == 401
    assert give(platform, other_member, first, member.username).status == 404  # not theirs: as if unknown
    for body in ({"username": "nobody-by-this-name"}, {"username": member.username}, {"username": ""},
                 {"username": other_member.email},
                 {"username": other_member.username, "attendeeName": ""}, {"user": other_member.username}):
        answer = platform.request("POST", path, body, user=member)
        assert answer.status == 400 and answer.headers["content-type"] == "application/problem+json", answer.raw
    assert platform.request("GET", f"/ticketing/tickets/{first}", user=member).json["status"] == "ACTIVE"

    # the event starts (as the events context would tell): no transfer any more
    then = datetime.now(UTC) - timedelta(minutes=1)
    publish(platform.cloud, "event.updated", {
        "eventId": event_id, "creatorId": organization.id, "collaboratorIds": [], "status": "PUBLISHED",
        "tags": [], "name": "Jazz on the Roof", "date": then.strftime("%Y-%m-%dT%H:%M:%S"), "timezone": "UTC",
        "startsAt": then.strftime("%Y-%m-%dT%H:%M:%SZ")}, "events")
    queue_drained(platform)  # ticketing has the new start (a transfer is no probe: it would transfer the ticket)
    assert give(platform, member, second, other_member.username).status == 409
    assert platform.request("GET", f"/ticketing/tickets/{second}", user=member).json["status"] == "ACTIVE"


def at_once(*calls: Any) -> list[Response]:
    """The calls' answers, each call made from its own thread, all released at the same moment."""
    answers: list[Response | None] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index: int) -> None:
        start.wait()
        answers[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers  # type: ignore[return-value]


def test_a_transfer_and_a_scan_of_the_old_ticket_at_once_exactly_one_wins(
        platform: Platform, organization: User, member: User, other_member: User) -> None:
    """Which side wins is the machine's choice here; that either can, and what each leaves, is shown on the store
    with both orders forced (tests/unit/ticketing/test_ticketing_store.py, the transfer and the scan)."""
    event_id, tickets = free_tickets(platform, organization, member, count=6)
    for ticket in tickets:
        transfer, scan = at_once(lambda t=ticket: give(platform, member, t, other_member.username),
                                 lambda t=ticket: verify(platform, organization, event_id, t))
        assert (transfer.status, scan.status) in ((201, 409), (409, 200)), (transfer.raw, scan.raw)
        stored = platform.request("GET", f"/ticketing/tickets/{ticket}", user=member).json["status"]
        if transfer.status == 201:  # the transfer won: the old ticket never passed, the new one is the recipient's
            assert stored == "TRANSFERRED"
            assert platform.request("GET", f"/ticketing/tickets/{transfer.json['id']}",
                                    user=other_member).json["status"] == "ACTIVE"
        else:  # the scan won: admitted, and nothing was given away
            assert (stored, scan.json["result"]) == ("USED", "admitted")
    given = [t for t in tickets if platform.request("GET", f"/ticketing/tickets/{t}", user=member).json["status"]
             == "TRANSFERRED"]
    received = platform.request("GET", f"/ticketing/users/{other_member.id}/tickets?eventId={event_id}&limit=100",
                                user=other_member).json["items"]
    assert len(received) == len(given)  # one new ticket per transfer that won, none for a scan that won
