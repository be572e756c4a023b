"""A checkout's promo code (domain/promo_codes.py): the reservation discounted before it is written, its uses
counted in the reservation's own transaction; a released order's uses given back (the ticketing consumer)."""

from __future__ import annotations

from typing import Any

from .domain import Reservation, now_iso
from .domain.promo_codes import not_valid
from .store import orders as order_store
from .store import promo_codes as promo_store


def discount(reservation: Reservation, code: str) -> None:
    promo = promo_store.find(reservation.order.event_id, code)
    if promo is None:
        raise not_valid("no such code for this event")
    promo.apply(reservation, now_iso())
    reservation.promo = promo


def on_order_rejected(envelope: dict[str, Any]) -> None:
    """payments.order.rejected: the order's uses back to its code, once."""
    order = order_store.find(envelope["payload"]["orderId"])
    if order is not None:
        promo_store.give_back(order)
