"""The purchase's failure paths, with Stripe failing on purpose (the emulator's `/v1/test_helpers/faults`):
Stripe down at checkout, a late payment's refund failing, a cancelled event's refund failing until its message
dead-letters. An outage lasts until the test ends it (not a number of Stripe calls), so the tests do not depend
on how many times the functions' SDK tries a call (`max_network_retries`); each ends it once the platform has met
it as the test needs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from support.bus import BusTap, publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import (
    announce_event,
    checked_out,
    checkout,
    get_order,
    get_type,
    order_in,
    stored_order,
    stripe_client,
    ticket_type,
    ticketing_table,
)
from tickets_e2e import bought, stripe_get


@contextmanager
def outage(platform: Platform, operation: str, failure: str) -> Iterator[Any]:
    """Stripe fails every call of `operation` until the block ends. Yields a function telling how many calls
    (attempts of the SDK's) met the outage."""
    client = stripe_client(platform)
    client.raw_request("post", "/v1/test_helpers/faults", operation=operation, failure=failure)
    try:
        yield lambda: client.raw_request("get", "/v1/test_helpers/faults", operation=operation).data["met"]
    finally:
        client.raw_request("post", "/v1/test_helpers/faults", operation=operation, failure=failure, count="0")


def _orders(platform: Platform, buyer: User) -> list[dict[str, Any]]:
    response = platform.request("GET", f"/ticketing/users/{buyer.id}/orders", user=buyer)
    assert response.status == 200, response.raw
    return response.json["items"]


@pytest.mark.parametrize("failure", ["unavailable", "connection"])
def test_stripe_down_at_checkout_releases_the_order_at_once_and_answers_503(
        platform: Platform, organization: User, member: User, failure: str) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3)
    with outage(platform, "POST /v1/checkout/sessions", failure) as met:
        refused = checkout(platform, member, [(standard["id"], "Ann"), (standard["id"], "Bob")])
        assert met() >= 1  # the platform called Stripe, and every attempt failed
    assert refused.status == 503, refused.raw
    assert refused.headers["content-type"] == "application/problem+json"
    assert "payment provider is unavailable" in refused.json["detail"]
    assert get_type(platform, standard["id"])["availableQuantity"] == 3  # the stock is back, no hold to wait for
    released = [o for o in _orders(platform, member) if o["lines"][0]["ticketTypeId"] == standard["id"]]
    assert [(o["status"], o["reason"]) for o in released] == [("CANCELLED", "checkout_unavailable")]
    assert checked_out(platform, member, standard["id"], count=3)["redirectUrl"]  # Stripe is back: all 3 on sale


def test_a_late_payment_whose_refund_fails_is_refunded_once_when_stripe_retries_the_webhook(
        platform: Platform, organization: User, member: User) -> None:
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3, amount=2500)
    started = checked_out(platform, member, standard["id"])
    client = stripe_client(platform)
    client.raw_request("post", f"/v1/test_helpers/checkout/sessions/{started['sessionId']}/pay_by_debit")
    cancelled = platform.request("POST", f"/ticketing/orders/{started['orderId']}/cancel", user=member)
    assert cancelled.status == 200, cancelled.raw

    with BusTap(platform.cloud, "ticketing") as tap:
        failed_before = _failed_webhooks(platform)
        with outage(platform, "POST /v1/refunds", "api_error") as met:
            client.raw_request("post", f"/v1/test_helpers/checkout/sessions/{started['sessionId']}/settle_debit",
                               outcome="succeeded")
            eventually(lambda: _failed_webhooks(platform) > failed_before, timeout=60,
                       what="the webhook's failure: the refund of its first delivery met the outage")
            assert met() >= 1
        refunded = tap.wait_for("payments.order.refunded", orderId=started["orderId"], timeout=120)  # a retry's
        # a later change of ours as a marker: the outbox relays in order, so a second refund would be seen first
        assert platform.request("PUT", f"/ticketing/ticket-types/{standard['id']}",
                                {"price": {"amount": 2600, "currency": "EUR"}, "quantity": 3},
                                user=organization).status == 200
        tap.wait_for("ticket-type.updated", ticketTypeId=standard["id"])
        assert len(tap.about("payments.order.refunded", orderId=started["orderId"])) == 1
    assert refunded["payload"]["reason"] == "late_payment"
    intent = client.v1.checkout.sessions.retrieve(started["sessionId"]).payment_intent
    charge = stripe_get(platform, f"charges/{stripe_get(platform, f'payment_intents/{intent}')['latest_charge']}")
    assert charge["amount_refunded"] == 2500
    assert get_order(platform, member, started["orderId"])["status"] == "CANCELLED"


SERVER_ERRORS = ('"message":"unexpected error"', '"message":"domain error ')  # what kernel.http logs for a 5xx


def _failed_webhooks(platform: Platform) -> int:
    """How many times the Stripe webhook function has answered with a server error (its log file)."""
    function = platform.cloud.function_named("StripeWebhookFunction")
    return sum(any(error in line for error in SERVER_ERRORS) for line in platform.cloud.log_file_lines(function))


@contextmanager
def quick_redrive(platform: Platform, receives: int) -> Iterator[tuple[str, str]]:
    """The refund queue retries at once and dead-letters after `receives` (in the template: 180 s apart, 20
    times); put back as it was after the block. Yields the queue's and its dead-letter queue's URLs."""
    sqs = platform.cloud.client("sqs")
    name = platform.cloud.function_named("RefundFunction")
    url = next(q for q in platform.cloud.deployment.queue_sources if q.function == name).queue_url
    before = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout", "RedrivePolicy"])[
        "Attributes"]
    policy = json.loads(before["RedrivePolicy"])
    dead_letters = sqs.get_queue_url(QueueName=policy["deadLetterTargetArn"].split(":")[-1])["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={
        "VisibilityTimeout": "2", "RedrivePolicy": json.dumps({**policy, "maxReceiveCount": receives})})
    try:
        yield url, dead_letters
    finally:
        sqs.set_queue_attributes(QueueUrl=url, Attributes=before)


def _dead_letters_of(platform: Platform, url: str, order_id: str) -> list[dict[str, Any]]:
    sqs = platform.cloud.client("sqs")
    found = []
    for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0,
                                       AttributeNames=["All"]).get("Messages", []):
        body = json.loads(message["Body"])
        if body.get("orderId") == order_id:
            found.append({**body, "receives": int(message["Attributes"]["ApproximateReceiveCount"])})
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        else:  # someone else's: back at once
            sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    return found


def test_a_cancellation_refund_stripe_keeps_failing_is_retried_then_dead_lettered_and_resumes_when_redriven(
        platform: Platform, organization: User, member: User) -> None:
    event_id = announce_event(platform, organization)
    vip = ticket_type(platform, organization, event_id, kind="VIP", amount=2500)
    order = bought(platform, member, vip["id"])
    receives = 3
    with BusTap(platform.cloud, "ticketing") as tap, quick_redrive(platform, receives) as (queue, dead_letters):
        with outage(platform, "POST /v1/refunds", "unavailable") as met:
            publish(platform.cloud, "event.cancelled", {"eventId": event_id, "creatorId": organization.id,
                                                        "name": "Jazz on the Roof"}, "events")
            dead = eventually(lambda: _dead_letters_of(platform, dead_letters, order["id"]), timeout=90,
                              what="the order's refund message in the refund DLQ")
            assert met() >= receives  # each receive tried Stripe and failed
        # received `receives` times from the refund queue, once more (ours) from the DLQ
        assert dead == [{"kind": "order", "orderId": order["id"], "receives": receives + 1}]
        # voided (step 1) but not refunded: no money back, no refund recorded, nothing told
        voided = order_in(platform, member, order["id"], "CANCELLED")
        assert voided["reason"] == "event_cancelled"
        assert "refundId" not in stored_order(platform, order["id"])
        intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
        assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 0
        assert not tap.about("payments.order.refunded", orderId=order["id"])

        # Stripe is back (the outage is over); redriven, the message resumes at the refund
        platform.cloud.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps(
            {"kind": "order", "orderId": order["id"]}))
        refunded = tap.wait_for("payments.order.refunded", orderId=order["id"], timeout=60)
    assert refunded["payload"]["amount"] == {"amount": 2500, "currency": "EUR"}
    intent = stripe_get(platform, f"payment_intents/{order['paymentIntentId']}")
    assert stripe_get(platform, f"charges/{intent['latest_charge']}")["amount_refunded"] == 2500


@contextmanager
def purchase_saga_gone(platform: Platform) -> Iterator[None]:
    """Step Functions refuses to start the purchase saga (its state machine is gone) until the block ends; then
    it is back as it was, under the same ARN."""
    sfn = platform.cloud.client("stepfunctions")
    machine = next(m for m in sfn.list_state_machines()["stateMachines"] if "Purchase" in m["name"])
    described = sfn.describe_state_machine(stateMachineArn=machine["stateMachineArn"])
    sfn.delete_state_machine(stateMachineArn=machine["stateMachineArn"])
    try:
        yield
    finally:
        created = sfn.create_state_machine(name=described["name"], definition=described["definition"],
                                           roleArn=described["roleArn"], type=described.get("type", "STANDARD"))
        assert created["stateMachineArn"] == machine["stateMachineArn"]


def test_a_saga_that_did_not_start_leaves_the_order_to_the_sweeper(platform: Platform, organization: User,
                                                                   member: User) -> None:
    """saga.start fails (logged, not raised): the buyer still gets the checkout, the order waits PENDING with its
    stock held, and the sweeper releases it when its hold is over (brought forward here: it is 15 minutes)."""
    standard = ticket_type(platform, organization, announce_event(platform, organization), quantity=3)
    with purchase_saga_gone(platform):
        started = checked_out(platform, member, standard["id"])
    assert "taskToken" not in stored_order(platform, started["orderId"])  # no saga waits for its payment
    assert get_order(platform, member, started["orderId"])["status"] == "PENDING"
    assert get_type(platform, standard["id"])["availableQuantity"] == 2

    past = int(time.time()) - 3600  # the hold ended an hour ago
    ddb = platform.cloud.client("dynamodb")
    ddb.update_item(TableName=ticketing_table(platform),
                    Key={"PK": {"S": f"ORDER#{started['orderId']}"}, "SK": {"S": "ORDER"}},
                    UpdateExpression="SET holdUntil = :h, GSI2SK = :k",
                    ExpressionAttributeValues={":h": {"N": str(past)},
                                               ":k": {"S": f"{past:010d}#{started['orderId']}"}})
    sweeper = platform.cloud.function_named("SweepOrdersFunction")
    platform.cloud.client("lambda").invoke(FunctionName=sweeper, Payload=b"{}")
    swept = order_in(platform, member, started["orderId"], "CANCELLED")  # by this sweep or the scheduled one
    assert swept["reason"] == "expired"
    assert get_type(platform, standard["id"])["availableQuantity"] == 3
