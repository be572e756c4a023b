"""State survives a restart: `snapshot()` to JSON, `restore()` into a fresh emulator."""

from __future__ import annotations

import json

import pytest
import stripe
from embedded_cloud.stripe_emulator import StripeEmulator, run_in_thread
from stripe_emulator_support import API_KEY, WEBHOOK_SECRET, WebhookReceiver, pay, session_params


def _client(emulator) -> stripe.StripeClient:
    return stripe.StripeClient(API_KEY, base_addresses={"api": emulator.url}, max_network_retries=0)


def test_state_survives_snapshot_and_restore(clock, receiver):
    second = WebhookReceiver()
    first_run, stop_first = run_in_thread(
        webhook_endpoints=[(receiver.url, WEBHOOK_SECRET)],
        clock=clock,
        expiry_check_interval=0.02,
        retry_base_delay=0.02,
    )
    try:
        client = _client(first_run)
        pending = client.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order_A"})
        paid = client.v1.checkout.sessions.create(session_params())
        pay(paid.url, "4242424242424242")
        intent_id = client.v1.checkout.sessions.retrieve(paid.id).payment_intent
        refund = client.v1.refunds.create({"payment_intent": intent_id, "amount": 500})
        endpoint = client.v1.webhook_endpoints.create({"url": second.url, "enabled_events": ["*"]})
        events_before = [e.id for e in client.v1.events.list(params={"limit": 100}).data]
        saved = json.dumps(first_run.snapshot())  # what the embedded cloud writes to its data dir
    finally:
        stop_first()

    second_run, stop_second = run_in_thread(
        webhook_endpoints=[(receiver.url, WEBHOOK_SECRET)],
        clock=clock,
        expiry_check_interval=0.02,
        retry_base_delay=0.02,
    )
    try:
        second_run.restore(json.loads(saved))
        client = _client(second_run)

        assert client.v1.checkout.sessions.retrieve(pending.id).status == "open"
        assert client.v1.checkout.sessions.retrieve(paid.id).payment_status == "paid"
        intent = client.v1.payment_intents.retrieve(intent_id)
        assert client.v1.charges.retrieve(intent.latest_charge).amount_refunded == 500
        assert client.v1.refunds.retrieve(refund.id).amount == 500
        assert [e.id for e in client.v1.events.list(params={"limit": 100}).data] == events_before

        replay = client.v1.checkout.sessions.create(session_params(), options={"idempotency_key": "order_A"})
        assert replay.id == pending.id
        assert replay.last_response.headers["Idempotent-Replayed"] == "true"

        # The endpoint created through the API, and its secret, came back too.
        assert [e.id for e in client.v1.webhook_endpoints.list().data] == [endpoint.id]
        clock.advance(24 * 3600)  # the restored open session still expires by itself
        expired = second.wait_for_event("checkout.session.expired", pending.id)
        delivery = second.delivery_of(expired["id"])
        stripe.Webhook.construct_event(delivery["body"], delivery["signature"], endpoint.secret)
        assert receiver.wait_for_event("checkout.session.expired", pending.id)
    finally:
        stop_second()
        second.close()


def test_snapshot_is_a_copy_and_unknown_formats_are_refused():
    emulator = StripeEmulator()
    snapshot = emulator.snapshot()
    snapshot["objects"]["checkout.session"].append({"id": "cs_test_injected"})

    assert emulator.snapshot()["objects"]["checkout.session"] == []
    with pytest.raises(ValueError, match="format"):
        emulator.restore({"format": 99})


def test_run_in_thread_reports_a_port_already_taken(emulator):
    port = int(emulator.url.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        run_in_thread(port=port)
