"""Ticket types in the table, with the guard of one type per kind and event; stock (`available`, `sold`) changes
only through conditional updates."""

from __future__ import annotations

from kernel.errors import NotFound
from kernel.table import BatchRead

from ..domain import TICKET_TYPE_NOT_FOUND, ClosedForTypes, KindTaken, Money, TicketsSold, TicketType
from . import (
    PROFILE,
    EventReplica,
    KindGuard,
    TicketTypeItem,
    Unit,
    commit,
    event_key,
    get,
    kind_key,
    money,
    page,
    publish,
    ticket_type_key,
)


def to_ticket_type(item: TicketTypeItem) -> TicketType:
    return TicketType(ticket_type_id=item.ticketTypeId, event_id=item.eventId, kind=item.kind,
                      description=item.description, price=Money(int(item.price.amount), str(item.price.currency)),
                      available=int(item.available), sold=int(item.sold),
                      max_per_order=int(item.maxPerOrder) if item.maxPerOrder is not None else None,
                      waiting=int(item.waiting or 0),
                      created_at=item.createdAt, updated_at=item.updatedAt)


def find(ticket_type_id: str) -> TicketType | None:
    item = get(TicketTypeItem, *ticket_type_key(ticket_type_id))
    return to_ticket_type(item) if item is not None else None


def require(ticket_type_id: str) -> TicketType:
    found = find(ticket_type_id)
    if found is None:
        raise NotFound(TICKET_TYPE_NOT_FOUND)
    return found


def reading(ticket_type_ids: list[str]) -> BatchRead:
    """The types to read along with the caller's token check (`http.caller(router, reads=...)`)."""
    return BatchRead(TicketTypeItem, [ticket_type_key(t) for t in ticket_type_ids])


def found_in(read: BatchRead) -> dict[str, TicketType]:
    return {item.ticketTypeId: to_ticket_type(item) for item in read.found.values()}


def of_event(event_id: str) -> list[TicketType]:
    """The event's types (at most one per kind, so one short page)."""
    items, _ = page(TicketTypeItem.by_event, f"EVENT#{event_id}#TICKETTYPES", 100, None, newest_first=False)
    return [to_ticket_type(item) for item in items]


def _event_still_open() -> object:
    return EventReplica.deletedAt.does_not_exist() & EventReplica.statusRank.exists() & (EventReplica.statusRank < 2)


def add(ticket_type: TicketType) -> None:
    """The new type with its kind's guard (KindTaken), while the event is still open (ClosedForTypes)."""
    tt = ticket_type

    def write(unit: Unit) -> None:
        unit.save(KindGuard(event_key(tt.event_id), kind_key(tt.kind), ticketTypeId=tt.ticket_type_id),
                  condition=KindGuard.PK.does_not_exist(), failure=KindTaken(tt.kind))
        unit.save(TicketTypeItem(*ticket_type_key(tt.ticket_type_id), ticketTypeId=tt.ticket_type_id,
                                 eventId=tt.event_id, kind=tt.kind, description=tt.description, price=money(tt.price),
                                 available=tt.available, sold=tt.sold, maxPerOrder=tt.max_per_order,
                                 createdAt=tt.created_at, updatedAt=tt.updated_at,
                                 GSI1PK=f"EVENT#{tt.event_id}#TICKETTYPES", GSI1SK=tt.kind),
                  condition=TicketTypeItem.PK.does_not_exist())
        unit.check(EventReplica, event_key(tt.event_id), PROFILE, _event_still_open(), failure=ClosedForTypes())
        publish(unit, tt.events)

    commit(write)
    tt.events = []


def save_change(ticket_type: TicketType) -> None:
    """The changed type, only if no sale happened since it was read (`sold` as read) and it still exists: else
    `Stale` (read it again)."""
    tt = ticket_type

    def write(unit: Unit) -> None:
        T = TicketTypeItem  # noqa: N806
        unit.update(T(*ticket_type_key(tt.ticket_type_id)),
                    [T.price.set(money(tt.price)), T.available.set(tt.available), T.updatedAt.set(tt.updated_at),
                     T.description.set(tt.description) if tt.description is not None else T.description.remove(),
                     T.maxPerOrder.set(tt.max_per_order) if tt.max_per_order is not None else T.maxPerOrder.remove()],
                    condition=T.PK.exists() & (T.sold == tt.sold))
        publish(unit, tt.events)

    commit(write)
    tt.events = []


def delete(ticket_type: TicketType, unsold: bool = True) -> None:
    """The type and its kind's guard; with `unsold`, only if nothing was sold meanwhile (TicketsSold), else only
    if it is still there (`Stale`: another run removed it)."""
    tt = ticket_type

    def write(unit: Unit) -> None:
        exists = TicketTypeItem.PK.exists()
        unit.delete(TicketTypeItem(*ticket_type_key(tt.ticket_type_id)),
                    condition=exists & (TicketTypeItem.sold == 0) if unsold else exists,
                    failure=TicketsSold() if unsold else None)
        unit.delete(KindGuard(event_key(tt.event_id), kind_key(tt.kind)))
        publish(unit, tt.events)

    commit(write)
    tt.events = []
