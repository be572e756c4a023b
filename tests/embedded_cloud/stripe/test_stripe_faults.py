"""Fault injection (the emulator's test helper `/v1/test_helpers/faults`): the next N calls of one operation fail
as a Stripe outage does, then the operation works again; nothing is created by a failed call."""

from __future__ import annotations

import pytest
import stripe
from stripe_emulator_support import pay, session_params


def arm(client: stripe.StripeClient, operation: str, failure: str, count: int) -> dict:
    return client.raw_request("post", "/v1/test_helpers/faults",
                              operation=operation, failure=failure, count=str(count)).data


def remaining(client: stripe.StripeClient, operation: str) -> int:
    return client.raw_request("get", "/v1/test_helpers/faults", operation=operation).data["remaining"]


@pytest.mark.parametrize(("failure", "raised", "status"), [("api_error", stripe.APIError, 500),
                                                           ("unavailable", stripe.APIError, 503),
                                                           ("connection", stripe.APIConnectionError, None)])
def test_an_outage_fails_the_next_calls_of_one_operation(client, failure, raised, status) -> None:
    assert arm(client, "POST /v1/checkout/sessions", failure, 2)["remaining"] == 2
    for _ in range(2):
        with pytest.raises(raised) as error:
            client.v1.checkout.sessions.create(session_params())
        assert error.value.http_status == status
    assert remaining(client, "POST /v1/checkout/sessions") == 0
    assert client.v1.checkout.sessions.list().data == []  # the failed calls created nothing
    assert client.v1.checkout.sessions.create(session_params()).status == "open"  # and then it works again


def test_a_failing_refund_leaves_the_charge_as_it_was(client) -> None:
    session = client.v1.checkout.sessions.create(session_params())
    pay(session.url, "4242424242424242")
    intent = client.v1.checkout.sessions.retrieve(session.id).payment_intent
    arm(client, "POST /v1/refunds", "api_error", 1)
    with pytest.raises(stripe.APIError):
        client.v1.refunds.create({"payment_intent": intent})
    charge = client.v1.charges.retrieve(client.v1.payment_intents.retrieve(intent).latest_charge)
    assert charge.amount_refunded == 0
    assert client.v1.refunds.create({"payment_intent": intent}).status == "succeeded"


def test_only_the_named_operation_fails_and_an_unknown_one_is_refused(client) -> None:
    arm(client, "POST /v1/refunds", "api_error", 5)
    assert client.v1.checkout.sessions.create(session_params()).status == "open"
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        arm(client, "POST /v1/nothing", "api_error", 1)
    assert unknown.value.param == "operation"
    with pytest.raises(stripe.InvalidRequestError):
        arm(client, "POST /v1/refunds", "meteor", 1)


def test_an_outage_without_a_count_fails_every_call_until_it_is_ended_and_counts_them(client) -> None:
    operation = "POST /v1/checkout/sessions"
    armed = client.raw_request("post", "/v1/test_helpers/faults", operation=operation, failure="unavailable").data
    assert (armed["remaining"], armed["met"]) == (None, 0)
    for _ in range(4):  # more than any SDK's retries
        with pytest.raises(stripe.APIError):
            client.v1.checkout.sessions.create(session_params())
    assert client.raw_request("get", "/v1/test_helpers/faults", operation=operation).data["met"] == 4
    arm(client, operation, "unavailable", 0)  # the outage is over
    assert client.v1.checkout.sessions.create(session_params()).status == "open"
