"""Promo codes (issue 15): the event's creator makes a code - a percentage or a fixed amount off each ticket, of
some types or all, for a limited number of tickets, within a window - lists it with its uses and disables it.

A checkout with a code pays the discounted prices (the order's lines, its tickets and so Stripe's amounts) and
keeps the code, the discount and the uses on the order. Uses are counted per discounted ticket (pretix counts a
voucher's redemptions per position) by a conditional update in the reservation's own transaction: 50 buyers of a
ticket each racing for a code of 10 uses make exactly 10 discounted orders. As in pretix, an order that ends
unpaid (released: expired, cancelled, failed) gives its uses back; a paid order keeps them, refunded or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kernel.errors import Conflict, FieldError, ValidationFailed

from .common import Money
from .orders import Reservation

PERCENT, FIXED = "PERCENT", "FIXED"
CODE_PATTERN = r"^[A-Z0-9][A-Z0-9_-]{2,31}$"


class CodeTaken(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__(f"The event already has a promo code {code}")


class UsedUp(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__(f"Promo code {code} has no uses left for these tickets")


def not_valid(why: str) -> ValidationFailed:
    return ValidationFailed(f"The promo code cannot be used: {why}", [FieldError("promoCode", why)])


@dataclass
class PromoCode:
    event_id: str
    code: str
    kind: str  # PERCENT or FIXED
    value: int  # percent (1-100) or minor units off each ticket
    currency: str | None  # a FIXED code's
    ticket_type_ids: tuple[str, ...]  # empty: every type of the event
    max_uses: int
    uses: int
    valid_from: str | None
    valid_until: str | None
    disabled: bool
    created_at: str
    events: list = field(default_factory=list)

    @classmethod
    def create(cls, event_id: str, code: str, kind: str, value: int, currency: str | None,
               ticket_type_ids: list[str], max_uses: int, valid_from: str | None, valid_until: str | None,
               now: str) -> PromoCode:
        if kind == PERCENT and not 1 <= value <= 100:
            raise ValidationFailed("A percentage is 1 to 100", [FieldError("value", "1-100 for PERCENT")])
        if kind == FIXED and currency is None:
            raise ValidationFailed("A fixed amount has a currency", [FieldError("currency", "required for FIXED")])
        if valid_from and valid_until and valid_until <= valid_from:
            raise ValidationFailed("The window ends after it starts", [FieldError("validUntil", "after validFrom")])
        return cls(event_id, code.upper(), kind, value, currency if kind == FIXED else None,
                   tuple(dict.fromkeys(ticket_type_ids)), max_uses, 0, valid_from, valid_until, False, now)

    def disable(self) -> None:
        self.disabled = True

    def applies_to(self, ticket_type_id: str) -> bool:
        return not self.ticket_type_ids or ticket_type_id in self.ticket_type_ids

    def unit_discount(self, unit_amount: int) -> int:
        """What comes off one ticket: a percentage rounded half up, a fixed amount at most the price."""
        if self.kind == PERCENT:
            return (unit_amount * self.value + 50) // 100
        return min(self.value, unit_amount)

    def apply(self, reservation: Reservation, now: str) -> int:
        """Discount the reservation's tickets of the code's types (as last read: the store's condition counts
        the uses again); the number of uses it takes."""
        order = reservation.order
        if self.disabled:
            raise not_valid("it was disabled")
        if self.valid_from and now < self.valid_from:
            raise not_valid(f"it is valid from {self.valid_from}")
        if self.valid_until and now > self.valid_until:
            raise not_valid(f"it expired at {self.valid_until}")
        if self.kind == FIXED and self.currency != order.amount.currency:
            raise not_valid(f"it is in {self.currency}, the order in {order.amount.currency}")
        discounted = [t for t in reservation.tickets if self.applies_to(t.ticket_type_id)]
        if not discounted:
            raise not_valid("it is for other ticket types")
        if self.uses + len(discounted) > self.max_uses:
            raise UsedUp(self.code)
        for ticket in discounted:
            ticket.price = Money(ticket.price.amount - self.unit_discount(ticket.price.amount), ticket.price.currency)
        order.lines = [replace(line, unit_amount=line.unit_amount - self.unit_discount(line.unit_amount))
                       if self.applies_to(line.ticket_type_id) else line for line in order.lines]
        total = sum(line.unit_amount * line.quantity for line in order.lines)
        order.promo_code, order.discount = self.code, order.amount.amount - total
        order.promo_uses, order.amount = len(discounted), Money(total, order.amount.currency)
        return len(discounted)

