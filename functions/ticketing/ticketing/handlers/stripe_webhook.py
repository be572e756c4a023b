"""POST /ticketing/stripe/webhook: Stripe's events, verified by their signature (forged or stale: 400) and
handled once per Stripe event id:

    checkout.session.completed                  confirm the order if the session is paid (a payment for a
                                                released order is refunded); unpaid: wait for the next two
    checkout.session.async_payment_succeeded    confirm the order, the same way
    checkout.session.async_payment_failed       release the order (payment_failed)
    checkout.session.expired                    release the order
    payment_intent.payment_failed               remember the decline (the buyer may still pay; else the reason)
A session that is not the order's own (settle.paid) is refused and its payment refunded. Anything else is
acknowledged with `{"received": false}`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from kernel import http
from kernel.errors import ValidationFailed
from pynamodb.exceptions import PutError

from .. import settle, stripe_client
from ..store import StripeEventSeen, get, stripe_event_key, webhook_expiry
from ..store import orders as order_store

logger = Logger()
router = http.router()
stripe_client.require_configured(webhooks=True)  # at the cold start: no Stripe secret, or a placeholder, no function


@router.post("/ticketing/stripe/webhook", include_in_schema=False)
def stripe_webhook() -> object:
    event = _verified(router.current_event.decoded_body or "", (router.current_event.headers or {}))
    key = stripe_event_key(event["id"])
    if get(StripeEventSeen, *key) is not None:
        return http.json_response(200, {"received": True, "duplicate": True})
    obj = event["data"]["object"].to_dict()  # plain dicts from here on
    order_id = (obj.get("metadata") or {}).get("orderId")
    handled = event["type"] in HANDLERS and order_id is not None
    order = order_store.find(order_id) if handled and order_id else None
    if order is not None:
        outcome = HANDLERS[event["type"]](order, obj)
        logger.info("stripe event handled", extra={"type": event["type"], "orderId": order_id, "outcome": outcome})
    _remember(key, event["type"], order_id)
    return http.json_response(200, {"received": order is not None})


def _verified(payload: str, headers: dict[str, str]) -> Any:
    signature = headers.get("stripe-signature") or headers.get("Stripe-Signature")
    if not signature:
        raise ValidationFailed("Missing stripe-signature header")
    stripe = stripe_client.errors()
    try:
        return stripe_client.webhook_event(payload, signature)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise ValidationFailed("The webhook's signature is not valid") from error


def _remember(key: tuple[str, str], event_type: str, order_id: str | None) -> None:
    try:
        StripeEventSeen(*key, type=event_type, orderId=order_id, expiresAt=webhook_expiry()).save(
            condition=StripeEventSeen.PK.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def _completed(order: Any, session: dict[str, Any]) -> str:
    return settle.paid(order, session)


def _async_failed(order: Any, session: dict[str, Any]) -> str:
    problem = order.terms.mismatch(session)
    return settle.refuse(order, session, problem) if problem else settle.ended(order, "payment_failed")


def _expired(order: Any, session: dict[str, Any]) -> str:
    problem = order.terms.mismatch(session)
    return settle.refuse(order, session, problem) if problem else settle.ended(order, "expired")


def _payment_failed(order: Any, intent: dict[str, Any]) -> str:
    settle.note(order, "payment_failed")
    return "noted"


HANDLERS = {"checkout.session.completed": _completed, "checkout.session.async_payment_succeeded": _completed,
            "checkout.session.async_payment_failed": _async_failed, "checkout.session.expired": _expired,
            "payment_intent.payment_failed": _payment_failed}

handler = http.entrypoint(http.create_app("ticketing", router))
