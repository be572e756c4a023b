"""A holder's tickets and orders through the HTTP API, and their PDFs: one page per ticket, the holder's language,
and a QR code of the ticket's verification URL. Only the holder sees them."""

from __future__ import annotations

import uuid

from support import openapi
from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, checked_out, ticket_type
from tickets_e2e import TONIGHT, bought, pdf_pages, qr_codes, ticket


def test_after_a_purchase_the_holder_reads_their_tickets_and_downloads_them_as_pdfs(
        platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization, title="Jazz on the Roof")
    vip = ticket_type(platform, organization, event_id, kind="VIP", amount=2500)
    order = bought(platform, member, vip["id"], count=2)

    listed = platform.request("GET", f"/ticketing/users/{member.id}/tickets", user=member)
    assert listed.status == 200, listed.raw
    items = listed.json["items"]
    assert {t["id"] for t in items} == set(order["ticketIds"])
    assert listed.json["nextCursor"] is None
    for item in items:
        assert item == {"id": item["id"], "orderId": order["id"], "eventId": event_id, "userId": member.id,
                        "ticketTypeId": vip["id"], "type": "VIP", "attendeeName": item["attendeeName"],
                        "price": {"amount": 2500, "currency": "EUR"}, "purchaseDate": item["purchaseDate"],
                        "status": "ACTIVE"}
        assert ticket(platform, member, item["id"]) == item
    orders = platform.request("GET", f"/ticketing/users/{member.id}/orders", user=member).json["items"]
    assert [o["id"] for o in orders] == [order["id"]]
    assert orders[0]["status"] == "COMPLETED"

    first = order["ticketIds"][0]
    one = platform.request("GET", f"/ticketing/tickets/{first}/pdf", user=member)
    pages = pdf_pages(one)
    assert one.headers["content-disposition"] == f'inline; filename="ticket-{first}.pdf"'
    assert len(pages) == 1
    text = pages[0].extract_text()
    assert "Jazz on the Roof - Ticket" in text and first in text and "25.00 EUR" in text and "VIP" in text
    assert qr_codes(pages[0]) == [f"{platform.url}/verify/{first}"]

    whole_order = pdf_pages(platform.request("GET", f"/ticketing/orders/{order['id']}/pdf", user=member))
    assert [qr_codes(page) for page in whole_order] == [[f"{platform.url}/verify/{t}"] for t in order["ticketIds"]]
    for_event = pdf_pages(platform.request("GET", f"/ticketing/users/{member.id}/events/{event_id}/pdf",
                                           user=member))
    assert sorted(code for page in for_event for code in qr_codes(page)) == \
        sorted(f"{platform.url}/verify/{t}" for t in order["ticketIds"])


def test_the_pdfs_speak_the_holders_language(platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    standard = ticket_type(platform, organization, event_id)
    ticket_id = bought(platform, member, standard["id"])["ticketIds"][0]
    path = f"/ticketing/tickets/{ticket_id}/pdf"
    assert "Attendee" in pdf_pages(platform.request("GET", path, user=member))[0].extract_text()

    publish(platform.cloud, "user.updated", {
        "id": member.id, "username": member.username, "name": member.username,
        "avatar": "http://127.0.0.1/media/users/default.png", "language": "it", "role": "member"}, "users")
    eventually(lambda: "Biglietto" in pdf_pages(platform.request("GET", path, user=member))[0].extract_text(),
               what="the holder's language to reach ticketing")
    french = platform.request("GET", f"{path}?language=fr", user=member)
    assert french.headers["content-language"] == "fr"
    asked = pdf_pages(french)[0].extract_text()
    assert "Billet" in asked and "Participant" in asked
    refused = platform.request("GET", f"{path}?language=pt", user=member)
    assert refused.status == 400
    assert refused.headers["content-type"] == "application/problem+json"


def test_nobody_else_sees_a_holders_tickets_orders_or_pdfs(platform: Platform, organization: User, member: User,
                                                          other_member: User) -> None:
    event_id = announce_event(platform, organization)
    standard = ticket_type(platform, organization, event_id)
    order = bought(platform, member, standard["id"])
    ticket_id = order["ticketIds"][0]
    for path in (f"/ticketing/tickets/{ticket_id}", f"/ticketing/tickets/{ticket_id}/pdf",
                 f"/ticketing/orders/{order['id']}", f"/ticketing/orders/{order['id']}/pdf",
                 f"/ticketing/tickets/ticket_{uuid.uuid4()}", f"/ticketing/orders/order_{uuid.uuid4()}/pdf"):
        for someone in (other_member, organization):
            answer = platform.request("GET", path, user=someone)
            assert answer.status == 404, (path, answer.raw)
            assert answer.headers["content-type"] == "application/problem+json"
        assert platform.request("GET", path).status == 401
        assert platform.request("GET", path, headers={"authorization": "Bearer not-a-token"}).status == 401
    for path in (f"/ticketing/users/{member.id}/tickets", f"/ticketing/users/{member.id}/orders",
                 f"/ticketing/users/{member.id}/events/{event_id}/pdf"):
        assert platform.request("GET", path, user=other_member).status == 403
        assert platform.request("GET", path).status == 401
    assert platform.request("GET", f"/ticketing/users/{other_member.id}/tickets", user=other_member).json == \
        {"items": [], "nextCursor": None}


def test_pdfs_of_orders_and_events_hold_active_tickets_only(platform: Platform, organization: User,
                                                            member: User) -> None:
    event_id = announce_event(platform, organization)
    standard = ticket_type(platform, organization, event_id)
    unpaid = checked_out(platform, member, standard["id"])  # reserved, never paid
    ticket_id = platform.request("GET", f"/ticketing/orders/{unpaid['orderId']}", user=member).json["ticketIds"][0]
    assert ticket(platform, member, ticket_id)["status"] == "PENDING_PAYMENT"

    not_yet = platform.request("GET", f"/ticketing/orders/{unpaid['orderId']}/pdf", user=member)
    assert not_yet.status == 409
    assert platform.request("GET", f"/ticketing/users/{member.id}/events/{event_id}/pdf", user=member).status == 404
    page = pdf_pages(platform.request("GET", f"/ticketing/tickets/{ticket_id}/pdf", user=member))[0]
    assert "This ticket is not valid for entry." in page.extract_text()

    paid = bought(platform, member, standard["id"])
    for_event = pdf_pages(platform.request("GET", f"/ticketing/users/{member.id}/events/{event_id}/pdf",
                                           user=member))
    assert [qr_codes(p) for p in for_event] == [[f"{platform.url}/verify/{paid['ticketIds'][0]}"]]


def test_a_holders_tickets_come_in_pages_newest_first(platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    other_event = announce_event(platform, organization)
    first = bought(platform, member, ticket_type(platform, organization, event_id)["id"], count=2)
    second = bought(platform, member, ticket_type(platform, organization, other_event)["id"])
    path = f"/ticketing/users/{member.id}/tickets"

    seen, cursor = [], None
    while True:
        answer = platform.request("GET", path + "?limit=1" + (f"&cursor={cursor}" if cursor else ""), user=member)
        assert answer.status == 200, answer.raw
        assert len(answer.json["items"]) <= 1
        seen += [t["id"] for t in answer.json["items"]]
        cursor = answer.json["nextCursor"]
        if not cursor:
            break
    assert seen[0] == second["ticketIds"][0]
    assert sorted(seen) == sorted(first["ticketIds"] + second["ticketIds"])
    of_event = platform.request("GET", f"{path}?eventId={event_id}", user=member).json["items"]
    assert sorted(t["id"] for t in of_event) == sorted(first["ticketIds"])
    for bad in ("?limit=0", "?limit=101", "?limit=x", "?cursor=nonsense"):
        answer = platform.request("GET", path + bad, user=member)
        assert answer.status == 400, bad
        assert answer.json["errors"], bad


def test_ids_that_are_not_ours_are_unknown_never_errors(platform: Platform, member: User,
                                                        organization: User) -> None:
    huge = "x" * 3000
    for path in (f"/ticketing/tickets/{huge}", f"/ticketing/tickets/ticket_{huge}/pdf",
                 f"/ticketing/orders/order_{huge}/pdf", f"/ticketing/users/{member.id}/events/{huge}/pdf"):
        answer = platform.request("GET", path, user=member)
        assert answer.status == 404, (path[:60], answer.raw)
    assert platform.request("PUT", f"/ticketing/events/{uuid.uuid4()}/tickets/ticket_{huge}/verify",
                            user=organization).status == 404
    too_long = platform.request("GET", f"/ticketing/users/{member.id}/tickets?eventId={huge}", user=member)
    assert too_long.status == 400
    assert too_long.json["errors"][0]["field"] == "eventId"


def test_every_success_is_documented_with_the_body_that_comes_back(platform: Platform, organization: User,
                                                                   member: User) -> None:
    """Each JSON route's success in /ticketing/openapi.json names a schema with its fields, and the answers of a
    whole purchase - types, a paid and a free checkout, orders, tickets, a scan, a cancel - fit those schemas."""
    document = openapi.fetch(platform, "ticketing")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = next(code for code in operation["responses"] if code[0] in "23")
            content = operation["responses"][success].get("content", {})
            if success in ("204", "303") or (content and "application/json" not in content):  # a file: PDF, CSV, ics
                assert success != "200" or content, (method, path)
                continue
            schema = openapi.resolve(document, content["application/json"]["schema"])
            assert schema.get("properties"), (method, path, schema)

    def answered(method: str, path: str, documented_path: str, user: User | None = None,
                 body: dict | None = None) -> dict:
        response = platform.request(method.upper(), path, body, user=user)
        openapi.assert_answers_as_documented(document, method, documented_path, response)
        return response.json

    event_id = announce_event(platform, organization, days=TONIGHT)
    types = "/ticketing/events/{eventId}/ticket-types"
    standard = answered("post", f"/ticketing/events/{event_id}/ticket-types", types, organization,
                        {"type": "STANDARD", "price": {"amount": 1500, "currency": "EUR"}, "quantity": 10})
    free = answered("post", f"/ticketing/events/{event_id}/ticket-types", types, organization,
                    {"type": "VIP", "description": "guest list", "price": {"amount": 0, "currency": "EUR"},
                     "quantity": 5, "maxPerOrder": 2})
    one_type = "/ticketing/ticket-types/{ticketTypeId}"
    answered("put", f"/ticketing/ticket-types/{standard['id']}", one_type, organization,
             {"price": {"amount": 1600, "currency": "EUR"}, "quantity": 12})
    answered("get", f"/ticketing/ticket-types/{free['id']}", one_type)
    assert len(answered("get", f"/ticketing/events/{event_id}/ticket-types", types)["items"]) == 2

    started = "/ticketing/checkout-sessions"
    paid = answered("post", started, started, member, {"items": [{"ticketTypeId": standard["id"],
                                                                  "attendeeName": "Ada"}]})
    given = answered("post", started, started, member, {"items": [{"ticketTypeId": free["id"],
                                                                   "attendeeName": "Bob"}]})
    assert "redirectUrl" in paid and given["order"]["status"] == "COMPLETED"
    answered("get", f"/ticketing/orders/{paid['orderId']}", "/ticketing/orders/{orderId}", member)
    answered("get", f"/ticketing/users/{member.id}/orders?limit=1", "/ticketing/users/{userId}/orders", member)
    answered("get", f"/ticketing/users/{member.id}/tickets", "/ticketing/users/{userId}/tickets", member)
    ticket_id = given["order"]["ticketIds"][0]
    answered("get", f"/ticketing/tickets/{ticket_id}", "/ticketing/tickets/{ticketId}", member)
    scanned = answered("put", f"/ticketing/events/{event_id}/tickets/{ticket_id}/verify",
                       "/ticketing/events/{eventId}/tickets/{ticketId}/verify", organization)
    assert scanned["result"] == "admitted"
    cancelled = answered("post", f"/ticketing/orders/{paid['orderId']}/cancel", "/ticketing/orders/{orderId}/cancel",
                         member)
    assert cancelled["status"] == "CANCELLED"
