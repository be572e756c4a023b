"""Stripe, for the whole context (checkout, refunds, webhooks): the official SDK, imported lazily, talking to
STRIPE_API_BASE (the embedded cloud's Stripe emulator locally, https://api.stripe.com with real keys).

Every call that creates something passes an idempotency key, so a retried step never pays or refunds twice.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any


@cache
def client() -> Any:
    import stripe  # heavy: imported on first use

    return stripe.StripeClient(os.environ["STRIPE_SECRET_KEY"], max_network_retries=2,
                               base_addresses={"api": os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")})


def errors() -> Any:
    """The SDK's error classes (stripe.StripeError and its subclasses), without importing it at module load."""
    import stripe

    return stripe


def create_checkout_session(params: dict[str, Any], idempotency_key: str) -> Any:
    return client().v1.checkout.sessions.create(params=params, options={"idempotency_key": idempotency_key})


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

    return stripe.Webhook.construct_event(payload, signature, os.environ["STRIPE_WEBHOOK_SECRET"])
