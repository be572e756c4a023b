"""Refund requests through the platform: the organizer's policy (none by default; until N days before), the
holder's request, the organizer's list and decision; an approval refunds the ticket's price through Stripe,
marks it REFUNDED, gives its stock back - to the waiting list first - and tells the buyer."""

from __future__ import annotations

from support.bus import BusTap
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, get_type, ticket_type
from tickets_e2e import bought, stripe_get, ticket, verify
from waiting_e2e import join, offered


def policy(platform: Platform, user: User, event_id: str, allowed: bool = True, days: int = 7) -> int:
    return platform.request("PUT", f"/ticketing/events/{event_id}/refund-policy",
                            {"allowed": allowed, "untilDaysBefore": days}, user=user).status


def ask(platform: Platform, user: User, ticket_id: str) -> int:
    return platform.request("POST", f"/ticketing/tickets/{ticket_id}/refund-request", {"reason": "ill"},
                            user=user).status


def decide(platform: Platform, user: User, ticket_id: str, decision: str) -> int:
    return platform.request("PUT", f"/ticketing/tickets/{ticket_id}/refund-request/decision",
                            {"decision": decision}, user=user).status


def test_an_approved_request_is_refunded_through_stripe_and_its_ticket_goes_to_the_waiting_list(
        platform: Platform, organization: User, other_organization: User, member: User,
        other_member: User) -> None:
    event_id = announce_event(platform, organization)
    standard = ticket_type(platform, organization, event_id, quantity=2)
    order = bought(platform, member, standard["id"], count=2)
    kept, returned = order["ticketIds"]

    assert platform.request("GET", f"/ticketing/events/{event_id}/refund-policy").json["allowed"] is False
    assert ask(platform, member, returned) == 409  # no refunds unless the organizer says so
    assert policy(platform, other_organization, event_id) == 403
    assert policy(platform, member, event_id) == 403
    assert policy(platform, organization, event_id, days=400) == 400
    assert policy(platform, None, event_id) == 401
    assert policy(platform, organization, event_id) == 200
    assert platform.request("GET", f"/ticketing/events/{event_id}/refund-policy").json["requestsCloseAt"]

    assert ask(platform, other_member, returned) == 404  # not hers
    assert ask(platform, member, returned) == 201
    assert ask(platform, member, returned) == 409  # once
    assert ask(platform, member, kept) == 201
    asked = platform.request("GET", f"/ticketing/tickets/{returned}/refund-request", user=organization)
    assert asked.status == 200 and asked.json["status"] == "REQUESTED"
    assert platform.request("GET", f"/ticketing/tickets/{returned}/refund-request", user=other_member).status == 404
    assert platform.request("GET", f"/ticketing/events/{event_id}/refund-requests",
                            user=other_organization).status == 403
    listed = platform.request("GET", f"/ticketing/events/{event_id}/refund-requests", user=organization)
    assert {r["ticketId"] for r in listed.json["items"]} == {kept, returned}

    assert join(platform, other_member, standard["id"], "Grace").status == 201  # sold out: she waits
    assert decide(platform, other_organization, returned, "APPROVED") == 403
    assert decide(platform, member, returned, "APPROVED") == 403
    assert decide(platform, organization, kept, "DECLINED") == 200
    with BusTap(platform.cloud, "ticketing") as tap:
        assert decide(platform, organization, returned, "APPROVED") == 200
        refunded = tap.wait_for("payments.order.refunded", orderId=order["id"])
    assert refunded["payload"] == {"orderId": order["id"], "userId": member.id, "eventId": event_id,
                                   "ticketIds": [returned], "amount": {"amount": 1500, "currency": "EUR"},
                                   "reason": "refund_requested"}
    assert decide(platform, organization, returned, "APPROVED") == 409  # decided
    assert decide(platform, organization, kept, "APPROVED") == 409  # declined is final
    assert ticket(platform, member, returned)["status"] == "REFUNDED"
    assert ticket(platform, member, kept)["status"] == "ACTIVE"
    assert verify(platform, organization, event_id, returned).status == 409  # a refunded ticket does not pass
    figures = platform.request("GET", f"/ticketing/events/{event_id}/checkins", user=organization).json
    assert (figures["sold"], figures["admitted"]) == (1, 0)  # the refund counted out with its approval
    intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
    assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 1500

    offered(platform, other_member, standard["id"])  # the ticket came back: to the first in line
    assert get_type(platform, standard["id"])["availableQuantity"] == 0
    eventually(lambda: any(n["type"] == "refund_approved" for n in
                           platform.request("GET", "/notifications", user=member).json["items"]),
               what="the buyer's notification")
    mail = platform.mailbox.wait_for(member.email, "refund for")  # and by e-mail
    assert mail["subject"] == "Your refund for Jazz on the Roof was approved" and "15.00 EUR" in mail["text"]


def test_requests_close_n_days_before_the_event(platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization, days=3)
    standard = ticket_type(platform, organization, event_id)
    order = bought(platform, member, standard["id"])
    assert policy(platform, organization, event_id, days=7) == 200
    assert ask(platform, member, order["ticketIds"][0]) == 409  # closed four days ago
    assert policy(platform, organization, event_id, days=2) == 200
    assert ask(platform, member, order["ticketIds"][0]) == 201
