"""What the ticketing API sends: ticket types and orders (camelCase, money in minor units, absent fields left
out)."""

from __future__ import annotations

from typing import Any

from .domain import iso_of
from .store import OrderItem, TicketTypeItem


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def ticket_type_view(item: TicketTypeItem) -> dict[str, Any]:
    available, sold = int(item.available), int(item.sold)
    return _clean({"id": item.ticketTypeId, "eventId": item.eventId, "type": item.kind,
                   "description": item.description, "price": item.price.as_dict(),
                   "availableQuantity": available, "soldQuantity": sold, "totalQuantity": available + sold,
                   "isSoldOut": available <= 0,
                   "maxPerOrder": int(item.maxPerOrder) if item.maxPerOrder is not None else None})


def order_view(item: OrderItem) -> dict[str, Any]:
    return _clean({"id": item.orderId, "userId": item.userId, "eventId": item.eventId, "status": item.status,
                   "ticketIds": list(item.ticketIds), "amount": item.amount.as_dict(), "createdAt": item.createdAt,
                   "expiresAt": iso_of(int(item.holdUntil)), "paymentIntentId": item.paymentIntentId,
                   "reason": item.reason,
                   "lines": [{"ticketTypeId": line.ticketTypeId, "type": line.kind, "quantity": int(line.quantity),
                              "unitPrice": {"amount": int(line.unitAmount), "currency": item.amount.currency}}
                             for line in item.lines]})
