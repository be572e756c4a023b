"""What the ticketing API sends: ticket types, orders and tickets (camelCase, money in minor units, absent
fields left out)."""

from __future__ import annotations

from typing import Any

from .domain import Order, Ticket, TicketType, iso_of


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def ticket_type_view(item: TicketType) -> dict[str, Any]:
    return _clean({"id": item.ticket_type_id, "eventId": item.event_id, "type": item.kind,
                   "description": item.description, "price": item.price.as_dict(),
                   "availableQuantity": item.available, "soldQuantity": item.sold, "totalQuantity": item.total,
                   "isSoldOut": item.available <= 0, "maxPerOrder": item.max_per_order})


def order_view(order: Order) -> dict[str, Any]:
    return _clean({"id": order.order_id, "userId": order.user_id, "eventId": order.event_id, "status": order.status,
                   "ticketIds": list(order.ticket_ids), "amount": order.amount.as_dict(),
                   "createdAt": order.created_at, "expiresAt": iso_of(order.hold_until),
                   "paymentIntentId": order.payment_intent_id, "reason": order.reason,
                   "lines": [{"ticketTypeId": line.ticket_type_id, "type": line.kind, "quantity": line.quantity,
                              "unitPrice": {"amount": line.unit_amount, "currency": order.amount.currency}}
                             for line in order.lines]})


def ticket_view(ticket: Ticket) -> dict[str, Any]:
    return {"id": ticket.ticket_id, "orderId": ticket.order_id, "eventId": ticket.event_id,
            "userId": ticket.user_id, "ticketTypeId": ticket.ticket_type_id, "type": ticket.kind,
            "attendeeName": ticket.attendee_name, "price": ticket.price.as_dict(),
            "purchaseDate": ticket.purchase_date, "status": ticket.status}
