"""The purchase saga through the embedded cloud: reserve, pay on the Stripe emulator's hosted page, the signed
webhook, confirmation, the participation in interactions; and the failure paths that need no short hold."""

from __future__ import annotations

import json
import uuid

from support.bus import BusTap
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import (
    DECLINED_CARD,
    announce_event,
    checked_out,
    checkout,
    created_event,
    follow,
    get_order,
    get_type,
    order_in,
    pay,
    stripe_client,
    ticket_type,
)


def test_a_buyer_pays_on_the_hosted_page_and_the_order_is_confirmed(platform: Platform, organization: User,
                                                                    member: User) -> None:
    platform.verify_email(organization)  # it publishes through the events API
    event_id = created_event(platform, organization)  # through the events API: ticketing hears of it on the bus
    vip = ticket_type(platform, organization, event_id, kind="VIP", quantity=5, amount=4900)
    with BusTap(platform.cloud, "ticketing") as tap:
        started = checked_out(platform, member, vip["id"], count=2)
        order = started["order"]
        assert order["status"] == "PENDING" and len(order["ticketIds"]) == 2
        assert order["amount"] == {"amount": 9800, "currency": "EUR"}
        assert started["redirectUrl"].startswith(platform.cloud.stripe_url)
        assert (get_type(platform, vip["id"])["availableQuantity"], get_type(platform, vip["id"])["soldQuantity"]) \
            == (3, 2)
        session = stripe_client(platform).v1.checkout.sessions.retrieve(started["sessionId"])
        assert session.metadata["orderId"] == started["orderId"] and session.amount_total == 9800
        assert session.success_url.startswith(platform.url) and session.cancel_url.startswith(platform.url)

        status, location = pay(started["redirectUrl"])
        assert status == 303 and location.startswith(platform.url)
        confirmed = order_in(platform, member, started["orderId"], "COMPLETED")
        assert confirmed["paymentIntentId"].startswith("pi_")
        event = tap.wait_for("payments.order.confirmed", orderId=started["orderId"])
    assert event["payload"] == {"orderId": started["orderId"], "userId": member.id, "eventId": event_id,
                                "ticketCount": 2}
    assert get_type(platform, vip["id"])["soldQuantity"] == 2
    eventually(lambda: platform.request("GET", f"/interactions/users/{member.id}/participations/{event_id}",
                                        user=member).status == 200, what="the participation in interactions")
    execution = platform.cloud.client("stepfunctions").describe_execution(
        executionArn=_execution_arn(platform, started["orderId"]))
    eventually(lambda: platform.cloud.client("stepfunctions").describe_execution(
        executionArn=execution["executionArn"])["status"] == "SUCCEEDED", what="the saga to end")


def _execution_arn(platform: Platform, order_id: str) -> str:
    machine = platform.cloud.deployment.outputs["PurchaseStateMachineArn"]
    return machine.replace(":stateMachine:", ":execution:") + f":{order_id}"


def test_checkouts_that_cannot_be_sold_are_refused(platform: Platform, organization: User, member: User,
                                                   other_organization: User) -> None:
    platform.verify_email(organization)  # it may buy: the draft is refused as not on sale
    draft = announce_event(platform, organization, status="DRAFT")
    draft_type = ticket_type(platform, organization, draft)
    assert checkout(platform, member, [(draft_type["id"], "A")]).status == 404  # a draft is not known to buyers
    assert checkout(platform, organization, [(draft_type["id"], "A")]).status == 409  # its creator: not on sale
    past = announce_event(platform, organization, days=-1)
    assert checkout(platform, member, [(ticket_type(platform, organization, past)["id"], "A")]).status == 409
    open_event = announce_event(platform, organization)
    limited = ticket_type(platform, organization, open_event, maxPerOrder=2)
    other = ticket_type(platform, other_organization, announce_event(platform, other_organization))
    unknown = f"ett_{uuid.uuid4()}"
    assert checkout(platform, member, [(unknown, "A")]).status == 404
    assert checkout(platform, member, [(limited["id"], n) for n in "ABC"]).status == 400
    assert checkout(platform, member, [(limited["id"], "A"), (other["id"], "B")]).status == 400
    assert checkout(platform, member, [(limited["id"], "A")], successUrl="https://evil.example/x").status == 400
    assert checkout(platform, member, [(limited["id"], " ")]).status == 400
    assert checkout(platform, member, []).status == 400
    assert checkout(platform, member, [(limited["id"], "A")], userId=organization.id).status == 403
    assert platform.request("POST", "/ticketing/checkout-sessions",
                            {"items": [{"ticketTypeId": limited["id"], "attendeeName": "A"}]}).status == 401
    assert get_type(platform, limited["id"])["availableQuantity"] == 10
    assert get_type(platform, draft_type["id"], organization)["availableQuantity"] == 10


def test_the_same_idempotency_key_reserves_once(platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3)
    body = {"items": [{"ticketTypeId": standard["id"], "attendeeName": "Ada"}]}
    key = {"idempotency-key": str(uuid.uuid4())}
    first = platform.request("POST", "/ticketing/checkout-sessions", body, user=member, headers=key)
    again = platform.request("POST", "/ticketing/checkout-sessions", body, user=member, headers=key)
    assert first.status == again.status == 201
    assert first.json["orderId"] == again.json["orderId"]
    assert get_type(platform, standard["id"])["availableQuantity"] == 2


def test_a_declined_card_keeps_the_order_open_and_another_card_pays(platform: Platform, organization: User,
                                                                    member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization))
    started = checked_out(platform, member, standard["id"])
    assert pay(started["redirectUrl"], DECLINED_CARD)[0] == 402
    eventually(lambda: get_order(platform, member, started["orderId"]).get("reason") == "payment_failed",
               what="the payment_intent.payment_failed webhook")
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"
    assert pay(started["redirectUrl"])[0] == 303
    order_in(platform, member, started["orderId"], "COMPLETED")


def test_the_buyer_cancels_on_the_hosted_page(platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=4)
    cancel_page = f"{platform.url}/events/somewhere?cancelled=1"
    started = checked_out_with(platform, member, standard["id"], cancelUrl=cancel_page)
    session = stripe_client(platform).v1.checkout.sessions.retrieve(started["sessionId"])
    left = (f"{platform.url}/checkout/left?outcome=cancelled&order={started['orderId']}"
            "&back=%2Fevents%2Fsomewhere%3Fcancelled%3D1")  # our page says what happened, and links back
    with BusTap(platform.cloud, "ticketing") as tap:
        status, location = follow(session.cancel_url)  # where Stripe sends a buyer who gives up
        assert (status, location) == (303, left)
        cancelled = get_order(platform, member, started["orderId"])
        assert (cancelled["status"], cancelled["reason"]) == ("CANCELLED", "cancelled_by_buyer")
        rejected = tap.wait_for("payments.order.rejected", orderId=started["orderId"])
    assert rejected["payload"]["reason"] == "cancelled_by_buyer"
    assert get_type(platform, standard["id"])["availableQuantity"] == 4
    assert stripe_client(platform).v1.checkout.sessions.retrieve(started["sessionId"]).status == "expired"
    assert follow(session.cancel_url) == (303, left)  # again: nothing more happens, the same page
    assert get_type(platform, standard["id"])["availableQuantity"] == 4


def checked_out_with(platform: Platform, buyer: User, ticket_type_id: str, **extra: object) -> dict:
    response = checkout(platform, buyer, [(ticket_type_id, "Ada")], **extra)
    assert response.status == 201, response.raw
    return response.json


def test_the_buyer_cancels_from_the_platform_and_the_expiry_webhook_is_a_no_op(
        platform: Platform, organization: User, member: User, other_member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=4)
    started = checked_out(platform, member, standard["id"], count=2)
    path = f"/ticketing/orders/{started['orderId']}/cancel"
    assert platform.request("POST", path, user=other_member).status == 404
    assert platform.request("POST", path).status == 401
    cancelled = platform.request("POST", path, user=member)
    assert cancelled.status == 200 and cancelled.json["status"] == "CANCELLED"
    assert platform.request("POST", path, user=member).status == 409
    # Stripe's checkout.session.expired for the session we expired is delivered (acknowledged) and changes nothing
    client = stripe_client(platform)

    def expiry_acknowledged() -> bool:
        expired = next((e for e in client.v1.events.list(params={"type": "checkout.session.expired",
                                                                 "limit": 100}).data
                        if e.data.object["id"] == started["sessionId"]), None)
        return expired is not None and client.v1.events.retrieve(expired.id).pending_webhooks == 0

    eventually(expiry_acknowledged, what="Stripe's expiry event to reach the platform")
    assert get_type(platform, standard["id"])["availableQuantity"] == 4
    assert get_order(platform, member, started["orderId"])["reason"] == "cancelled_by_buyer"


def test_forged_and_replayed_webhooks(platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=4)
    started = checked_out(platform, member, standard["id"])
    forged = {"id": "evt_forged", "type": "checkout.session.completed",
              "data": {"object": {"id": started["sessionId"], "payment_status": "paid",
                                  "metadata": {"orderId": started["orderId"]}}}}
    for headers in ({"stripe-signature": "t=1,v1=forged"}, {}):
        response = platform.request("POST", "/ticketing/stripe/webhook", forged, headers=headers)
        assert response.status == 400
        assert response.headers["content-type"] == "application/problem+json"
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"
    with BusTap(platform.cloud, "ticketing") as tap:
        assert pay(started["redirectUrl"])[0] == 303
        order_in(platform, member, started["orderId"], "COMPLETED")
        tap.wait_for("payments.order.confirmed", orderId=started["orderId"])
        client = stripe_client(platform)
        completed = next(e for e in client.v1.events.list(params={"type": "checkout.session.completed",
                                                                   "limit": 100}).data
                         if e.data.object["id"] == started["sessionId"])
        client.raw_request("post", f"/v1/events/{completed.id}/retry")  # Stripe delivers the same event again
        eventually(lambda: client.v1.events.retrieve(completed.id).pending_webhooks == 0,
                   what="the resent event to be acknowledged")
        # a later change of ours as a marker: the outbox relays in order, so a second confirmation would be seen
        assert platform.request("PUT", f"/ticketing/ticket-types/{standard['id']}",
                                {"price": {"amount": 1600, "currency": "EUR"}, "quantity": 4},
                                user=organization).status == 200
        tap.wait_for("ticket-type.updated", ticketTypeId=standard["id"])
        assert len(tap.about("payments.order.confirmed", orderId=started["orderId"])) == 1
    assert get_type(platform, standard["id"])["soldQuantity"] == 1


def test_the_openapi_document_describes_the_purchase(platform: Platform) -> None:
    document = platform.request("GET", "/ticketing/openapi.json")
    assert document.status == 200
    paths = json.loads(document.raw)["paths"]
    assert "/ticketing/checkout-sessions" in paths and "/ticketing/events/{eventId}/ticket-types" in paths


def test_when_stripe_refuses_the_checkout_the_reservation_is_released_at_once(platform: Platform,
                                                                              organization: User,
                                                                              member: User) -> None:
    cheap = ticket_type(platform, organization, announce_event(platform, organization), quantity=3, amount=10)
    with BusTap(platform.cloud, "ticketing") as tap:
        refused = checkout(platform, member, [(cheap["id"], "Ada")])  # below Stripe's minimum charge
        assert refused.status == 400, refused.raw
        assert "payment provider" in refused.json["detail"]
        rejected = tap.wait_for("payments.order.rejected", userId=member.id)
    assert rejected["payload"]["reason"] == "checkout_unavailable"
    assert get_type(platform, cheap["id"])["availableQuantity"] == 3


def test_free_tickets_are_confirmed_at_once_withoutstripe_client(platform: Platform, organization: User,
                                                           member: User) -> None:
    free = ticket_type(platform, organization, announce_event(platform, organization), quantity=3, amount=0)
    with BusTap(platform.cloud, "ticketing") as tap:
        answer = checkout(platform, member, [(free["id"], "Ada"), (free["id"], "Bob")])
        assert answer.status == 201, answer.raw
        assert "sessionId" not in answer.json and answer.json["order"]["status"] == "COMPLETED"
        confirmed = tap.wait_for("payments.order.confirmed", orderId=answer.json["orderId"])
    assert confirmed["payload"]["ticketCount"] == 2
    assert get_type(platform, free["id"])["soldQuantity"] == 2
