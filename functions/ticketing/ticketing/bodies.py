"""Request bodies of the ticketing API (validated before anything is read or written)."""

from __future__ import annotations

from typing import Literal

from kernel import http
from pydantic import AwareDatetime, Field, StrictInt

from .domain import MAX_ITEMS_PER_ORDER, MAX_PRICE, MAX_QUANTITY


class Price(http.Command):
    amount: StrictInt = Field(ge=0, le=MAX_PRICE, description="minor units, 0 to 1000.00")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")


class NewTicketType(http.Command):
    type: Literal["STANDARD", "VIP"]
    description: str | None = Field(default=None, min_length=1, max_length=500)
    price: Price
    quantity: StrictInt = Field(ge=1, le=MAX_QUANTITY)
    max_per_order: StrictInt | None = Field(default=None, ge=1, le=MAX_ITEMS_PER_ORDER,
                                            description="most tickets of this type in one order")


class TicketTypeChange(http.Command):
    description: str | None = Field(default=None, min_length=1, max_length=500)
    price: Price
    quantity: StrictInt = Field(ge=1, le=MAX_QUANTITY, description="the new total (never below what is sold)")
    max_per_order: StrictInt | None = Field(default=None, ge=1, le=MAX_ITEMS_PER_ORDER)


class CheckoutItem(http.Command):
    ticket_type_id: str = Field(pattern=r"^ett_[0-9a-f-]{36}$")
    attendee_name: str = Field(min_length=1, max_length=100)


class NewCheckout(http.Command):
    user_id: str | None = Field(default=None, max_length=64, description="the caller; any other user is a 403")
    items: list[CheckoutItem] = Field(min_length=1, max_length=MAX_ITEMS_PER_ORDER,
                                      description="one item per ticket, all of one event")
    success_url: str | None = Field(default=None, max_length=2000, description="a page of the platform's origin")
    cancel_url: str | None = Field(default=None, max_length=2000, description="a page of the platform's origin")
    promo_code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$",
                                   description="the event's promo code (any case)")


class WaitingListJoin(http.Command):
    attendee_name: str = Field(min_length=1, max_length=100, description="the name on the ticket an offer holds")


class RefundPolicyChange(http.Command):
    allowed: bool = Field(description="whether holders may ask for a refund at all")
    until_days_before: StrictInt = Field(default=0, ge=0, le=365,
                                         description="requests close this many days before the event starts")


class RefundAsk(http.Command):
    reason: str | None = Field(default=None, min_length=1, max_length=500)


class RefundDecision(http.Command):
    decision: Literal["APPROVED", "DECLINED"]


class NewPromoCode(http.Command):
    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$", description="3-32 letters, digits, _ or -; kept "
                      "upper-case")
    kind: Literal["PERCENT", "FIXED"]
    value: StrictInt = Field(ge=1, le=MAX_PRICE, description="percent (1-100) or minor units off each ticket")
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="a FIXED code's")
    ticket_type_ids: list[str] = Field(default_factory=list, max_length=10,
                                       description="the types it discounts; none: every type of the event")
    max_uses: StrictInt = Field(ge=1, le=MAX_QUANTITY, description="how many tickets it discounts in all")
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = None


class HeldCheckout(http.Command):
    success_url: str | None = Field(default=None, max_length=2000, description="a page of the platform's origin")
