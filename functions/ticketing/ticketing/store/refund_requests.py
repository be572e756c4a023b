"""Refund policies and requests in the ticketing table (domain/refund_requests.py):

    PK=EVENT#<e>    SK=REFUND_POLICY    allowed, daysBefore, updatedAt
    PK=TICKET#<t>   SK=REFUND_REQUEST   ticketId, orderId, eventId, holderId, ticketTypeId, price, status,
                                        requestedAt, reason?, decidedAt?, refundId?
                                        GSI1 EVENT#<e>#REFUND_REQUESTS / <requestedAt>#<t>  (the organizer's list)

An approval writes the request, the ticket ACTIVE -> REFUNDED, the stock back and the buyer's count of the
event's tickets in one transaction; the refund's record writes the request's refundId with its
payments.order.refunded.
"""

from __future__ import annotations

from kernel.errors import NotFound
from kernel.table import GSI1, GSI1Keys
from kernel.unit_of_work import Stale
from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from ..domain import ACTIVE, REFUNDED, Money, NotUsable
from ..domain.refund_requests import AlreadyRequested, Decided, RefundPolicy, RefundRequest
from . import (
    BuyerCounter,
    ContextTable,
    MoneyMap,
    TicketItem,
    TicketTypeItem,
    Unit,
    commit,
    event_key,
    event_tickets_key,
    get,
    money,
    page,
    publish,
    ticket_key,
    ticket_type_key,
)
from . import door as door_store

NO_REQUEST = "No refund request for this ticket"


class RefundPolicyItem(ContextTable):
    allowed = BooleanAttribute()
    daysBefore = NumberAttribute()
    updatedAt = UnicodeAttribute()


class RefundRequestItem(GSI1Keys, ContextTable):
    of_event = GSI1()
    ticketId = UnicodeAttribute()
    orderId = UnicodeAttribute()
    eventId = UnicodeAttribute()
    holderId = UnicodeAttribute()
    ticketTypeId = UnicodeAttribute()
    price = MoneyMap()
    status = UnicodeAttribute()
    requestedAt = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    decidedAt = UnicodeAttribute(null=True)
    refundId = UnicodeAttribute(null=True)


def policy_key(event_id: str) -> tuple[str, str]:
    return event_key(event_id), "REFUND_POLICY"


def request_key(ticket_id: str) -> tuple[str, str]:
    return ticket_key(ticket_id)[0], "REFUND_REQUEST"


def policy(event_id: str) -> RefundPolicy:
    item = get(RefundPolicyItem, *policy_key(event_id))
    return RefundPolicy(bool(item.allowed), int(item.daysBefore)) if item is not None else RefundPolicy()


def set_policy(event_id: str, chosen: RefundPolicy, now: str) -> None:
    RefundPolicyItem(*policy_key(event_id), allowed=chosen.allowed, daysBefore=chosen.days_before,
                     updatedAt=now).save()


def to_request(item: RefundRequestItem) -> RefundRequest:
    return RefundRequest(ticket_id=item.ticketId, order_id=item.orderId, event_id=item.eventId,
                         holder_id=item.holderId, ticket_type_id=item.ticketTypeId,
                         price=Money(int(item.price.amount), str(item.price.currency)), status=item.status,
                         requested_at=item.requestedAt, reason=item.reason, decided_at=item.decidedAt,
                         refund_id=item.refundId)


def find(ticket_id: str) -> RefundRequest | None:
    item = get(RefundRequestItem, *request_key(ticket_id))
    return to_request(item) if item is not None else None


def require(ticket_id: str) -> RefundRequest:
    found = find(ticket_id)
    if found is None:
        raise NotFound(NO_REQUEST)
    return found


def event_page(event_id: str, limit: int, start_key: dict | None) -> tuple[list[RefundRequest], dict | None]:
    items, last_key = page(RefundRequestItem.of_event, f"EVENT#{event_id}#REFUND_REQUESTS", limit, start_key)
    return [to_request(item) for item in items], last_key


def add(request: RefundRequest) -> None:
    """The new request, once per ticket (AlreadyRequested), while the ticket is still ACTIVE (NotUsable)."""
    r = request

    def write(unit: Unit) -> None:
        unit.save(RefundRequestItem(*request_key(r.ticket_id), ticketId=r.ticket_id, orderId=r.order_id,
                                    eventId=r.event_id, holderId=r.holder_id, ticketTypeId=r.ticket_type_id,
                                    price=money(r.price), status=r.status, requestedAt=r.requested_at,
                                    reason=r.reason, GSI1PK=f"EVENT#{r.event_id}#REFUND_REQUESTS",
                                    GSI1SK=f"{r.requested_at}#{r.ticket_id}"),
                  condition=RefundRequestItem.PK.does_not_exist(), failure=AlreadyRequested())
        unit.check(TicketItem, *ticket_key(r.ticket_id), TicketItem.status == ACTIVE, failure=NotUsable("not ACTIVE"))

    commit(write)


def _decided(unit: Unit, request: RefundRequest) -> None:
    R = RefundRequestItem  # noqa: N806
    unit.update(R(*request_key(request.ticket_id)), [R.status.set(request.status), R.decidedAt.set(request.decided_at)],
                condition=R.status == request.was, failure=Decided(request.was or "decided"))


def save_declined(request: RefundRequest) -> None:
    commit(lambda unit: _decided(unit, request))


def save_approved(request: RefundRequest, buyer_id: str, counted: bool) -> None:
    """The approval with the ticket REFUNDED (only from ACTIVE: a ticket used meanwhile refuses it, NotUsable),
    its stock back and the buyer's count of the event's tickets one lower (if the order was counted)."""
    def write(unit: Unit) -> None:
        _decided(unit, request)
        unit.update(TicketItem(*ticket_key(request.ticket_id)), [TicketItem.status.set(REFUNDED)],
                    condition=TicketItem.status == ACTIVE, failure=NotUsable("used or refunded meanwhile"))
        unit.update(TicketTypeItem(*ticket_type_key(request.ticket_type_id)),
                    [TicketTypeItem.available.add(1), TicketTypeItem.sold.add(-1)],
                    condition=TicketTypeItem.PK.exists())
        door_store.uncount_sold(unit, request.event_id, request.ticket_type_id)  # the check-in figures
        if counted:
            unit.update(BuyerCounter(*event_tickets_key(buyer_id, request.event_id)), [BuyerCounter.count.add(-1)])

    commit(write)


def save_refund(request: RefundRequest) -> bool:
    """The refund's id with payments.order.refunded, once (False: an earlier run recorded it)."""
    R = RefundRequestItem  # noqa: N806

    def write(unit: Unit) -> None:
        unit.update(R(*request_key(request.ticket_id)), [R.refundId.set(request.refund_id)],
                    condition=(R.status == request.was) & R.refundId.does_not_exist())
        publish(unit, request.events)

    try:
        commit(write)
    except Stale:
        return False
    finally:
        request.events = []
    return True
