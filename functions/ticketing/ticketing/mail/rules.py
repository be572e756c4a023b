"""Which e-mail a fact causes, for whom, and once per what (plain Python, no AWS).

Each letter names a `topic`: a recipient gets one letter per topic however often the fact is told (a redelivery,
the same fact under a new eventId, the cancellation reaching a holder both through the event and through each of
their refunded orders). An event's change is told once per new time and place: updates that arrive while a change
is waiting to be told (the coalescing window) are told together, by the one letter that follows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    ORDER_CONFIRMED = "order_confirmed"      # paid: the tickets, as a PDF
    PAYMENT_FAILED = "payment_failed"        # the payment did not go through: the tickets are released
    HOLD_EXPIRED = "hold_expired"            # not paid in time: the tickets are released
    LATE_PAYMENT_REFUNDED = "late_payment_refunded"  # paid after the hold ended: refunded
    REFUND_APPROVED = "refund_approved"      # the organizer approved a refund request: the ticket's price back
    WAITING_LIST_OFFER = "waiting_list_offer"  # a ticket waited for is held: pay it before the offer passes on
    EVENT_CANCELLED = "event_cancelled"      # the event is cancelled: the holder's tickets are refunded
    EVENT_CHANGED = "event_changed"          # the event moved (its start or its place)
    EVENT_REMINDER = "event_reminder"        # the event starts tomorrow


REJECTED = {"payment_failed": Kind.PAYMENT_FAILED, "checkout_unavailable": Kind.PAYMENT_FAILED,
            "expired": Kind.HOLD_EXPIRED}  # cancelled_by_buyer: the buyer did it, nothing to tell


@dataclass(frozen=True)
class Letter:
    kind: Kind
    user_id: str
    topic: str  # one letter per (topic, recipient)
    facts: dict[str, Any] = field(default_factory=dict)
    attach_tickets_of: str | None = None  # an order id: its tickets as one PDF


def of_order_confirmed(p: dict[str, Any]) -> Letter:
    return Letter(Kind.ORDER_CONFIRMED, p["userId"], f"ORDER#{p['orderId']}#confirmed",
                  {"orderId": p["orderId"], "eventId": p["eventId"], "ticketCount": p["ticketCount"]},
                  attach_tickets_of=p["orderId"])


def of_order_rejected(p: dict[str, Any]) -> Letter | None:
    kind = REJECTED.get(p["reason"])
    if kind is None:
        return None
    return Letter(kind, p["userId"], f"ORDER#{p['orderId']}#released", {"orderId": p["orderId"],
                                                                         "eventId": p["eventId"]})


def of_order_refunded(p: dict[str, Any]) -> Letter:
    """A late payment's refund has its own letter; a refund because the event was cancelled is the holder's one
    cancellation letter (however many of their orders are refunded)."""
    if p["reason"] == "event_cancelled":
        return of_event_cancelled(p["eventId"], p["userId"])
    if p["reason"] == "refund_requested":  # one ticket's refund, on request
        return Letter(Kind.REFUND_APPROVED, p["userId"], f"ORDER#{p['orderId']}#refunded#{'+'.join(p['ticketIds'])}",
                      {"orderId": p["orderId"], "eventId": p["eventId"], "amount": p["amount"]})
    return Letter(Kind.LATE_PAYMENT_REFUNDED, p["userId"], f"ORDER#{p['orderId']}#refunded",
                  {"orderId": p["orderId"], "eventId": p["eventId"], "amount": p["amount"]})


def of_waiting_list_offered(p: dict[str, Any]) -> Letter:
    return Letter(Kind.WAITING_LIST_OFFER, p["userId"], f"ORDER#{p['orderId']}#offered",
                  {"orderId": p["orderId"], "eventId": p["eventId"], "offerUntil": p["offerUntil"]})


def of_event_cancelled(event_id: str, holder_id: str) -> Letter:
    return Letter(Kind.EVENT_CANCELLED, holder_id, f"EVENT#{event_id}#cancelled", {"eventId": event_id})


@dataclass(frozen=True)
class Whereabouts:
    """When and where an event takes place, as its holders know it."""

    starts_at: str | None
    location: str | None

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.starts_at}|{self.location}".encode()).hexdigest()[:16]


def to_announce(told: str | None, now: Whereabouts) -> bool:
    """Whether holders must hear of the event's time and place: only once they were told one (the event was
    published), and only when it is no longer what they were told."""
    return told is not None and told != now.fingerprint


def of_event_changed(event_id: str, holder_id: str, now: Whereabouts) -> Letter:
    return Letter(Kind.EVENT_CHANGED, holder_id, f"EVENT#{event_id}#changed#{now.fingerprint}",
                  {"eventId": event_id, "startsAt": now.starts_at, "location": now.location})


def holders(user_ids: list[str]) -> list[str]:
    """Each holder once, in the order first met (one holder may have many tickets)."""
    return list(dict.fromkeys(user_ids))


def of_reminder(event_id: str, holder_id: str, now: Whereabouts) -> Letter:
    """The day before: once per holder and start (an event moved to another day reminds again)."""
    return Letter(Kind.EVENT_REMINDER, holder_id, f"EVENT#{event_id}#reminder#{now.fingerprint}",
                  {"eventId": event_id, "startsAt": now.starts_at, "location": now.location})


def start_bucket(starts_at: str | None) -> str | None:
    """The hour an event starts in (UTC), the reminder schedule's unit: `2027-01-11T20`."""
    return starts_at[:13] if starts_at and len(starts_at) >= 13 else None
