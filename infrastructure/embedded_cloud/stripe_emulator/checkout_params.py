"""Validate `POST /v1/checkout/sessions` parameters with Stripe's rules and messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import invalid_request, no_such
from .money import MINIMUM_CHARGE, format_amount
from .params import ANY, UNSUPPORTED, Params, reject_unknown

MIN_LIFETIME = 30 * 60
MAX_LIFETIME = 24 * 60 * 60

# fmt: off
_PRODUCT_DATA = {
    "name": ANY, "description": ANY, "images": ANY, "metadata": ANY,
    "tax_code": UNSUPPORTED, "unit_label": UNSUPPORTED,
}
_PRICE_DATA = {
    "currency": ANY, "unit_amount": ANY, "product_data": _PRODUCT_DATA,
    "product": UNSUPPORTED, "recurring": UNSUPPORTED, "tax_behavior": UNSUPPORTED,
    "unit_amount_decimal": UNSUPPORTED,
}
_LINE_ITEM = {
    "price_data": _PRICE_DATA, "quantity": ANY, "price": ANY,
    "adjustable_quantity": UNSUPPORTED, "dynamic_tax_rates": UNSUPPORTED, "tax_rates": UNSUPPORTED,
}
_PAYMENT_INTENT_DATA = {
    "metadata": ANY, "description": ANY, "receipt_email": ANY, "statement_descriptor": ANY,
    "statement_descriptor_suffix": ANY, "capture_method": ANY,
    **dict.fromkeys((
        "application_fee_amount", "on_behalf_of", "setup_future_usage", "shipping", "transfer_data",
        "transfer_group",
    ), UNSUPPORTED),
}
SCHEMA = {
    "mode": ANY, "line_items": [_LINE_ITEM], "metadata": ANY, "client_reference_id": ANY,
    "customer_email": ANY,
    "success_url": ANY, "cancel_url": ANY, "expires_at": ANY, "payment_intent_data": _PAYMENT_INTENT_DATA,
    "expand": ANY, "locale": ANY, "submit_type": ANY, "payment_method_types": ANY, "ui_mode": ANY,
    "billing_address_collection": ANY,
    # Real Stripe parameters the platform does not use: refused with a clear message, never ignored.
    **dict.fromkeys((
        "adaptive_pricing", "after_expiration", "allow_promotion_codes", "automatic_tax", "branding_settings",
        "consent_collection", "currency", "custom_fields", "custom_text", "customer", "customer_creation",
        "customer_update", "discounts", "excluded_payment_method_types", "invoice_creation",
        "name_collection", "optional_items", "origin_context", "payment_method_collection",
        "payment_method_configuration", "payment_method_data", "payment_method_options", "permissions",
        "phone_number_collection", "redirect_on_completion", "return_url", "saved_payment_method_options",
        "setup_intent_data", "shipping_address_collection", "shipping_options", "subscription_data",
        "tax_id_collection", "wallet_options",
    ), UNSUPPORTED),
}
_LOCALES = (
    "auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA",
    "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru",
    "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK", "zh-TW",
)
# fmt: on


@dataclass(frozen=True)
class LineItem:
    name: str
    description: str | None
    images: list[str]
    unit_amount: int
    currency: str
    quantity: int
    product_metadata: dict[str, str]

    @property
    def amount(self) -> int:
        return self.unit_amount * self.quantity


@dataclass(frozen=True)
class SessionRequest:
    line_items: list[LineItem]
    currency: str
    expires_at: int
    metadata: dict[str, str] = field(default_factory=dict)
    client_reference_id: str | None = None
    customer_email: str | None = None
    success_url: str | None = None
    cancel_url: str | None = None
    payment_intent_data: dict = field(default_factory=dict)
    locale: str | None = None
    submit_type: str | None = None
    billing_address_collection: str | None = None

    @property
    def amount_total(self) -> int:
        return sum(item.amount for item in self.line_items)


def _line_item(params: Params) -> LineItem:
    if (price := params.string("price")) is not None:
        # Prices are not an API of the emulator, so no price id can exist (as on a fresh Stripe account).
        raise no_such("price", price, params.name("price"))
    price_data = params.object("price_data", required=True)
    assert price_data is not None
    currency = price_data.string("currency", required=True)
    assert currency is not None
    if not re.fullmatch(r"[A-Za-z]{3}", currency):
        raise invalid_request(f"Invalid currency: {currency.lower()}", price_data.name("currency"))
    product = price_data.object("product_data", required=True)
    assert product is not None
    return LineItem(
        name=product.string("name", required=True, max_length=250) or "",
        description=product.string("description", max_length=40000),
        images=product.strings("images"),
        unit_amount=price_data.integer("unit_amount", required=True, minimum=0, maximum=99999999) or 0,
        currency=currency.lower(),
        quantity=params.integer("quantity", required=True, minimum=1, maximum=999999) or 0,
        product_metadata=product.metadata(),
    )


def _expires_at(params: Params, now: int) -> int:
    expires_at = params.integer("expires_at")
    if expires_at is None:
        return now + MAX_LIFETIME
    if expires_at - now < MIN_LIFETIME:
        raise invalid_request(
            "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
            "expires_at",
        )
    if expires_at - now > MAX_LIFETIME:
        raise invalid_request(
            "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
            "expires_at",
        )
    return expires_at


def _payment_intent_data(params: Params) -> dict:
    data = params.object("payment_intent_data")
    if data is None:
        return {}
    if data.choice("capture_method", ("automatic", "automatic_async", "manual")) == "manual":
        raise invalid_request(
            "payment_intent_data[capture_method]=manual is not supported by the embedded cloud's Stripe "
            "emulator.",
            data.name("capture_method"),
        )
    return {
        "metadata": data.metadata(),
        "description": data.string("description", max_length=1000),
        "receipt_email": data.email("receipt_email"),
        "statement_descriptor": data.string("statement_descriptor", max_length=22),
        "statement_descriptor_suffix": data.string("statement_descriptor_suffix", max_length=22),
    }


def parse_session_request(params: Params, *, now: int) -> SessionRequest:
    reject_unknown(params.data, SCHEMA)
    mode = params.choice("mode", ("payment", "setup", "subscription"), required=True)
    if mode != "payment":
        raise invalid_request(
            f"mode={mode} is not supported by the embedded cloud's Stripe emulator (only payment).", "mode"
        )
    if params.choice("ui_mode", ("hosted", "embedded", "custom")) not in (None, "hosted"):
        raise invalid_request(
            "Only ui_mode=hosted is supported by the embedded cloud's Stripe emulator.", "ui_mode"
        )
    if any(kind != "card" for kind in params.strings("payment_method_types")):
        raise invalid_request(
            "The embedded cloud's Stripe emulator only supports the card payment method.",
            "payment_method_types",
        )
    if "line_items" not in params.data:
        raise invalid_request("You must provide at least one line item.", "line_items", "parameter_missing")
    line_items = [_line_item(item) for item in params.objects("line_items", required=True)]
    currency = line_items[0].currency
    if any(item.currency != currency for item in line_items):
        raise invalid_request("All line items must use the same currency.", "line_items")
    request = SessionRequest(
        line_items=line_items,
        currency=currency,
        expires_at=_expires_at(params, now),
        metadata=params.metadata(),
        client_reference_id=params.string("client_reference_id", max_length=200),
        customer_email=params.email("customer_email"),
        success_url=params.url("success_url"),
        cancel_url=params.url("cancel_url"),
        payment_intent_data=_payment_intent_data(params),
        locale=params.choice("locale", _LOCALES),
        submit_type=params.choice("submit_type", ("auto", "book", "donate", "pay", "subscribe")),
        billing_address_collection=params.choice("billing_address_collection", ("auto", "required")),
    )
    minimum = MINIMUM_CHARGE.get(currency)
    if minimum is not None and request.amount_total < minimum:
        raise invalid_request(
            "The Checkout Session's total amount due must add up to at least "
            f"{format_amount(minimum, currency)} {currency}",
            "line_items",
        )
    return request
