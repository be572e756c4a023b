"""What every ticketing aggregate uses: ids, clocks, money, the limits of the API and the domain event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kernel.events import now_iso as now_iso  # the envelope's clock: one format for every timestamp

MAX_PRICE = 100_000  # 1000.00 in minor units
MAX_QUANTITY = 1_000_000
MAX_ITEMS_PER_ORDER = 20
EVENT_NOT_FOUND, TICKET_TYPE_NOT_FOUND, ORDER_NOT_FOUND = "Event not found", "Ticket type not found", "Order not found"
TICKET_NOT_FOUND = "Ticket not found"


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4()}"


def iso_of(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Money:
    amount: int  # minor units
    currency: str  # ISO 4217, as the organizer wrote it

    def as_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency}


@dataclass(frozen=True)
class DomainEvent:
    """A fact an aggregate's transition caused, published in the transaction that records the transition."""

    type: str
    payload: dict[str, Any]
