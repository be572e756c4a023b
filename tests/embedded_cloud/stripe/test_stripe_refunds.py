"""Refunds of a paid Checkout Session, whole or partial, and the `charge.refunded` webhook."""

from __future__ import annotations

import pytest
import stripe
from stripe_emulator_support import WEBHOOK_SECRET, pay, session_params


@pytest.fixture
def paid_intent(client):
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4242424242424242")
    return client.v1.payment_intents.retrieve(client.v1.checkout.sessions.retrieve(session.id).payment_intent)


def test_full_refund_by_payment_intent(client, receiver, paid_intent):
    refund = client.v1.refunds.create(
        {"payment_intent": paid_intent.id, "metadata": {"orderId": "order_7f3c"}}
    )

    assert refund.id.startswith("re_")
    assert (refund.status, refund.amount, refund.currency) == ("succeeded", 3500, "eur")
    assert (refund.payment_intent, refund.charge) == (paid_intent.id, paid_intent.latest_charge)
    assert refund.metadata.to_dict() == {"orderId": "order_7f3c"}
    assert client.v1.refunds.retrieve(refund.id).to_dict() == refund.to_dict()
    charge = client.v1.charges.retrieve(paid_intent.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (3500, True)

    refunded = receiver.wait_for_event("charge.refunded", charge.id)
    delivery = receiver.delivery_of(refunded["id"])
    event = stripe.Webhook.construct_event(delivery["body"], delivery["signature"], WEBHOOK_SECRET)
    assert event.data.object.refunded is True
    assert event.data.object.metadata["orderId"] == "order_7f3c"
    assert event.data.previous_attributes.to_dict() == {"amount_refunded": 0, "refunded": False}
    assert receiver.wait_for_event("refund.created", refund.id)["data"]["object"]["amount"] == 3500


def test_partial_refunds_up_to_the_remaining_amount(client, paid_intent):
    client.v1.refunds.create({"charge": paid_intent.latest_charge, "amount": 1000})
    charge = client.v1.charges.retrieve(paid_intent.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (1000, False)

    with pytest.raises(stripe.InvalidRequestError) as too_much:
        client.v1.refunds.create({"payment_intent": paid_intent.id, "amount": 2501})
    assert too_much.value.code == "amount_too_large"
    assert too_much.value.param == "amount"

    rest = client.v1.refunds.create({"payment_intent": paid_intent.id})
    assert rest.amount == 2500
    assert client.v1.charges.retrieve(paid_intent.latest_charge).refunded is True

    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create({"payment_intent": paid_intent.id})
    assert again.value.code == "charge_already_refunded"


def test_refund_needs_a_paid_charge(client):
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4000000000000002")
    intent_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent

    with pytest.raises(stripe.InvalidRequestError) as unpaid:
        client.v1.refunds.create({"payment_intent": intent_id})
    with pytest.raises(stripe.InvalidRequestError) as nothing:
        client.v1.refunds.create({})
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        client.v1.refunds.create({"charge": "ch_unknown"})

    assert "does not have a successful charge" in unpaid.value.user_message
    assert "payment_intent or charge" in nothing.value.user_message
    assert (unknown.value.http_status, unknown.value.code) == (404, "resource_missing")
