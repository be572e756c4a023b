"""Expiring Checkout Sessions: on request, and by themselves when `expires_at` passes (injected clock)."""

from __future__ import annotations

import pytest
import requests
import stripe
from stripe_emulator_support import pay, session_params


def test_expire_closes_an_open_session_and_emits_checkout_session_expired(client, receiver):
    session = client.v1.checkout.sessions.create(session_params())

    expired = client.v1.checkout.sessions.expire(session.id)

    assert (expired.status, expired.payment_status, expired.url) == ("expired", "unpaid", None)
    event = receiver.wait_for_event("checkout.session.expired", session.id)
    assert event["data"]["object"]["status"] == "expired"
    assert event["data"]["object"]["metadata"] == {"orderId": "order_7f3c"}
    assert event["request"]["id"] == expired.last_response.request_id


def test_only_an_open_session_can_be_expired(client):
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4242424242424242")

    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.expire(session.id)

    assert refused.value.http_status == 400
    assert 'status of "complete"' in refused.value.user_message
    assert client.v1.checkout.sessions.retrieve(session.id).status == "complete"


def test_expired_session_page_says_so_and_refuses_payment(client):
    session = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(session.id)

    page = requests.get(session.url, timeout=10)
    attempt = pay(session.url, "4242424242424242")

    assert page.status_code == 410
    assert "This Checkout Session has expired." in page.text
    assert attempt.status_code == 410
    assert client.v1.checkout.sessions.retrieve(session.id).payment_status == "unpaid"


def test_session_expires_by_itself_when_expires_at_passes(client, receiver, clock):
    expires_at = int(clock()) + 30 * 60
    session = client.v1.checkout.sessions.create(session_params(expires_at=expires_at))
    assert session.expires_at == expires_at

    clock.advance(30 * 60 - 1)
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
    clock.advance(1)

    # No API call: the emulator's own timer expires it and sends the webhook.
    event = receiver.wait_for_event("checkout.session.expired", session.id)
    assert event["request"] == {"id": None, "idempotency_key": None}
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"


def test_a_session_past_expires_at_cannot_be_paid_even_before_the_timer_runs(emulator_factory, clock):
    emulator = emulator_factory(expiry_check_interval=3600)  # the timer will not run during this test
    client = stripe.StripeClient("sk_test_x", base_addresses={"api": emulator.url}, max_network_retries=0)
    session = client.v1.checkout.sessions.create(session_params())
    clock.advance(24 * 3600)

    assert pay(session.url, "4242424242424242").status_code == 410
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"


def test_a_failed_attempt_leaves_an_intent_that_expiry_cancels(client, receiver):
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4000000000000002")

    client.v1.checkout.sessions.expire(session.id)

    canceled = receiver.wait_for_event("payment_intent.canceled")
    assert canceled["data"]["object"]["id"] == client.v1.checkout.sessions.retrieve(session.id).payment_intent
    assert canceled["data"]["object"]["cancellation_reason"] == "abandoned"


@pytest.mark.parametrize(
    ("lifetime", "message"),
    [(30 * 60 - 1, "at least 30 minutes"), (24 * 3600 + 1, "less than 24 hours")],
)
def test_expires_at_must_be_30_minutes_to_24_hours_ahead(client, clock, lifetime, message):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.create(session_params(expires_at=int(clock()) + lifetime))

    assert refused.value.http_status == 400
    assert refused.value.param == "expires_at"
    assert message in refused.value.user_message
    assert client.v1.checkout.sessions.list().data == []
