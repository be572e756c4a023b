"""The hosted checkout page at `/checkout/{session_id}`, what a Checkout Session's `url` points to.

`GET` shows the line items, the total and a card form; `POST` (form-encoded) pays. Fields: `card_number`
(required; Stripe's test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined), optional
`card_expiry` ("MM / YY"), `card_cvc`, `cardholder_name` and `email`. A payment answers 303 to the
session's `success_url` (`{CHECKOUT_SESSION_ID}` substituted); a decline 402 with the page showing why.
"""

from __future__ import annotations

import time

from aiohttp import web

from .backend import Backend
from .cards import CardInputError, parse_card
from .checkout_page import CheckoutForm, render_checkout, render_notice


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(
        text=text, status=status, content_type="text/html", headers={"Cache-Control": "no-store"}
    )


def _closed_page(session: dict, status_if_complete: int) -> web.Response:
    if session["status"] == "complete":
        link = (
            (session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]), "Return to the merchant")
            if session["success_url"]
            else None
        )
        return _html(
            render_notice("Payment complete", "This Checkout Session is already complete.", link),
            status_if_complete,
        )
    link = (session["cancel_url"], "Return to the merchant") if session["cancel_url"] else None
    return _html(render_notice("Session expired", "This Checkout Session has expired.", link), 410)


def _not_found() -> web.Response:
    return _html(render_notice("Not found", "No such Checkout Session."), 404)


def checkout_page_routes(backend: Backend) -> list[web.RouteDef]:
    def line_items(session_id: str) -> list[dict]:
        return backend.checkout_sessions.items(session_id)

    async def show(request: web.Request) -> web.Response:
        with backend.lock:
            backend.checkout_sessions.expire_due()
            session = backend.store["checkout.session"].get(request.match_info["session_id"])
            if session is None:
                return _not_found()
            if session["status"] != "open":
                return _closed_page(session, 200)
            return _html(render_checkout(session, line_items(session["id"]), CheckoutForm()))

    async def pay(request: web.Request) -> web.Response:
        posted = await request.post()
        form = CheckoutForm(**{name: str(posted.get(name, "")) for name in CheckoutForm.__dataclass_fields__})
        with backend.lock:
            backend.checkout_sessions.expire_due()
            session = backend.store["checkout.session"].get(request.match_info["session_id"])
            if session is None:
                return _not_found()
            if session["status"] != "open":
                return _closed_page(session, 409)
            today = time.gmtime(backend.clock())
            try:
                card = parse_card(
                    form.card_number,
                    form.card_expiry,
                    form.card_cvc,
                    form.cardholder_name,
                    current_year=today.tm_year,
                    current_month=today.tm_mon,
                )
            except CardInputError as invalid:
                return _html(render_checkout(session, line_items(session["id"]), form, str(invalid)), 400)
            attempt = backend.checkout_sessions.pay(session["id"], card, form.email.strip() or None)
            if not attempt.succeeded:
                message = attempt.charge["failure_message"]
                return _html(render_checkout(session, line_items(session["id"]), form, message), 402)
            if session["success_url"]:
                location = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
                return web.Response(status=303, headers={"Location": location})
            return _html(render_notice("Payment complete", "Thanks for your payment."))

    return [web.get("/checkout/{session_id}", show), web.post("/checkout/{session_id}", pay)]
