"""What the ticketing API sends: ticket types, orders, tickets, a started checkout and a scan at the door, as
`http.View` models (camelCase, money in minor units, absent fields left out), which its OpenAPI document shows
(kernel.responses)."""

from __future__ import annotations

from typing import Any

from kernel import http, responses
from pydantic import Field

from .domain import Order, Ticket, TicketType, iso_of
from .domain.events import Event
from .domain.promo_codes import PromoCode
from .domain.refund_requests import RefundPolicy, RefundRequest
from .domain.waiting import WaitEntry


class MoneyView(http.View):
    amount: int = Field(description="minor units")
    currency: str = Field(description="ISO 4217 code")


class TicketTypeView(http.View):
    id: str
    event_id: str
    type: str = Field(description="STANDARD or VIP")
    description: str | None = None
    price: MoneyView
    available_quantity: int
    sold_quantity: int
    total_quantity: int
    is_sold_out: bool
    max_per_order: int | None = None


class OrderLineView(http.View):
    ticket_type_id: str
    type: str
    quantity: int
    unit_price: MoneyView


class OrderView(http.View):
    id: str
    user_id: str
    event_id: str
    status: str = Field(description="PENDING, COMPLETED or CANCELLED")
    ticket_ids: list[str]
    amount: MoneyView
    created_at: str
    expires_at: str = Field(description="when the hold of a PENDING order ends")
    payment_intent_id: str | None = None
    reason: str | None = Field(default=None, description="why a CANCELLED order ended")
    lines: list[OrderLineView]
    promo_code: str | None = Field(default=None, description="the promo code its prices were discounted by")
    discount: MoneyView | None = Field(default=None, description="what the promo code took off, in all")


class TicketView(http.View):
    id: str
    order_id: str
    event_id: str
    user_id: str
    ticket_type_id: str
    type: str
    attendee_name: str
    price: MoneyView
    purchase_date: str
    status: str = Field(description="PENDING_PAYMENT, ACTIVE, USED, PAYMENT_FAILED, REFUNDED or TRANSFERRED")


class CheckoutStarted(http.View):
    """A reservation: a paid one with the Stripe Checkout page to send the buyer to; a free one confirmed."""

    order_id: str
    session_id: str | None = None
    redirect_url: str | None = Field(default=None, description="Stripe's hosted payment page")
    expires_at: str
    order: OrderView


class Scan(http.View):
    result: str = Field(description="admitted, or already_used for a second scan")
    ticket_id: str
    event_id: str
    type: str
    attendee_name: str
    status: str
    used_at: str | None = Field(default=None, description="the first scan's time")


class WaitEntryView(http.View):
    ticket_type_id: str
    event_id: str
    user_id: str
    attendee_name: str
    status: str = Field(description="WAITING, OFFERED (pay the order before offerExpiresAt), TAKEN or PASSED")
    joined_at: str
    order_id: str | None = Field(default=None, description="the offer: a PENDING order holding one ticket")
    offer_expires_at: str | None = None


def wait_entry_view(entry: WaitEntry) -> WaitEntryView:
    return WaitEntryView(ticket_type_id=entry.ticket_type_id, event_id=entry.event_id, user_id=entry.user_id,
                         attendee_name=entry.attendee_name, status=entry.status, joined_at=entry.joined_at,
                         order_id=entry.order_id,
                         offer_expires_at=iso_of(entry.offer_until) if entry.offer_until is not None else None)


class RefundPolicyView(http.View):
    event_id: str
    allowed: bool
    until_days_before: int
    requests_close_at: str | None = Field(default=None, description="the last moment a refund may be requested")


class RefundRequestView(http.View):
    ticket_id: str
    order_id: str
    event_id: str
    holder_id: str
    ticket_type_id: str
    price: MoneyView
    status: str = Field(description="REQUESTED, APPROVED or DECLINED")
    requested_at: str
    reason: str | None = None
    decided_at: str | None = None
    refunded: bool = Field(description="the Stripe refund is done (an approved request)")


class PromoCodeView(http.View):
    event_id: str
    code: str
    kind: str = Field(description="PERCENT or FIXED")
    value: int = Field(description="percent, or minor units off each ticket")
    currency: str | None = None
    ticket_type_ids: list[str] = Field(description="the types it discounts; empty: all")
    max_uses: int
    uses: int = Field(description="tickets discounted so far (orders released unpaid give theirs back)")
    valid_from: str | None = None
    valid_until: str | None = None
    disabled: bool
    created_at: str


def promo_code_view(promo: PromoCode) -> PromoCodeView:
    return PromoCodeView(event_id=promo.event_id, code=promo.code, kind=promo.kind, value=promo.value,
                         currency=promo.currency, ticket_type_ids=list(promo.ticket_type_ids), max_uses=promo.max_uses,
                         uses=promo.uses, valid_from=promo.valid_from, valid_until=promo.valid_until,
                         disabled=promo.disabled, created_at=promo.created_at)


def refund_policy_view(event: Event, policy: RefundPolicy) -> RefundPolicyView:
    return RefundPolicyView(event_id=event.event_id, allowed=policy.allowed, until_days_before=policy.days_before,
                            requests_close_at=policy.deadline(event))


def refund_request_view(request: RefundRequest) -> RefundRequestView:
    return RefundRequestView(ticket_id=request.ticket_id, order_id=request.order_id, event_id=request.event_id,
                             holder_id=request.holder_id, ticket_type_id=request.ticket_type_id,
                             price=_price(request.price), status=request.status, requested_at=request.requested_at,
                             reason=request.reason, decided_at=request.decided_at,
                             refunded=request.refund_id is not None)


def _price(value: Any) -> MoneyView:
    return MoneyView(amount=value.amount, currency=value.currency)


def ticket_type_view(item: TicketType) -> TicketTypeView:
    return TicketTypeView(id=item.ticket_type_id, event_id=item.event_id, type=item.kind,
                          description=item.description, price=_price(item.price), available_quantity=item.available,
                          sold_quantity=item.sold, total_quantity=item.total, is_sold_out=item.for_sale <= 0,
                          max_per_order=item.max_per_order)


def order_view(order: Order) -> OrderView:
    return OrderView(id=order.order_id, user_id=order.user_id, event_id=order.event_id, status=order.status,
                     ticket_ids=list(order.ticket_ids), amount=_price(order.amount), created_at=order.created_at,
                     expires_at=iso_of(order.hold_until), payment_intent_id=order.payment_intent_id,
                     reason=order.reason, promo_code=order.promo_code,
                     discount=MoneyView(amount=order.discount, currency=order.amount.currency)
                     if order.promo_code else None,
                     lines=[OrderLineView(ticket_type_id=line.ticket_type_id, type=line.kind, quantity=line.quantity,
                                          unit_price=MoneyView(amount=line.unit_amount, currency=order.amount.currency))
                            for line in order.lines])


def ticket_view(ticket: Ticket) -> TicketView:
    return TicketView(id=ticket.ticket_id, order_id=ticket.order_id, event_id=ticket.event_id,
                      user_id=ticket.user_id, ticket_type_id=ticket.ticket_type_id, type=ticket.kind,
                      attendee_name=ticket.attendee_name, price=_price(ticket.price),
                      purchase_date=ticket.purchase_date, status=ticket.status)


def scan_view(result: str, ticket: Ticket) -> Scan:
    return Scan(result=result, ticket_id=ticket.ticket_id, event_id=ticket.event_id, type=ticket.kind,
                attendee_name=ticket.attendee_name, status=ticket.status, used_at=ticket.updated_at)


_PROBLEMS = {400: "The request is not valid", 401: "No valid access token",
             403: "Not the caller's to act on (another user's path; only the event's creator manages or scans)",
             404: "No such event, ticket type, order or ticket (or not the caller's)",
             409: "Refused in the state things are in (sold out, a buyer's cap, the event not on sale, a settled "
                  "order, a ticket that does not pass)",
             503: "The payment provider cannot be reached"}

# A route's answers for its OpenAPI document: its success and the problems (kernel.responses).
documented = responses.Answers(_PROBLEMS)


def pdf(description: str, *problems: int) -> dict[int, Any]:
    """A PDF route's answers: the document as application/pdf, and its problems."""
    answers = documented(200, description, *problems)
    answers[200] = {"description": description,
                    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
    return answers
