"""Refunds of a succeeded charge, whole or partial, named by PaymentIntent or Charge."""

from __future__ import annotations

from collections.abc import Callable

from .errors import invalid_request, no_such
from .events import EventLog
from .ids import new_id
from .money import format_amount
from .params import ANY, UNSUPPORTED, Params, reject_unknown
from .payments import Payments
from .store import Store

_CREATE_SCHEMA = {
    "payment_intent": ANY,
    "charge": ANY,
    "amount": ANY,
    "metadata": ANY,
    "reason": ANY,
    "expand": ANY,
    **dict.fromkeys(
        (
            "currency",
            "customer",
            "instructions_email",
            "origin",
            "refund_application_fee",
            "reverse_transfer",
        ),
        UNSUPPORTED,
    ),
}
_REASONS = ("duplicate", "fraudulent", "requested_by_customer")


class Refunds:
    def __init__(
        self, store: Store, events: EventLog, payments: Payments, clock: Callable[[], float]
    ) -> None:
        self._store = store
        self._events = events
        self._payments = payments
        self._clock = clock

    def retrieve(self, refund_id: str) -> dict:
        refund = self._store["refund"].get(refund_id)
        if refund is None:
            raise no_such("refund", refund_id)
        return refund

    def _charge_to_refund(self, params: Params) -> dict:
        intent_id = params.string("payment_intent")
        charge_id = params.string("charge")
        if intent_id is None and charge_id is None:
            raise invalid_request(
                "One of the following params should be provided for this request: payment_intent or charge."
            )
        if charge_id is not None:
            charge = self._payments.retrieve_charge(charge_id)
            if intent_id is not None and charge["payment_intent"] != intent_id:
                raise invalid_request(
                    f"The charge {charge_id} does not belong to the PaymentIntent {intent_id}.", "charge"
                )
        else:
            assert intent_id is not None
            intent = self._payments.retrieve_intent(intent_id)
            if intent["status"] != "succeeded":
                raise invalid_request(
                    f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                    "payment_intent",
                )
            charge = self._payments.retrieve_charge(intent["latest_charge"])
        if charge["status"] != "succeeded":
            raise invalid_request(
                f"Charge {charge['id']} has not succeeded and cannot be refunded.", "charge"
            )
        return charge

    def create(self, params: Params) -> dict:
        reject_unknown(params.data, _CREATE_SCHEMA)
        charge = self._charge_to_refund(params)
        remaining = charge["amount_captured"] - charge["amount_refunded"]
        if remaining == 0:
            raise invalid_request(
                f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
            )
        amount = params.integer("amount", minimum=1)
        if amount is None:
            amount = remaining
        if amount > remaining:
            currency = charge["currency"]
            raise invalid_request(
                f"Refund amount ({format_amount(amount, currency)}) is greater than unrefunded amount on "
                f"charge ({format_amount(remaining, currency)})",
                "amount",
                "amount_too_large",
            )
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": amount,
            "balance_transaction": new_id("txn"),
            "charge": charge["id"],
            "created": int(self._clock()),
            "currency": charge["currency"],
            "destination_details": {
                "card": {
                    "reference_status": "pending",
                    "reference_type": "acquirer_reference_number",
                    "type": "refund",
                },
                "type": "card",
            },
            "metadata": params.metadata(),
            "payment_intent": charge["payment_intent"],
            "reason": params.choice("reason", _REASONS),
            "receipt_number": None,
            "source_transfer_reversal": None,
            "status": "succeeded",
            "transfer_reversal": None,
        }
        self._store["refund"].put(refund["id"], refund)
        previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
        self._events.emit("charge.refunded", charge, previous_attributes=previous)
        self._events.emit("refund.created", refund)
        return refund
