"""Stripe's wire format seen over raw HTTP and through both SDK styles: auth, form encoding, errors."""

from __future__ import annotations

import pytest
import requests
import stripe
from stripe_emulator_support import API_KEY, auth, session_params


def _create(emulator, data, headers=None):
    return requests.post(
        f"{emulator.url}/v1/checkout/sessions",
        data=data,
        headers=auth() if headers is None else headers,
        timeout=10,
    )


FORM = {
    "mode": "payment",
    "line_items[0][price_data][currency]": "usd",
    "line_items[0][price_data][unit_amount]": "1500",
    "line_items[0][price_data][product_data][name]": "Ticket",
    "line_items[0][quantity]": "3",
    "metadata[orderId]": "order_1",
    "success_url": "http://127.0.0.1:5173/ok",
    "expand[]": "line_items",
}


def test_nested_form_parameters_and_expand(emulator):
    answer = _create(emulator, FORM)

    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.headers["Request-Id"].startswith("req_")
    session = answer.json()
    assert session["amount_total"] == 4500
    assert session["metadata"] == {"orderId": "order_1"}
    assert session["line_items"]["object"] == "list"
    assert session["line_items"]["data"][0]["quantity"] == 3


def test_missing_api_key_is_401_in_stripe_format(emulator):
    answer = _create(emulator, FORM, headers={})

    assert answer.status_code == 401
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert "You did not provide an API key" in error["message"]
    assert requests.get(f"{emulator.url}/v1/checkout/sessions", timeout=10).status_code == 401


@pytest.mark.parametrize("key", ["sk_live_0123456789abcdef", "pk_test_0123456789abcdef", "nonsense"])
def test_keys_other_than_secret_test_keys_are_401(emulator, key):
    answer = _create(emulator, FORM, headers=auth(key))

    assert answer.status_code == 401
    assert answer.json()["error"]["message"].startswith("Invalid API Key provided")


def test_sdk_raises_authentication_error_for_a_wrong_key(emulator):
    client = stripe.StripeClient(
        "sk_live_wrong_key_1234", base_addresses={"api": emulator.url}, max_network_retries=0
    )
    with pytest.raises(stripe.AuthenticationError) as refused:
        client.v1.checkout.sessions.list()
    assert refused.value.http_status == 401


def test_basic_auth_with_the_key_as_user_name_is_accepted(emulator):
    answer = requests.get(f"{emulator.url}/v1/checkout/sessions", auth=(API_KEY, ""), timeout=10)
    assert answer.status_code == 200
    assert answer.json()["object"] == "list"


@pytest.mark.parametrize(
    ("change", "param", "code"),
    [
        ({"mode": None}, "mode", "parameter_missing"),
        (
            {"line_items[0][price_data][unit_amount]": "abc"},
            "line_items[0][price_data][unit_amount]",
            "parameter_invalid_integer",
        ),
        (
            {"line_items[0][price_data][product_data][name]": ""},
            "line_items[0][price_data][product_data][name]",
            "parameter_invalid_empty",
        ),
        (
            {"line_items[0][price_data][currency]": None},
            "line_items[0][price_data][currency]",
            "parameter_missing",
        ),
        ({"line_items[0][quantity]": "0"}, "line_items[0][quantity]", None),
        ({"colour": "blue"}, "colour", "parameter_unknown"),
        ({"line_items[0][flavour]": "x"}, "line_items[0][flavour]", "parameter_unknown"),
        ({"success_url": "not a url"}, "success_url", "url_invalid"),
        ({"customer_email": "nobody"}, "customer_email", "email_invalid"),
        ({"line_items[0][price_data][unit_amount]": "10"}, "line_items", None),  # below Stripe's $0.50
    ],
)
def test_bad_parameters_are_400_naming_the_param(emulator, change, param, code):
    data = {k: v for k, v in {**FORM, **change}.items() if v is not None}

    answer = _create(emulator, data)

    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert error.get("code") == code
    assert error["message"]
    assert (
        requests.get(f"{emulator.url}/v1/checkout/sessions", headers=auth(), timeout=10).json()["data"] == []
    )


def test_sdk_surfaces_bad_parameters_as_invalid_request_error(client):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.create(session_params(mode="subscription"))
    assert refused.value.http_status == 400
    assert refused.value.param == "mode"


def test_unknown_objects_and_urls_are_404(emulator, client):
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.checkout.sessions.retrieve("cs_test_missing")
    unknown_url = requests.get(f"{emulator.url}/v1/customers", headers=auth(), timeout=10)

    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")
    assert missing.value.json_body["error"]["message"] == "No such checkout.session: 'cs_test_missing'"
    assert unknown_url.status_code == 404
    assert "Unrecognized request URL (GET: /v1/customers)" in unknown_url.json()["error"]["message"]


def test_expanding_a_field_that_cannot_be_expanded_is_400(client):
    session = client.v1.checkout.sessions.create(session_params())
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["metadata"]})
    assert "cannot be expanded" in refused.value.user_message


def test_legacy_global_configuration_works(emulator, monkeypatch):
    monkeypatch.setattr(stripe, "api_key", API_KEY)
    monkeypatch.setattr(stripe, "api_base", emulator.url)
    monkeypatch.setattr(stripe, "max_network_retries", 0)

    session = stripe.checkout.Session.create(**session_params())
    fetched = stripe.checkout.Session.retrieve(session.id)

    assert fetched.id == session.id
    assert fetched.status == "open"
    assert stripe.checkout.Session.expire(session.id).status == "expired"


def test_sdk_retries_are_safe_because_of_its_automatic_idempotency_keys(emulator):
    """The SDK sends an Idempotency-Key with every POST; a replay returns the same object."""
    key = "retry-abc"
    first = _create(emulator, FORM, headers={**auth(), "Idempotency-Key": key})
    replay = _create(emulator, FORM, headers={**auth(), "Idempotency-Key": key})
    other_endpoint = requests.post(
        f"{emulator.url}/v1/refunds",
        data={"charge": "ch_x"},
        headers={**auth(), "Idempotency-Key": key},
        timeout=10,
    )

    assert replay.content == first.content
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.headers["Original-Request"] == first.headers["Request-Id"]
    assert other_endpoint.status_code == 400
    assert other_endpoint.json()["error"]["type"] == "idempotency_error"
