"""What a Stripe payment must be to confirm an order, through the real gateway, the signed webhooks of the
Stripe emulator and the purchase saga: the order's own session (not another one carrying its id in the
metadata), paid (a delayed method completes a session unpaid: only `async_payment_succeeded` pays, a failure
releases the order, and a buyer's cancel meanwhile releases it); and a late webhook for an order refunded by its
event's cancellation refunds nothing more."""

from __future__ import annotations

from typing import Any

from support.bus import BusTap, publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import (
    announce_event,
    checked_out,
    get_order,
    get_type,
    order_in,
    pay,
    stored_order,
    stripe_client,
    ticket_type,
    ticketing_table,
)
from tickets_e2e import bought, stripe_get


def _event_of(platform: Platform, event_type: str, session_id: str) -> Any:
    """The Stripe event of this type about this session, once the platform has acknowledged it."""
    client = stripe_client(platform)

    def acknowledged() -> Any:
        found = next((e for e in client.v1.events.list(params={"type": event_type, "limit": 100}).data
                      if e.data.object["id"] == session_id), None)
        return found if found is not None and client.v1.events.retrieve(found.id).pending_webhooks == 0 else None

    return eventually(acknowledged, what=f"{event_type} of {session_id} acknowledged by the platform")


def _test_helper(platform: Platform, session_id: str, action: str, **params: str) -> None:
    stripe_client(platform).raw_request("post", f"/v1/test_helpers/checkout/sessions/{session_id}/{action}", **params)


def _charge(platform: Platform, intent_id: str) -> dict[str, Any]:
    return stripe_get(platform, f"charges/{stripe_get(platform, f'payment_intents/{intent_id}')['latest_charge']}")


def test_a_session_naming_an_order_it_is_not_confirms_nothing_and_its_money_goes_back(
        platform: Platform, organization: User, member: User) -> None:
    """M1: anyone with a key to the account (on the emulator: any sk_test_ key) opens a 0.50 EUR session carrying
    a 49 EUR order's id in its metadata and pays it; its genuine, signed webhook must not confirm the order."""
    vip = ticket_type(platform, organization, announce_event(platform, organization), kind="VIP", amount=4900)
    started = checked_out(platform, member, vip["id"])
    cheap = stripe_client(platform).v1.checkout.sessions.create(params={
        "mode": "payment", "metadata": {"orderId": started["orderId"]},
        "success_url": f"{platform.url}/done", "line_items": [{"quantity": 1, "price_data": {
            "currency": "eur", "unit_amount": 50, "product_data": {"name": "VIP ticket"}}}]})
    assert pay(cheap.url)[0] == 303
    _event_of(platform, "checkout.session.completed", cheap.id)
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"
    intent = stripe_client(platform).v1.checkout.sessions.retrieve(cheap.id).payment_intent
    eventually(lambda: _charge(platform, intent)["amount_refunded"] == 50, what="the foreign payment refunded")
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"
    assert pay(started["redirectUrl"])[0] == 303  # the order's own session still pays it
    order_in(platform, member, started["orderId"], "COMPLETED")


def test_a_session_completed_unpaid_is_released_when_the_buyer_cancels_and_its_late_payment_refunded(
        platform: Platform, organization: User, member: User) -> None:
    """H2: a delayed method (SEPA Direct Debit) completes the session with the money still on its way; the
    buyer's cancel must release the order, not confirm it, and the money arriving later goes back."""
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3, amount=2500)
    started = checked_out(platform, member, standard["id"])
    _test_helper(platform, started["sessionId"], "pay_by_debit")
    _event_of(platform, "checkout.session.completed", started["sessionId"])
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"  # unpaid: nothing confirmed

    cancelled = platform.request("POST", f"/ticketing/orders/{started['orderId']}/cancel", user=member)
    assert cancelled.status == 200, cancelled.raw
    assert (cancelled.json["status"], cancelled.json["reason"]) == ("CANCELLED", "cancelled_by_buyer")
    assert get_type(platform, standard["id"])["availableQuantity"] == 3

    with BusTap(platform.cloud, "ticketing") as tap:
        _test_helper(platform, started["sessionId"], "settle_debit", outcome="succeeded")
        refunded = tap.wait_for("payments.order.refunded", orderId=started["orderId"])
    assert refunded["payload"]["reason"] == "late_payment"
    intent = stripe_client(platform).v1.checkout.sessions.retrieve(started["sessionId"]).payment_intent
    assert _charge(platform, intent)["amount_refunded"] == 2500
    notice = platform.mailbox.wait_for(member.email, "was refunded")  # the buyer is told by e-mail
    assert "25.00 EUR was refunded" in notice["text"]
    assert len(platform.mailbox.matching(member.email, "Jazz on the Roof")) == 1  # the buyer's cancel: no mail
    assert get_order(platform, member, started["orderId"])["status"] == "CANCELLED"


def test_a_delayed_payment_confirms_the_order_when_it_succeeds(platform: Platform, organization: User,
                                                               member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3)
    started = checked_out(platform, member, standard["id"])
    _test_helper(platform, started["sessionId"], "pay_by_debit")
    _event_of(platform, "checkout.session.completed", started["sessionId"])
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"
    with BusTap(platform.cloud, "ticketing") as tap:
        _test_helper(platform, started["sessionId"], "settle_debit", outcome="succeeded")
        confirmed = order_in(platform, member, started["orderId"], "COMPLETED")
        tap.wait_for("payments.order.confirmed", orderId=started["orderId"])
    assert confirmed["paymentIntentId"].startswith("pi_")
    assert get_type(platform, standard["id"])["soldQuantity"] == 1


def test_a_failed_delayed_payment_releases_the_order(platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3)
    started = checked_out(platform, member, standard["id"], count=2)
    _test_helper(platform, started["sessionId"], "pay_by_debit")
    _event_of(platform, "checkout.session.completed", started["sessionId"])
    with BusTap(platform.cloud, "ticketing") as tap:
        _test_helper(platform, started["sessionId"], "settle_debit", outcome="failed")
        released = order_in(platform, member, started["orderId"], "CANCELLED")
        rejected = tap.wait_for("payments.order.rejected", orderId=started["orderId"])
    assert released["reason"] == rejected["payload"]["reason"] == "payment_failed"
    assert get_type(platform, standard["id"])["availableQuantity"] == 3
    notice = platform.mailbox.wait_for(member.email, "did not go through")  # the buyer is told by e-mail
    assert notice["subject"] == "Your payment for Jazz on the Roof did not go through" and not notice["attachments"]


def test_a_late_webhook_for_an_order_refunded_by_its_events_cancellation_refunds_nothing_more(
        platform: Platform, organization: User, member: User) -> None:
    """L11: the order's checkout.session.completed comes again after the event's cancellation refunded the order
    (as after a crash between handling a Stripe event and remembering it): acknowledged, nothing refunded twice,
    no error loop."""
    event_id = announce_event(platform, organization)
    order = bought(platform, member, ticket_type(platform, organization, event_id, amount=3000)["id"])
    completed = _event_of(platform, "checkout.session.completed", _session_of(platform, order["paymentIntentId"]))
    with BusTap(platform.cloud, "ticketing") as tap:
        publish(platform.cloud, "event.cancelled", {"eventId": event_id, "creatorId": organization.id,
                                                    "name": "Jazz on the Roof"}, "events")
        tap.wait_for("payments.order.refunded", orderId=order["id"])
        refund_id = eventually(lambda: stored_order(platform, order["id"]).get("refundId"), what="the refund recorded")

        platform.cloud.client("dynamodb").delete_item(  # the crash: Stripe's event handled but not remembered
            TableName=ticketing_table(platform), Key={"PK": {"S": f"STRIPE#{completed.id}"}, "SK": {"S": "WEBHOOK"}})
        stripe_client(platform).raw_request("post", f"/v1/events/{completed.id}/retry")
        eventually(lambda: stripe_client(platform).v1.events.retrieve(completed.id).pending_webhooks == 0,
                   what="the late webhook acknowledged")
        assert [e["payload"]["reason"] for e in tap.about("payments.order.refunded", orderId=order["id"])] \
            == ["event_cancelled"]
    assert _charge(platform, order["paymentIntentId"])["amount_refunded"] == 3000
    assert stored_order(platform, order["id"])["refundId"] == refund_id
    assert get_order(platform, member, order["id"])["reason"] == "event_cancelled"


def _session_of(platform: Platform, intent_id: str) -> str:
    return stripe_client(platform).v1.checkout.sessions.list(params={"payment_intent": intent_id}).data[0].id

