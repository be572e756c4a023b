"""Checkout Sessions through the official SDK, paid on the hosted page, with signed webhooks."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import stripe
from stripe_emulator_support import WEBHOOK_SECRET, pay, session_params


def test_create_session_returns_an_open_session_with_its_hosted_page(client, emulator):
    session = client.v1.checkout.sessions.create(session_params())

    assert re.fullmatch(r"cs_test_[A-Za-z0-9]{58}", session.id)  # Stripe's shape: 58 random base62 characters
    assert session.object == "checkout.session"
    assert (session.status, session.payment_status, session.mode) == ("open", "unpaid", "payment")
    assert (session.amount_subtotal, session.amount_total, session.currency) == (3500, 3500, "eur")
    assert session.metadata.to_dict() == {"orderId": "order_7f3c"}
    assert session.client_reference_id == "order_7f3c"
    assert session.customer_email == "ada@example.com"
    assert session.payment_intent is None
    assert session.livemode is False
    assert session.expires_at == session.created + 24 * 3600
    assert session.url == f"{emulator.url}/checkout/{session.id}"
    assert client.v1.checkout.sessions.retrieve(session.id).to_dict() == session.to_dict()


def test_same_idempotency_key_replays_the_first_response(client):
    first = client.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order_7f3c"})
    again = client.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order_7f3c"})

    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert again.last_response.body == first.last_response.body
    assert len(client.v1.checkout.sessions.list().data) == 1


def test_same_idempotency_key_with_other_parameters_is_refused(client):
    client.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order_7f3c"})

    with pytest.raises(stripe.IdempotencyError) as refused:
        client.v1.checkout.sessions.create(
            session_params(metadata={"orderId": "order_other"}), options={"idempotency_key": "order_7f3c"}
        )

    assert refused.value.http_status == 400
    assert refused.value.json_body["error"]["type"] == "idempotency_error"
    assert len(client.v1.checkout.sessions.list().data) == 1


def test_idempotency_keys_are_scoped_to_the_api_key(client, emulator):
    other_account = stripe.StripeClient(
        "sk_test_another_account", base_addresses={"api": emulator.url}, max_network_retries=0
    )
    mine = client.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "k1"})
    theirs = other_account.v1.checkout.sessions.create(
        session_params(metadata={"orderId": "x"}), options={"idempotency_key": "k1"}
    )

    assert theirs.id != mine.id
    assert "Idempotent-Replayed" not in theirs.last_response.headers


def test_paying_with_4242_completes_the_session_and_redirects_to_success_url(client, receiver):
    session = client.v1.checkout.sessions.create(session_params())

    answer = pay(
        session.url,
        "4242 4242 4242 4242",
        email="ada@example.com",
        card_expiry="12 / 34",
        card_cvc="123",
        cardholder_name="Ada Lovelace",
    )

    assert answer.status_code == 303
    location = urlsplit(answer.headers["Location"])
    assert (location.netloc, location.path) == ("127.0.0.1:5173", "/orders/order_7f3c")
    assert parse_qs(location.query) == {"session_id": [session.id]}

    paid = client.v1.checkout.sessions.retrieve(session.id)
    assert (paid.status, paid.payment_status, paid.url) == ("complete", "paid", None)
    assert paid.customer_details.email == "ada@example.com"
    intent = client.v1.payment_intents.retrieve(paid.payment_intent)
    assert intent.id.startswith("pi_")
    assert (intent.status, intent.amount, intent.amount_received, intent.currency) == (
        "succeeded",
        3500,
        3500,
        "eur",
    )
    assert intent.metadata.to_dict() == {"orderId": "order_7f3c"}
    charge = client.v1.charges.retrieve(intent.latest_charge)
    assert charge.id.startswith("ch_")
    assert (charge.status, charge.paid, charge.captured, charge.amount) == ("succeeded", True, True, 3500)
    assert charge.payment_intent == intent.id
    assert charge.payment_method_details.card.last4 == "4242"
    assert charge.payment_method_details.card.brand == "visa"
    assert charge.billing_details.name == "Ada Lovelace"


def test_completed_payment_is_announced_by_a_signed_webhook(client, receiver):
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4242424242424242")

    completed = receiver.wait_for_event("checkout.session.completed", session.id)
    delivery = receiver.delivery_of(completed["id"])

    event = stripe.Webhook.construct_event(delivery["body"], delivery["signature"], WEBHOOK_SECRET)
    assert event.id.startswith("evt_")
    assert event.type == "checkout.session.completed"
    assert event.livemode is False
    assert event.api_version
    session_in_event = event.data.object
    assert (session_in_event.status, session_in_event.payment_status) == ("complete", "paid")
    assert session_in_event.metadata["orderId"] == "order_7f3c"
    assert delivery["content_type"].startswith("application/json")
    assert {e["type"] for e in receiver.accepted()} >= {
        "payment_intent.succeeded",
        "charge.succeeded",
        "checkout.session.completed",
    }


def test_a_forged_or_tampered_webhook_fails_verification(client, receiver):
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4242424242424242")
    completed = receiver.wait_for_event("checkout.session.completed", session.id)
    delivery = receiver.delivery_of(completed["id"])

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(delivery["body"], delivery["signature"], "whsec_not_the_secret")
    tampered = delivery["body"].replace('"paid"', '"unpaid"')
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(tampered, delivery["signature"], WEBHOOK_SECRET)


def test_declined_card_keeps_the_session_open_and_shows_why(client, receiver):
    session = client.v1.checkout.sessions.create(session_params())

    answer = pay(session.url, "4000 0000 0000 0002")

    assert answer.status_code == 402
    assert "Your card was declined." in answer.text
    assert 'role="alert"' in answer.text
    still_open = client.v1.checkout.sessions.retrieve(session.id)
    assert (still_open.status, still_open.payment_status) == ("open", "unpaid")
    failed = receiver.wait_for_event("payment_intent.payment_failed")
    assert failed["data"]["object"]["last_payment_error"]["decline_code"] == "generic_decline"
    assert failed["data"]["object"]["status"] == "requires_payment_method"

    # The buyer tries again with a good card on the same session.
    assert pay(session.url, "4242424242424242").status_code == 303
    paid = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    assert paid.payment_status == "paid"
    assert paid.payment_intent.id == failed["data"]["object"]["id"]
    assert paid.payment_intent.status == "succeeded"


def test_hosted_page_shows_items_total_labelled_fields_and_back_link(client):
    session = client.v1.checkout.sessions.create(session_params())

    page = requests.get(session.url, timeout=10)

    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    html = page.text
    for text in ("Standard ticket", "Cloakroom", "€35.00", "€30.00", "Pay €35.00"):
        assert text in html
    for field in ("email", "card_number", "card_expiry", "card_cvc", "cardholder_name"):
        assert f'<label for="{field}">' in html
        assert f'id="{field}" name="{field}"' in html
    assert 'href="http://127.0.0.1:5173/orders/order_7f3c/cancelled"' in html
    assert '<button type="submit">' in html


def test_invalid_card_number_is_reported_on_the_page(client):
    session = client.v1.checkout.sessions.create(session_params())

    answer = pay(session.url, "4242 4242 4242 4241")

    assert answer.status_code == 400
    assert "Your card number is invalid." in answer.text
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"


def test_completed_session_page_says_so_and_cannot_be_paid_twice(client):
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4242424242424242")

    page = requests.get(session.url, timeout=10)
    second = pay(session.url, "4242424242424242")

    assert "already complete" in page.text
    assert second.status_code == 409
    assert len(client.v1.events.list(params={"type": "charge.succeeded"}).data) == 1


def test_unknown_session_page_is_not_found(emulator):
    assert requests.get(f"{emulator.url}/checkout/cs_test_nope", timeout=10).status_code == 404


def test_line_items_are_listed_and_expandable(client):
    session = client.v1.checkout.sessions.create(session_params())

    items = client.v1.checkout.sessions.line_items.list(session.id)
    expanded = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["line_items"]})

    assert [(i.description, i.quantity, i.amount_total) for i in items.data] == [
        ("Standard ticket", 2, 3000),
        ("Cloakroom", 1, 500),
    ]
    assert expanded.line_items.data[0].price.unit_amount == 1500


def test_sessions_are_listed_newest_first_and_filtered_by_status(client):
    first = client.v1.checkout.sessions.create(session_params())
    second = client.v1.checkout.sessions.create(session_params())
    pay(first.url, "4242424242424242")

    assert [s.id for s in client.v1.checkout.sessions.list().data] == [second.id, first.id]
    assert [s.id for s in client.v1.checkout.sessions.list(params={"status": "complete"}).data] == [first.id]
    page = client.v1.checkout.sessions.list(params={"limit": 1})
    assert page.has_more is True
    rest = client.v1.checkout.sessions.list(params={"limit": 1, "starting_after": page.data[0].id})
    assert [s.id for s in rest.data] == [first.id]
    assert rest.has_more is False
    expanded = client.v1.checkout.sessions.list(params={"expand": ["data.payment_intent"]})
    assert [getattr(s.payment_intent, "status", None) for s in expanded.data] == [None, "succeeded"]
