"""Stripe's secrets come from SSM SecureString parameters (moto here) and a function refuses to start without
them, or with the public placeholders while it talks to Stripe itself (review H1, L12)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

KEY, WEBHOOK = "/eventonight/stripe/secret-key", "/eventonight/stripe/webhook-secret"


@pytest.fixture
def ssm(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    for name, value in {"AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "test",
                        "AWS_SECRET_ACCESS_KEY": "test", "STRIPE_SECRET_KEY_PARAMETER": KEY,
                        "STRIPE_WEBHOOK_SECRET_PARAMETER": WEBHOOK,
                        "STRIPE_API_BASE": "https://api.stripe.com"}.items():
        monkeypatch.setenv(name, value)
    from aws_lambda_powertools.utilities import parameters

    with mock_aws():
        parameters.clear_caches()
        yield boto3.client("ssm")
        parameters.clear_caches()


def put(ssm: object, name: str, value: str) -> None:
    ssm.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)  # type: ignore[attr-defined]


def test_the_secrets_are_read_from_ssm(ssm: object) -> None:
    from ticketing import stripe_client

    put(ssm, KEY, "sk_live_51abc")
    put(ssm, WEBHOOK, "whsec_f00d")
    stripe_client.require_configured(webhooks=True)
    assert stripe_client.secret("STRIPE_WEBHOOK_SECRET_PARAMETER") == "whsec_f00d"
    assert stripe_client.client() is stripe_client._client("sk_live_51abc", "https://api.stripe.com")


@pytest.mark.parametrize("proxy", [None, "http://proxy.internal:3128"])
def test_the_client_reaches_stripe_through_the_environments_https_proxy(ssm: object, monkeypatch: pytest.MonkeyPatch,
                                                                       proxy: str | None) -> None:
    """The client's session does not search the environment on each request; the proxy is read once instead."""
    from ticketing import stripe_client

    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    if proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy)
    put(ssm, KEY, "sk_live_51abc")
    stripe_client._client.cache_clear()
    try:
        http_client = stripe_client.client()._requestor._client
        assert http_client._proxy == ({"https": proxy} if proxy else None)
    finally:
        stripe_client._client.cache_clear()


@pytest.mark.parametrize(("key", "webhook_secret", "complaint"), [
    ("sk_live_51abc", "whsec_local", "public placeholder whsec_local"),
    ("sk_test_local", "whsec_f00d", "public placeholder sk_test_local"),
    ("pk_live_51abc", "whsec_f00d", "does not hold a Stripe secret"),
    ("sk_live_51abc", "f00d", "does not hold a Stripe secret"),
])
def test_a_function_refuses_to_start_with_a_placeholder_or_a_non_secret(ssm: object, key: str, webhook_secret: str,
                                                                        complaint: str) -> None:
    from ticketing import stripe_client

    put(ssm, KEY, key)
    put(ssm, WEBHOOK, webhook_secret)
    with pytest.raises(stripe_client.StripeNotConfigured, match=complaint):
        stripe_client.require_configured(webhooks=True)


def test_a_function_refuses_to_start_when_a_parameter_is_missing(ssm: object) -> None:
    from ticketing import stripe_client

    put(ssm, KEY, "sk_live_51abc")
    with pytest.raises(stripe_client.StripeNotConfigured, match=f"{WEBHOOK}.*aws ssm put-parameter"):
        stripe_client.require_configured(webhooks=True)


def test_the_placeholders_serve_the_embedded_clouds_stripe_emulator(ssm: object,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from ticketing import stripe_client

    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:12111")
    put(ssm, KEY, "sk_test_local")
    put(ssm, WEBHOOK, "whsec_local")
    stripe_client.require_configured(webhooks=True)
