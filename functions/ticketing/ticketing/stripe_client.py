"""Stripe, for the whole context (checkout, refunds, webhooks): the official SDK, imported lazily, talking to
STRIPE_API_BASE (the embedded cloud's Stripe emulator locally, https://api.stripe.com with real keys).

The secret key and the webhook signing secret are SSM SecureString parameters (named by
STRIPE_SECRET_KEY_PARAMETER and STRIPE_WEBHOOK_SECRET_PARAMETER), never plain environment: read through
powertools' parameters utility, cached for SECRETS_MAX_AGE in the warm container. A function that talks to
Stripe checks them when it starts (`require_configured`) and refuses to run without them, or with the public
placeholders while talking to Stripe itself.

Every call that creates something passes an idempotency key, so a retried step never pays or refunds twice.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any
from urllib.parse import urlparse

SECRETS_MAX_AGE = 300  # seconds: a rotated secret is used within five minutes
PLACEHOLDERS = {"STRIPE_SECRET_KEY_PARAMETER": "sk_test_local", "STRIPE_WEBHOOK_SECRET_PARAMETER": "whsec_local"}
PREFIXES = {"STRIPE_SECRET_KEY_PARAMETER": ("sk_", "rk_"), "STRIPE_WEBHOOK_SECRET_PARAMETER": ("whsec_",)}


class StripeNotConfigured(RuntimeError):
    """The deployment lacks a usable Stripe secret: the function refuses to start (see the README, Security)."""


def api_base() -> str:
    return os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")


def secret(setting: str) -> str:
    """The secret in the SSM parameter named by the environment variable `setting`, checked."""
    from aws_lambda_powertools.utilities import parameters

    name = os.environ.get(setting)
    if not name:
        raise StripeNotConfigured(f"{setting} is not set: it names the SSM SecureString parameter of the secret")
    try:
        value = str(parameters.get_parameter(name, decrypt=True, max_age=SECRETS_MAX_AGE))
    except parameters.exceptions.GetParameterError as error:
        raise StripeNotConfigured(f"the SSM parameter {name} ({setting}) cannot be read: {error}. Create it with "
                                  f"`aws ssm put-parameter --type SecureString --name {name} --value ...`") from error
    check(setting, name, value, api_base())
    return value


def check(setting: str, name: str, value: str, base: str) -> None:
    """Refuse a secret that cannot be Stripe's, and the public placeholders against Stripe's real API."""
    if not value.startswith(PREFIXES[setting]):
        raise StripeNotConfigured(f"the SSM parameter {name} ({setting}) does not hold a Stripe secret "
                                  f"({' or '.join(PREFIXES[setting])}...)")
    if value == PLACEHOLDERS[setting] and urlparse(base).hostname == "api.stripe.com":
        raise StripeNotConfigured(f"the SSM parameter {name} ({setting}) holds the public placeholder {value}: "
                                  "anyone could sign webhooks or the key is not yours. Put the real secret there")


def require_configured(webhooks: bool = False) -> None:
    """At a function's start: the secret key (and the webhook signing secret) readable and plausible."""
    secret("STRIPE_SECRET_KEY_PARAMETER")
    if webhooks:
        secret("STRIPE_WEBHOOK_SECRET_PARAMETER")


def client() -> Any:
    return _client(secret("STRIPE_SECRET_KEY_PARAMETER"), api_base())


@cache
def _client(key: str, base: str) -> Any:
    import urllib.request

    import requests
    import stripe  # heavy: imported on first use

    # With the environment trusted, requests walks every variable of it on each request looking for a proxy (a
    # tenth of a checkout's Stripe call): the environment is read once here instead, so a function behind an
    # HTTPS proxy (HTTPS_PROXY, as in a VPC without a NAT gateway) still reaches Stripe through it
    session = requests.Session()
    session.trust_env = False
    proxy = urllib.request.getproxies_environment().get("https")
    return stripe.StripeClient(key, max_network_retries=2, base_addresses={"api": base},
                               http_client=stripe.RequestsClient(session=session,
                                                                 proxy={"https": proxy} if proxy else None))


def errors() -> Any:
    """The SDK's error classes (stripe.StripeError and its subclasses), without importing it at module load."""
    import stripe

    return stripe


def create_checkout_session(params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    """The new session as Stripe's JSON (its id and url are all a checkout uses: the SDK's typed objects, built
    for the ~70 fields of a session, cost a quarter of the call)."""
    answer = client().raw_request("post", "/v1/checkout/sessions", idempotency_key=idempotency_key, **params)
    return dict(answer.data)


def retrieve_checkout_session(session_id: str) -> dict[str, Any]:
    return client().v1.checkout.sessions.retrieve(session_id).to_dict()


def expire_checkout_session(session_id: str) -> str:
    """Expire an open session; answers the session's status afterwards ("expired", or "complete" when the buyer
    paid first - Stripe refuses to expire it then)."""
    stripe = errors()
    try:
        return str(client().v1.checkout.sessions.expire(session_id)["status"])
    except stripe.InvalidRequestError:
        return str(retrieve_checkout_session(session_id)["status"])


def refund(payment_intent_id: str, idempotency_key: str, metadata: dict[str, str]) -> Any:
    return client().v1.refunds.create(params={"payment_intent": payment_intent_id, "metadata": metadata},
                                      options={"idempotency_key": idempotency_key})


def webhook_event(payload: str, signature: str) -> Any:
    """The verified event (raises ValueError or stripe.SignatureVerificationError for a forged or stale one:
    the SDK's tolerance is five minutes)."""
    import stripe

    return stripe.Webhook.construct_event(payload, signature, secret("STRIPE_WEBHOOK_SECRET_PARAMETER"))
