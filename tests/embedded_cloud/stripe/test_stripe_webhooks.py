"""Webhook delivery: retries with backoff, endpoints managed through the API, never blocking the API."""

from __future__ import annotations

import json
import threading

import requests
import stripe
from stripe_emulator_support import (
    API_KEY,
    WEBHOOK_SECRET,
    WebhookReceiver,
    auth,
    pay,
    session_params,
    wait_for,
)


def test_a_failed_delivery_is_retried_until_the_receiver_accepts_it(client, receiver):
    receiver.failures_left = 2
    session = client.v1.checkout.sessions.create(session_params())

    client.v1.checkout.sessions.expire(session.id)

    event = receiver.wait_for_event("checkout.session.expired", session.id)
    attempts = [d for d in receiver.deliveries if json.loads(d["body"])["id"] == event["id"]]
    assert [a["status"] for a in attempts] == [500, 500, 200]
    for attempt in attempts:  # each attempt is signed afresh, and each signature verifies
        stripe.Webhook.construct_event(attempt["body"], attempt["signature"], WEBHOOK_SECRET)
    wait_for(
        lambda: client.v1.events.retrieve(event["id"]).pending_webhooks == 0, message="pending_webhooks 0"
    )


def test_delivery_stops_after_the_maximum_number_of_attempts(client, receiver):
    receiver.failures_left = 100
    session = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(session.id)
    wait_for(lambda: len(receiver.deliveries) >= 4, message="four attempts")
    abandoned = client.v1.events.list(params={"type": "checkout.session.expired"}).data[0]

    receiver.failures_left = 0
    later = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(later.id)
    receiver.wait_for_event("checkout.session.expired", later.id)

    attempts = [d for d in receiver.deliveries if json.loads(d["body"])["id"] == abandoned.id]
    assert [a["status"] for a in attempts] == [500, 500, 500, 500]  # max_delivery_attempts=4 in conftest
    assert client.v1.events.retrieve(abandoned.id).pending_webhooks == 1


def test_an_unreachable_endpoint_does_not_stop_delivery_to_the_others(emulator_factory, receiver):
    emulator = emulator_factory(
        webhook_endpoints=[("http://127.0.0.1:9/unreachable", "whsec_a"), (receiver.url, WEBHOOK_SECRET)]
    )
    client = stripe.StripeClient(API_KEY, base_addresses={"api": emulator.url}, max_network_retries=0)
    session = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(session.id)

    assert receiver.wait_for_event("checkout.session.expired", session.id)


def test_the_api_answers_while_a_receiver_is_still_busy(client, receiver):
    receiver.gate.clear()  # the receiver holds every delivery until the gate opens
    try:
        session = client.v1.checkout.sessions.create(session_params())
        expired = client.v1.checkout.sessions.expire(session.id)
        assert expired.status == "expired"
        assert receiver.accepted() == []
    finally:
        receiver.gate.set()
    receiver.wait_for_event("checkout.session.expired", session.id)


def test_endpoints_created_through_the_api_get_their_own_secret_and_events(client, receiver):
    second = WebhookReceiver()
    try:
        endpoint = client.v1.webhook_endpoints.create(
            {"url": second.url, "enabled_events": ["checkout.session.completed"]}
        )
        assert endpoint.id.startswith("we_")
        assert endpoint.secret.startswith("whsec_")
        assert endpoint.status == "enabled"
        assert "secret" not in client.v1.webhook_endpoints.retrieve(endpoint.id)
        assert [e.id for e in client.v1.webhook_endpoints.list().data] == [endpoint.id]

        session = client.v1.checkout.sessions.create(session_params())
        pay(session.url, "4242424242424242")
        completed = second.wait_for_event("checkout.session.completed", session.id)
        delivery = second.delivery_of(completed["id"])
        stripe.Webhook.construct_event(delivery["body"], delivery["signature"], endpoint.secret)
        assert {e["type"] for e in second.accepted()} == {"checkout.session.completed"}

        deleted = client.v1.webhook_endpoints.delete(endpoint.id)
        assert deleted.deleted is True
        assert client.v1.webhook_endpoints.list().data == []
        other = client.v1.checkout.sessions.create(session_params())
        pay(other.url, "4242424242424242")
        # The event names its destinations when created: only the configured receiver is left.
        assert receiver.wait_for_event("checkout.session.completed", other.id)["pending_webhooks"] == 1
        assert [e["data"]["object"]["id"] for e in second.accepted()] == [session.id]
    finally:
        second.close()


def test_disabled_endpoint_receives_nothing(client, receiver):
    second = WebhookReceiver()
    try:
        endpoint = client.v1.webhook_endpoints.create({"url": second.url, "enabled_events": ["*"]})
        client.v1.webhook_endpoints.update(endpoint.id, {"disabled": True})
        session = client.v1.checkout.sessions.create(session_params())
        client.v1.checkout.sessions.expire(session.id)

        assert receiver.wait_for_event("checkout.session.expired", session.id)["pending_webhooks"] == 1
        assert client.v1.webhook_endpoints.retrieve(endpoint.id).status == "disabled"
        assert second.accepted() == []
    finally:
        second.close()


def test_webhook_endpoint_parameters_are_validated(emulator):
    missing = requests.post(
        f"{emulator.url}/v1/webhook_endpoints",
        data={"url": "http://127.0.0.1:1/x"},
        headers=auth(),
        timeout=10,
    )
    bad_url = requests.post(
        f"{emulator.url}/v1/webhook_endpoints",
        data={"url": "not a url", "enabled_events[]": "*"},
        headers=auth(),
        timeout=10,
    )

    assert missing.status_code == 400
    assert missing.json()["error"]["param"] == "enabled_events"
    assert bad_url.status_code == 400
    assert bad_url.json()["error"]["code"] == "url_invalid"


def test_receiver_runs_concurrently_with_other_deliveries(client, receiver):
    """Two events in flight at once both arrive: deliveries do not wait for one another."""
    barrier = threading.Barrier(2, timeout=10)
    original_gate = receiver.gate

    class MeetingGate:
        def wait(self, timeout: float) -> bool:
            barrier.wait()
            return True

        def set(self) -> None:
            original_gate.set()

    receiver.gate = MeetingGate()  # each delivery waits until a second one is being received
    a = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(a.id)
    b = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(b.id)

    receiver.wait_for_event("checkout.session.expired", a.id)
    receiver.wait_for_event("checkout.session.expired", b.id)


def test_an_event_can_be_resent_and_arrives_again_with_the_same_id(client, receiver):
    session = client.v1.checkout.sessions.create(session_params())
    client.v1.checkout.sessions.expire(session.id)
    event = receiver.wait_for_event("checkout.session.expired", session.id)

    client.raw_request("post", f"/v1/events/{event['id']}/retry")  # what `stripe events resend` calls

    wait_for(lambda: len([d for d in receiver.deliveries if json.loads(d["body"])["id"] == event["id"]]) == 2,
             message="the second delivery")
    for delivery in receiver.deliveries:
        stripe.Webhook.construct_event(delivery["body"], delivery["signature"], WEBHOOK_SECRET)
