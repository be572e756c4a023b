"""PaymentIntents and the Charges behind them, as a Checkout Session's payment creates them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from .cards import Card, Decline
from .errors import no_such
from .events import EventLog
from .ids import new_id, random_token
from .store import Store

_APPROVED = {
    "network_status": "approved_by_network",
    "reason": None,
    "risk_level": "normal",
    "risk_score": 32,
    "seller_message": "Payment complete.",
    "type": "authorized",
}


def _card_details(card: Card) -> dict:
    return {
        "brand": card.test_card.brand,
        "checks": {
            "address_line1_check": None,
            "address_postal_code_check": None,
            "cvc_check": ("fail" if card.decline and card.decline.code == "incorrect_cvc" else "pass")
            if card.cvc
            else None,
        },
        "country": card.test_card.country,
        "exp_month": card.exp_month,
        "exp_year": card.exp_year,
        "fingerprint": hashlib.sha256(card.number.encode()).hexdigest()[:16],
        "funding": card.test_card.funding,
        "last4": card.last4,
        "network": card.test_card.brand,
        "three_d_secure": None,
        "wallet": None,
    }


def _declined(decline: Decline) -> dict:
    return {
        "network_status": decline.network_status,
        "reason": decline.reason,
        "risk_level": "normal",
        "risk_score": 45,
        "seller_message": decline.seller_message,
        "type": decline.outcome_type,
    }


def _billing_details(email: str | None, name: str | None) -> dict:
    address = dict.fromkeys(("city", "country", "line1", "line2", "postal_code", "state"))
    return {"address": address, "email": email, "name": name, "phone": None, "tax_id": None}


class Payments:
    def __init__(self, store: Store, events: EventLog, clock: Callable[[], float]) -> None:
        self._store = store
        self._events = events
        self._clock = clock

    def retrieve_intent(self, intent_id: str) -> dict:
        intent = self._store["payment_intent"].get(intent_id)
        if intent is None:
            raise no_such("payment_intent", intent_id, "intent")
        return intent

    def retrieve_charge(self, charge_id: str) -> dict:
        charge = self._store["charge"].get(charge_id)
        if charge is None:
            raise no_such("charge", charge_id, "charge")
        return charge

    def create_intent(self, *, amount: int, currency: str, intent_data: dict) -> dict:
        intent_id = new_id("pi")
        intent: dict = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_details": {"tip": {}},
            "amount_received": 0,
            "application": None,
            "application_fee_amount": None,
            "automatic_payment_methods": None,
            "canceled_at": None,
            "cancellation_reason": None,
            "capture_method": "automatic",
            "client_secret": f"{intent_id}_secret_{random_token(25)}",
            "confirmation_method": "automatic",
            "created": int(self._clock()),
            "currency": currency,
            "customer": None,
            "description": intent_data.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": dict(intent_data.get("metadata", {})),
            "next_action": None,
            "on_behalf_of": None,
            "payment_method": None,
            "payment_method_configuration_details": None,
            "payment_method_options": {
                "card": {
                    "installments": None,
                    "mandate_options": None,
                    "network": None,
                    "request_three_d_secure": "automatic",
                },
            },
            "payment_method_types": ["card"],
            "processing": None,
            "receipt_email": intent_data.get("receipt_email"),
            "review": None,
            "setup_future_usage": None,
            "shipping": None,
            "source": None,
            "statement_descriptor": intent_data.get("statement_descriptor"),
            "statement_descriptor_suffix": intent_data.get("statement_descriptor_suffix"),
            "status": "requires_payment_method",
            "transfer_data": None,
            "transfer_group": None,
        }
        self._store["payment_intent"].put(intent_id, intent)
        self._events.emit("payment_intent.created", intent)
        return intent

    def confirm(self, intent: dict, card: Card, *, email: str | None) -> dict:
        """Charge the card for the intent; the charge succeeds or fails as the test card says."""
        payment_method_id = new_id("pm")
        charge = self._new_charge(intent, card, payment_method_id, email)
        self._store["charge"].put(charge["id"], charge)
        intent["latest_charge"] = charge["id"]
        if card.decline is None:
            intent.update(
                status="succeeded",
                amount_received=intent["amount"],
                payment_method=payment_method_id,
                last_payment_error=None,
            )
            self._events.emit("payment_intent.succeeded", intent)
            self._events.emit("charge.succeeded", charge)
        else:
            intent.update(
                status="requires_payment_method",
                payment_method=None,
                last_payment_error=self._payment_error(card.decline, charge, card, payment_method_id, email),
            )
            self._events.emit("charge.failed", charge)
            self._events.emit("payment_intent.payment_failed", intent)
        return charge

    def start_debit(self, intent: dict) -> None:
        """A delayed-notification method (SEPA Direct Debit) was submitted: the intent processes until settled."""
        intent.update(
            status="processing", payment_method=new_id("pm"), payment_method_types=["sepa_debit"],
            last_payment_error=None,
        )
        self._events.emit("payment_intent.processing", intent)

    def settle_debit(self, intent: dict, *, succeeded: bool) -> dict:
        """The debit's outcome, days later at Stripe: a succeeded charge, or a failed one (insufficient funds)."""
        amount = intent["amount"]
        charge = {
            "id": new_id("ch"), "object": "charge", "amount": amount,
            "amount_captured": amount if succeeded else 0, "amount_refunded": 0,
            "balance_transaction": new_id("txn") if succeeded else None, "captured": succeeded,
            "created": int(self._clock()), "currency": intent["currency"], "customer": None,
            "description": intent["description"], "disputed": False,
            "failure_code": None if succeeded else "insufficient_funds",
            "failure_message": None if succeeded else "The customer's account has insufficient funds.",
            "livemode": False, "metadata": dict(intent["metadata"]), "paid": succeeded,
            "payment_intent": intent["id"], "payment_method": intent["payment_method"],
            "payment_method_details": {"sepa_debit": {"country": "DE", "last4": "3000"}, "type": "sepa_debit"},
            "refunded": False, "status": "succeeded" if succeeded else "failed",
        }
        self._store["charge"].put(charge["id"], charge)
        intent["latest_charge"] = charge["id"]
        if succeeded:
            intent.update(status="succeeded", amount_received=amount)
            self._events.emit("payment_intent.succeeded", intent)
            self._events.emit("charge.succeeded", charge)
        else:
            intent.update(
                status="requires_payment_method", payment_method=None,
                last_payment_error={"charge": charge["id"], "code": "insufficient_funds",
                                    "message": charge["failure_message"], "type": "invalid_request_error"},
            )
            self._events.emit("charge.failed", charge)
            self._events.emit("payment_intent.payment_failed", intent)
        return charge

    def cancel_abandoned(self, intent_id: str) -> None:
        """An expired Checkout Session cancels the intent its failed attempts left behind."""
        intent = self._store["payment_intent"].get(intent_id)
        if intent is None or intent["status"] == "succeeded":
            return
        intent.update(status="canceled", canceled_at=int(self._clock()), cancellation_reason="abandoned")
        self._events.emit("payment_intent.canceled", intent)

    def _new_charge(self, intent: dict, card: Card, payment_method_id: str, email: str | None) -> dict:
        decline = card.decline
        succeeded = decline is None
        amount = intent["amount"]
        return {
            "id": new_id("ch"),
            "object": "charge",
            "amount": amount,
            "amount_captured": amount if succeeded else 0,
            "amount_refunded": 0,
            "application": None,
            "application_fee": None,
            "application_fee_amount": None,
            "balance_transaction": new_id("txn") if succeeded else None,
            "billing_details": _billing_details(email, card.name),
            "calculated_statement_descriptor": intent["statement_descriptor"] or "EVENTONIGHT",
            "captured": succeeded,
            "created": int(self._clock()),
            "currency": intent["currency"],
            "customer": None,
            "description": intent["description"],
            "disputed": False,
            "failure_balance_transaction": None,
            "failure_code": None if decline is None else decline.code,
            "failure_message": None if decline is None else decline.message,
            "fraud_details": {},
            "livemode": False,
            "metadata": dict(intent["metadata"]),
            "on_behalf_of": None,
            "outcome": _APPROVED if decline is None else _declined(decline),
            "paid": succeeded,
            "payment_intent": intent["id"],
            "payment_method": payment_method_id,
            "payment_method_details": {
                "card": {**_card_details(card), "amount_authorized": amount if succeeded else None},
                "type": "card",
            },
            "receipt_email": intent["receipt_email"],
            "receipt_number": None,
            "receipt_url": None,
            "refunded": False,
            "review": None,
            "shipping": None,
            "source": None,
            "statement_descriptor": intent["statement_descriptor"],
            "statement_descriptor_suffix": intent["statement_descriptor_suffix"],
            "status": "succeeded" if succeeded else "failed",
            "transfer_data": None,
            "transfer_group": None,
        }

    def _payment_error(
        self, decline: Decline, charge: dict, card: Card, payment_method_id: str, email: str | None
    ) -> dict:
        return {
            "charge": charge["id"],
            "code": decline.code,
            "decline_code": decline.decline_code,
            "doc_url": f"https://stripe.com/docs/error-codes/{decline.code.replace('_', '-')}",
            "message": decline.message,
            "payment_method": {
                "id": payment_method_id,
                "object": "payment_method",
                "billing_details": _billing_details(email, card.name),
                "card": _card_details(card),
                "created": int(self._clock()),
                "customer": None,
                "livemode": False,
                "metadata": {},
                "type": "card",
            },
            "type": "card_error",
        }
