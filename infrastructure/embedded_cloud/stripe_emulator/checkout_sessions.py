"""Checkout Sessions: create, retrieve, list, expire (explicitly or when `expires_at` passes), and the
payment made on the hosted page."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass

from .cards import Card
from .checkout_params import LineItem, SessionRequest, parse_session_request
from .errors import invalid_request, no_such
from .events import EventLog
from .ids import new_id
from .listing import LIST_PARAMS, list_object, paginate
from .params import ANY, UNSUPPORTED, Params, reject_unknown
from .payments import Payments
from .store import Store

_LIST_SCHEMA = {
    **dict.fromkeys(LIST_PARAMS, ANY),
    "payment_intent": ANY,
    "status": ANY,
    **dict.fromkeys(("customer", "customer_details", "payment_link", "subscription"), UNSUPPORTED),
}
_LINE_ITEMS_SCHEMA = {"limit": ANY, "starting_after": ANY, "ending_before": ANY, "expand": ANY}


class SessionNotPayable(Exception):
    """The hosted page was used for a session that is complete or expired."""

    def __init__(self, session: dict) -> None:
        super().__init__(session["status"])
        self.session = session


@dataclass(frozen=True)
class PaymentAttempt:
    session: dict
    charge: dict

    @property
    def succeeded(self) -> bool:
        return self.charge["status"] == "succeeded"


def _line_item_object(item: LineItem, created: int) -> dict:
    return {
        "id": new_id("li"),
        "object": "item",
        "amount_discount": 0,
        "amount_subtotal": item.amount,
        "amount_tax": 0,
        "amount_total": item.amount,
        "currency": item.currency,
        "description": item.name,
        "price": {
            "id": new_id("price"),
            "object": "price",
            "active": False,  # Stripe creates an inactive price for price_data
            "billing_scheme": "per_unit",
            "created": created,
            "currency": item.currency,
            "custom_unit_amount": None,
            "livemode": False,
            "lookup_key": None,
            "metadata": {},
            "nickname": None,
            "product": new_id("prod", 14),
            "recurring": None,
            "tax_behavior": "unspecified",
            "tiers_mode": None,
            "transform_quantity": None,
            "type": "one_time",
            "unit_amount": item.unit_amount,
            "unit_amount_decimal": str(item.unit_amount),
        },
        "quantity": item.quantity,
    }


def _session_object(session_id: str, request: SessionRequest, created: int, page_url: str) -> dict:
    total = request.amount_total
    return {
        "id": session_id,
        "object": "checkout.session",
        "after_expiration": None,
        "allow_promotion_codes": None,
        "amount_subtotal": total,
        "amount_total": total,
        "automatic_tax": {"enabled": False, "liability": None, "status": None},
        "billing_address_collection": request.billing_address_collection,
        "cancel_url": request.cancel_url,
        "client_reference_id": request.client_reference_id,
        "client_secret": None,
        "consent": None,
        "consent_collection": None,
        "created": created,
        "currency": request.currency,
        "custom_fields": [],
        "custom_text": dict.fromkeys(
            ("after_submit", "shipping_address", "submit", "terms_of_service_acceptance")
        ),
        "customer": None,
        "customer_creation": "if_required",
        "customer_details": None,
        "customer_email": request.customer_email,
        "expires_at": request.expires_at,
        "invoice": None,
        "invoice_creation": {
            "enabled": False,
            "invoice_data": {
                "account_tax_ids": None,
                "custom_fields": None,
                "description": None,
                "footer": None,
                "issuer": None,
                "metadata": {},
                "rendering_options": None,
            },
        },
        "livemode": False,
        "locale": request.locale,
        "metadata": request.metadata,
        "mode": "payment",
        "payment_intent": None,
        "payment_link": None,
        "payment_method_collection": "if_required",
        "payment_method_options": {"card": {"request_three_d_secure": "automatic"}},
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "phone_number_collection": {"enabled": False},
        "recovered_from": None,
        "setup_intent": None,
        "shipping_address_collection": None,
        "shipping_cost": None,
        "shipping_options": [],
        "status": "open",
        "submit_type": request.submit_type,
        "subscription": None,
        "success_url": request.success_url,
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted",
        "url": page_url,
    }


class CheckoutSessions:
    def __init__(
        self, store: Store, events: EventLog, payments: Payments, clock: Callable[[], float]
    ) -> None:
        self._store = store
        self._events = events
        self._payments = payments
        self._clock = clock
        self._expiry_queue: list[tuple[int, str]] = []  # heap of (expires_at, session id)

    def create(self, params: Params, *, page_base_url: str) -> dict:
        now = int(self._clock())
        request = parse_session_request(params, now=now)
        session_id = new_id("cs_test", 58)
        session = _session_object(session_id, request, now, f"{page_base_url}/checkout/{session_id}")
        self._store["checkout.session"].put(session_id, session)
        self._store["checkout.session.private"].put(
            session_id,
            {
                "id": session_id,
                "line_items": [_line_item_object(item, now) for item in request.line_items],
                "payment_intent_data": request.payment_intent_data,
            },
        )
        heapq.heappush(self._expiry_queue, (session["expires_at"], session_id))
        return session

    def retrieve(self, session_id: str) -> dict:
        session = self._store["checkout.session"].get(session_id)
        if session is None:
            raise no_such("checkout.session", session_id, "session")
        return session

    def _private(self, session_id: str) -> dict:
        private = self._store["checkout.session.private"].get(session_id)
        assert private is not None, f"no private record for {session_id}"
        return private

    def items(self, session_id: str) -> list[dict]:
        """The session's line item objects (the hosted page shows them)."""
        return self._private(session_id)["line_items"]

    def line_items(self, session_id: str, params: Params | None = None) -> dict:
        """The session's line items in order, with Stripe's `limit`/`starting_after` paging."""
        params = params or Params({})
        reject_unknown(params.data, _LINE_ITEMS_SCHEMA)
        self.retrieve(session_id)
        items = self.items(session_id)
        limit = params.integer("limit", minimum=1, maximum=100) or 10
        ids = [item["id"] for item in items]
        start = 0
        if (after := params.string("starting_after")) is not None:
            if after not in ids:
                raise no_such("item", after, "starting_after")
            start = ids.index(after) + 1
        page = items[start : start + limit]
        return list_object(f"/v1/checkout/sessions/{session_id}/line_items", page, start + limit < len(items))

    def list(self, params: Params) -> dict:
        reject_unknown(params.data, _LIST_SCHEMA)
        status = params.choice("status", ("complete", "expired", "open"))
        intent = params.string("payment_intent")
        return paginate(
            self._store["checkout.session"],
            params,
            url="/v1/checkout/sessions",
            kind="checkout.session",
            matches=lambda s: (status is None or s["status"] == status)
            and (intent is None or s["payment_intent"] == intent),
        )

    def expire(self, session_id: str) -> dict:
        session = self.retrieve(session_id)
        if session["status"] != "open":
            raise invalid_request(
                'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session '
                f'has a status of "{session["status"]}".'
            )
        self._expire(session)
        return session

    def expire_due(self) -> None:
        """Expire every open session whose `expires_at` has passed (the emulator's timer calls this)."""
        now = self._clock()
        while self._expiry_queue and self._expiry_queue[0][0] <= now:
            _, session_id = heapq.heappop(self._expiry_queue)
            session = self._store["checkout.session"].get(session_id)
            if session is not None and session["status"] == "open":
                self._expire(session)

    def rebuild_expiry_queue(self) -> None:
        self._expiry_queue = [
            (s["expires_at"], s["id"])
            for s in self._store["checkout.session"].oldest_first()
            if s["status"] == "open"
        ]
        heapq.heapify(self._expiry_queue)

    def _expire(self, session: dict) -> None:
        session.update(status="expired", url=None)
        if session["payment_intent"] is not None:
            self._payments.cancel_abandoned(session["payment_intent"])
        self._events.emit("checkout.session.expired", session)

    def pay(self, session_id: str, card: Card, email: str | None) -> PaymentAttempt:
        """A payment attempt from the hosted page: the session completes, or stays open after a decline."""
        session = self.retrieve(session_id)
        if session["status"] != "open":
            raise SessionNotPayable(session)
        email = email or session["customer_email"]
        intent = self._intent_of(session)
        charge = self._payments.confirm(intent, card, email=email)
        if charge["status"] == "succeeded":
            session.update(
                status="complete",
                payment_status="paid",
                url=None,
                customer_details={
                    "address": None,
                    "email": email,
                    "name": card.name,
                    "phone": None,
                    "tax_exempt": "none",
                    "tax_ids": [],
                },
            )
            self._events.emit("checkout.session.completed", session)
        return PaymentAttempt(session, charge)

    def _intent_of(self, session: dict) -> dict:
        if session["payment_intent"] is None:
            # Like Stripe (API versions since 2022-08-01): the PaymentIntent exists from the first attempt.
            intent = self._payments.create_intent(
                amount=session["amount_total"],
                currency=session["currency"],
                intent_data=self._private(session["id"])["payment_intent_data"],
            )
            session["payment_intent"] = intent["id"]
        return self._payments.retrieve_intent(session["payment_intent"])

    # --- test helpers (the emulator's own, under /v1/test_helpers): a delayed-notification payment ---------------
    def pay_by_debit(self, session_id: str) -> dict:
        """The buyer pays with a delayed-notification method (SEPA Direct Debit), whatever the session offers
        (as a method enabled in the Dashboard would): the session completes unpaid, the intent processes until
        `settle_debit`. Stripe's own test IBANs settle after minutes; tests choose when."""
        session = self.retrieve(session_id)
        if session["status"] != "open":
            raise invalid_request(f'This Checkout Session has a status of "{session["status"]}".')
        self._payments.start_debit(self._intent_of(session))
        session.update(status="complete", payment_status="unpaid", url=None)
        self._events.emit("checkout.session.completed", session)
        return session

    def settle_debit(self, session_id: str, params: Params) -> dict:
        """The delayed payment's outcome: `checkout.session.async_payment_succeeded` (the session is paid) or
        `checkout.session.async_payment_failed`."""
        reject_unknown(params.data, {"outcome": ANY, "expand": ANY})
        outcome = params.choice("outcome", ("succeeded", "failed"), required=True)
        session = self.retrieve(session_id)
        intent = self._payments.retrieve_intent(session["payment_intent"]) if session["payment_intent"] else None
        if intent is None or intent["status"] != "processing":
            raise invalid_request("This Checkout Session has no delayed payment to settle.")
        self._payments.settle_debit(intent, succeeded=outcome == "succeeded")
        if outcome == "succeeded":
            session["payment_status"] = "paid"
        self._events.emit(f"checkout.session.async_payment_{outcome}", session)
        return session
