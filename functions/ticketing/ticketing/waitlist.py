"""Offers from the waiting list (domain/waiting.py), made when stock comes back - an order released unpaid
(a hold ran out, a buyer cancelled, an offer passed), a ticket refunded on request, the organizer's new total -
and settled when the offered order is paid or ends. Each step is conditional, so a consumer that runs twice, or
two that run at once, make each offer once: a release of N tickets makes at most N offers, first in line first.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from typing import Any

from aws_lambda_powertools import Logger
from kernel.unit_of_work import Stale

from . import replicas
from .domain import BuyerLimits, NotOnSale, Order, SoldOut, Wanted, now_iso
from .domain.refund_requests import REFUND_REQUESTED
from .domain.waiting import WaitEntry
from .store import orders as order_store
from .store import ticket_types as ticket_type_store
from .store import tickets as ticket_store
from .store import waiting as waiting_store

logger = Logger()
LOOKAHEAD = 5  # entries read per Query of the line: one that another run offered first is skipped, not re-read
MOST_OFFERS = 100  # per message: a larger release goes on with the next message the offers' releases cause
ONE_TICKET = BuyerLimits(open_orders=1, tickets_per_event=1)  # an offer is one ticket, outside the buyer's caps


def offer_seconds() -> int:
    return int(os.environ["WAITING_LIST_OFFER_SECONDS"])  # the template's WaitingListOfferSeconds


def offer_freed(ticket_type_id: str) -> int:
    """While the type has stock and members wait, the first in line gets an offer: how many were made."""
    made = 0
    while made < MOST_OFFERS:
        ticket_type = ticket_type_store.find(ticket_type_id)
        if ticket_type is None or ticket_type.available < 1:
            break
        line = waiting_store.first_waiting(ticket_type_id, LOOKAHEAD)
        event = replicas.event(ticket_type.event_id)
        if not line or event is None:
            break
        for entry in line:
            outcome = _offer(entry, event, ticket_type)
            if outcome == "offered":
                made += 1
                break
            if outcome == "stop":
                return made
    return made


def _offer(entry: WaitEntry, event: Any, ticket_type: Any) -> str:
    try:
        reservation = Order.reserve(event, entry.user_id, [Wanted(ticket_type, [entry.attendee_name])], ONE_TICKET,
                                    now_iso(), int(time.time()) + offer_seconds(), secrets.token_urlsafe(24))
        reservation.order.counted = False
        entry.offer(reservation.order)
        waiting_store.offer(entry, reservation)
    except Stale:  # another run offered this entry first, or it left the line: the next one
        return "skipped"
    except (SoldOut, NotOnSale):  # the stock went (another offer, a buyer) or the sale ended
        return "stop"
    logger.info("waiting-list offer", extra={"ticketTypeId": entry.ticket_type_id, "userId": entry.user_id,
                                             "orderId": reservation.order.order_id})
    return "offered"


def settle_offer(order: Order, paid: bool) -> None:
    """The offered order was paid (the entry TAKEN) or ended unpaid (PASSED); nothing for other orders."""
    for line in order.lines:
        entry = waiting_store.find(line.ticket_type_id, order.user_id)
        if entry is not None and entry.settle(order.order_id, paid):
            with contextlib.suppress(Stale):  # settled by an earlier delivery
                waiting_store.save_settled(entry)


def on_order_rejected(envelope: dict[str, Any]) -> None:
    """payments.order.rejected: its stock is back - an offer it was passes, and the line gets offers."""
    order = order_store.find(envelope["payload"]["orderId"])
    if order is None:
        return
    settle_offer(order, paid=False)
    for line in order.lines:
        offer_freed(line.ticket_type_id)


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    order = order_store.find(envelope["payload"]["orderId"])
    if order is not None:
        settle_offer(order, paid=True)


def on_order_refunded(envelope: dict[str, Any]) -> None:
    """payments.order.refunded for a refund request: the ticket's stock came back with its approval."""
    payload = envelope["payload"]
    if payload["reason"] != REFUND_REQUESTED:  # a cancelled event's or a late payment's: no stock for sale
        return
    for ticket_id in payload["ticketIds"]:
        ticket = ticket_store.find(ticket_id)
        if ticket is not None:
            offer_freed(ticket.ticket_type_id)


def on_ticket_type_updated(envelope: dict[str, Any]) -> None:
    """The organizer changed the type (a larger total gives stock to the line)."""
    offer_freed(envelope["payload"]["ticketTypeId"])
