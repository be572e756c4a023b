"""HTML of the hosted checkout page: the payment form, and notices for sessions that cannot be paid."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html import escape
from importlib import resources
from string import Template

from .money import format_amount


@functools.cache
def _template(name: str) -> Template:
    return Template((resources.files(__package__) / "templates" / name).read_text(encoding="utf-8"))


def _style() -> str:
    return _template("style.html").template


@dataclass(frozen=True)
class CheckoutForm:
    """The form fields, as posted (field names are the public interface for programmatic payment)."""

    card_number: str = ""
    card_expiry: str = ""
    card_cvc: str = ""
    cardholder_name: str = ""
    email: str = ""


def render_checkout(
    session: dict, line_items: list[dict], form: CheckoutForm, error: str | None = None
) -> str:
    currency = session["currency"]
    rows = "".join(
        f"<tr><td>{escape(item['description'])}</td><td>{item['quantity']}</td>"
        f"<td>{escape(format_amount(item['amount_total'], currency))}</td></tr>"
        for item in line_items
    )
    back_link = (
        f'<a href="{escape(session["cancel_url"])}" class="back"><span aria-hidden="true">←</span> Back</a>'
        if session["cancel_url"]
        else ""
    )
    fixed_email = session["customer_email"]
    return _template("checkout.html").substitute(
        style=_style(),
        total=escape(format_amount(session["amount_total"], currency)),
        back_link=back_link,
        line_items=rows,
        session_id=escape(session["id"]),
        error=f'<p id="card-error" class="error" role="alert">{escape(error)}</p>' if error else "",
        error_attributes='aria-invalid="true" aria-describedby="card-error"' if error else "",
        email=escape(fixed_email or form.email),
        email_attributes="readonly" if fixed_email else "",
        card_number=escape(form.card_number),
        card_expiry=escape(form.card_expiry),
        card_cvc=escape(form.card_cvc),
        cardholder_name=escape(form.cardholder_name),
    )


def render_notice(heading: str, message: str, link: tuple[str, str] | None = None) -> str:
    link_html = f'<p><a href="{escape(link[0])}">{escape(link[1])}</a></p>' if link else ""
    return _template("notice.html").substitute(
        style=_style(), heading=escape(heading), message=escape(message), link=link_html
    )
