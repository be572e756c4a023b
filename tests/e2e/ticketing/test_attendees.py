"""The attendee list of an event (issue 15): its creator pages and searches the ticket holders and attendee names
with their tickets' status, and downloads them as CSV; nobody else sees them."""

from __future__ import annotations

import csv
import io
import uuid

from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, checkout, ticket_type
from tickets_e2e import TONIGHT, verify

FORMULA = "=HYPERLINK(\"http://evil\")"


def attendees(platform: Platform, user: User | None, event_id: str, query: str = "") -> dict:
    answer = platform.request("GET", f"/ticketing/events/{event_id}/attendees{query}", user=user)
    assert answer.status == 200, answer.raw
    return answer.json


def given(platform: Platform, buyer: User, ticket_type_id: str, *names: str) -> list[str]:
    """Free tickets, confirmed at once."""
    answer = checkout(platform, buyer, [(ticket_type_id, name) for name in names])
    assert answer.status == 201, answer.raw
    return answer.json["order"]["ticketIds"]


def test_the_creator_pages_searches_and_exports_the_attendees(platform: Platform, organization: User,
                                                              member: User, other_member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    free = ticket_type(platform, organization, event_id, kind="STANDARD", amount=0)
    ada, evil = given(platform, member, free["id"], "Ada Lovelace", FORMULA)
    grace = given(platform, other_member, free["id"], "Grace Hopper")[0]
    checkout(platform, member, [(ticket_type(platform, organization, event_id, kind="VIP")["id"], "Unpaid")])
    assert verify(platform, organization, event_id, ada).json["result"] == "admitted"

    first = eventually(lambda: (p := attendees(platform, organization, event_id, "?limit=2"))["items"][0].get(
        "holderUsername") and p, what="ticketing to know the holders' usernames (user.created)")
    # oldest purchase first; the tickets of one order (one purchase time) in the order of their ids
    one_order = sorted([ada, evil])
    assert [a["ticketId"] for a in first["items"]] == one_order and first["nextCursor"]
    listed = {a["ticketId"]: a for a in first["items"]}
    assert listed[ada] == {"ticketId": ada, "attendeeName": "Ada Lovelace", "holderId": member.id,
                           "holderUsername": member.username, "type": "STANDARD", "ticketTypeId": free["id"],
                           "status": "USED", "purchaseDate": listed[ada]["purchaseDate"],
                           "admittedAt": listed[ada]["admittedAt"]}
    assert listed[evil]["status"] == "ACTIVE" and "admittedAt" not in listed[evil]
    rest = attendees(platform, organization, event_id, f"?limit=2&cursor={first['nextCursor']}")
    assert [a["ticketId"] for a in rest["items"]] == [grace]  # the unpaid order's ticket is nobody's yet
    assert rest["nextCursor"] is None

    assert [a["ticketId"] for a in attendees(platform, organization, event_id, "?q=LOVEl")["items"]] == [ada]
    by_username = eventually(lambda: (p := attendees(platform, organization, event_id,
                                                     f"?q=@{other_member.username.upper()}"))["items"] and p,
                             what="ticketing to know the holder's username")
    assert [a["ticketId"] for a in by_username["items"]] == [grace]
    assert attendees(platform, organization, event_id, "?q=nobody")["items"] == []

    exported = platform.request("GET", f"/ticketing/events/{event_id}/attendees/export", user=organization)
    assert exported.status == 200, exported.raw
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"] == f'attachment; filename="attendees-{event_id}.csv"'
    assert exported.headers.get("link") is None  # one part holds them all
    rows = list(csv.reader(io.StringIO(exported.raw.decode())))
    assert rows[0] == ["ticketId", "attendeeName", "holderUsername", "holderId", "type", "status", "purchaseDate",
                       "admittedAt"]
    expected = {ada: (ada, "Ada Lovelace", member.username, "USED"),
                evil: (evil, "'" + FORMULA, member.username, "ACTIVE"),  # a spreadsheet never runs it as a formula
                grace: (grace, "Grace Hopper", other_member.username, "ACTIVE")}
    assert [(r[0], r[1], r[2], r[5]) for r in rows[1:]] == [expected[t] for t in (*one_order, grace)]
    searched = platform.request("GET", f"/ticketing/events/{event_id}/attendees/export?q=grace", user=organization)
    assert [r[0] for r in csv.reader(io.StringIO(searched.raw.decode()))][1:] == [grace]


def test_only_the_events_creator_sees_its_attendees(platform: Platform, organization: User,
                                                    other_organization: User, member: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    given(platform, member, ticket_type(platform, organization, event_id, amount=0)["id"], "Ada")
    draft = announce_event(platform, organization, status="DRAFT")
    for path in (f"/ticketing/events/{event_id}/attendees", f"/ticketing/events/{event_id}/attendees/export",
                 f"/ticketing/events/{event_id}/checkins"):
        assert platform.request("GET", path).status == 401
        for someone in (member, other_organization):  # a holder, another organization
            answer = platform.request("GET", path, user=someone)
            assert answer.status == 403, (path, answer.raw)
            assert answer.headers["content-type"] == "application/problem+json"
        assert platform.request("GET", path.replace(event_id, str(uuid.uuid4())), user=organization).status == 404
        assert platform.request("GET", path.replace(event_id, draft), user=other_organization).status == 404


def test_bad_search_and_paging_parameters_are_400(platform: Platform, organization: User) -> None:
    event_id = announce_event(platform, organization, days=TONIGHT)
    for query in ("?q=" + "a" * 101, "?limit=0", "?limit=101", "?cursor=forged"):
        answer = platform.request("GET", f"/ticketing/events/{event_id}/attendees{query}", user=organization)
        assert answer.status == 400, (query, answer.raw)
        assert answer.json["errors"], query
    for query in ("?q=" + "a" * 101, "?cursor=forged"):
        answer = platform.request("GET", f"/ticketing/events/{event_id}/attendees/export{query}", user=organization)
        assert answer.status == 400, (query, answer.raw)
