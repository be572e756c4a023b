"""Ticket types: created, changed and deleted by the event's creator, each change with its `ticket-type.*`
event in the same transaction. Stock (`available`, `sold`) changes only through conditional updates."""

from __future__ import annotations

from typing import Any

from kernel.errors import Conflict, NotFound
from kernel.unit_of_work import Stale

from .domain import TICKET_TYPE_NOT_FOUND, Event, capped_available, new_id, now_iso
from .store import (
    PROFILE,
    EventReplica,
    KindGuard,
    Money,
    TicketTypeItem,
    Unit,
    commit,
    event_key,
    get,
    kind_key,
    page,
    ticket_type_key,
)

CHANGE_ATTEMPTS = 5


def find(ticket_type_id: str) -> TicketTypeItem | None:
    return get(TicketTypeItem, *ticket_type_key(ticket_type_id))


def require(ticket_type_id: str) -> TicketTypeItem:
    found = find(ticket_type_id)
    if found is None:
        raise NotFound(TICKET_TYPE_NOT_FOUND)
    return found


def of_event(event_id: str) -> list[TicketTypeItem]:
    """The event's types (at most one per kind, so one short page)."""
    items, _ = page(TicketTypeItem.by_event, f"EVENT#{event_id}#TICKETTYPES", 100, None, newest_first=False)
    return items


def _event_still_open() -> Any:
    return EventReplica.deletedAt.does_not_exist() & EventReplica.statusRank.exists() & (EventReplica.statusRank < 2)


def create(event: Event, kind: str, description: str | None, price: dict[str, Any], quantity: int,
           max_per_order: int | None) -> TicketTypeItem:
    now = now_iso()
    ticket_type_id = new_id("ett")
    item = TicketTypeItem(*ticket_type_key(ticket_type_id), ticketTypeId=ticket_type_id, eventId=event.event_id,
                          kind=kind, description=description, price=Money(**price), available=quantity, sold=0,
                          maxPerOrder=max_per_order, createdAt=now, updatedAt=now,
                          GSI1PK=f"EVENT#{event.event_id}#TICKETTYPES", GSI1SK=kind)

    def write(unit: Unit) -> None:
        unit.save(KindGuard(event_key(event.event_id), kind_key(kind), ticketTypeId=ticket_type_id),
                  condition=KindGuard.PK.does_not_exist(),
                  failure=Conflict(f'The event already has a "{kind}" ticket type'))
        unit.save(item, condition=TicketTypeItem.PK.does_not_exist())
        unit.check(EventReplica, event_key(event.event_id), PROFILE, _event_still_open(),
                   failure=Conflict("The event is no longer open for ticket types"))
        unit.publish("ticket-type.created", {"eventId": event.event_id, "ticketTypeId": ticket_type_id,
                                             "price": price})

    commit(write)
    return item


def change(ticket_type_id: str, description: str | None, price: dict[str, Any], total: int,
           max_per_order: int | None) -> TicketTypeItem:
    """The new total keeps what is sold (capped); written only if no sale happened since it was read, else read
    again (sales change `sold` concurrently)."""
    for _ in range(CHANGE_ATTEMPTS):
        item = require(ticket_type_id)
        sold = int(item.sold)
        actions = [TicketTypeItem.price.set(Money(**price)),
                   TicketTypeItem.available.set(capped_available(total, sold)), TicketTypeItem.updatedAt.set(now_iso()),
                   TicketTypeItem.description.set(description) if description is not None
                   else TicketTypeItem.description.remove(),
                   TicketTypeItem.maxPerOrder.set(max_per_order) if max_per_order is not None
                   else TicketTypeItem.maxPerOrder.remove()]

        def write(unit: Unit, item: TicketTypeItem = item, sold: int = sold, actions: list = actions) -> None:
            unit.update(item, actions, condition=TicketTypeItem.PK.exists() & (TicketTypeItem.sold == sold))
            unit.publish("ticket-type.updated", {"eventId": item.eventId, "ticketTypeId": ticket_type_id,
                                                 "price": price})

        try:
            commit(write)
        except Stale:  # a sale or a deletion happened meanwhile
            continue
        return require(ticket_type_id)
    raise Conflict("The ticket type is selling fast: try again")


def delete(item: TicketTypeItem) -> None:
    """Only a type nothing was sold of (a sold ticket keeps its type); a concurrent sale makes this a 409."""

    def write(unit: Unit) -> None:
        unit.delete(item, condition=TicketTypeItem.PK.exists() & (TicketTypeItem.sold == 0),
                    failure=Conflict("Tickets of this type were sold: it cannot be deleted"))
        unit.delete(KindGuard(event_key(item.eventId), kind_key(item.kind)))
        unit.publish("ticket-type.deleted", {"eventId": item.eventId, "ticketTypeId": item.ticketTypeId})

    commit(write)



def remove_all_of_event(event_id: str) -> int:
    """event.deleted: every type of the event goes, each with its ticket-type.deleted (sold tickets keep their
    own copy of kind and price). A type another run removed first is skipped: safe to run twice."""
    removed = 0
    for item in of_event(event_id):
        def write(unit: Unit, item: TicketTypeItem = item) -> None:
            unit.delete(item, condition=TicketTypeItem.PK.exists())
            unit.delete(KindGuard(event_key(item.eventId), kind_key(item.kind)))
            unit.publish("ticket-type.deleted", {"eventId": item.eventId, "ticketTypeId": item.ticketTypeId})

        try:
            commit(write)
            removed += 1
        except Stale:
            continue
    return removed
