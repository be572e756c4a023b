"""The door's items: who may scan an event's tickets, and the event's check-in figures.

    PK=EVENT#<e>  SK=DOOR#<u>        a door right: userId, role (member | organization), grantedAt, grantedBy
                                     GSI1 DOOR#<u> / <grantedAt>#<e>   (the events a user keeps the door of)
    PK=EVENT#<e>  SK=CHECKIN#<ett>   check-in figures of one ticket type: kind, sold (tickets paid), admitted
                                     (tickets scanned in); counted (ADD) in the transaction that confirms an
                                     order or admits a ticket, never read-modify-write

An admission writes the ticket (only from ACTIVE) and its type's `admitted` in one transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from kernel.table import GSI1, ContextTable, GSI1Keys
from kernel.unit_of_work import Stale
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from ..domain import OrderLine, Ticket
from ..domain.door import Grant
from . import TicketItem, Unit, commit, event_key, get, page, ticket_key

DOOR, CHECKIN = "DOOR#", "CHECKIN#"


class DoorGrantItem(GSI1Keys, ContextTable):
    by_user = GSI1()
    eventId = UnicodeAttribute()
    userId = UnicodeAttribute()
    role = UnicodeAttribute()
    grantedAt = UnicodeAttribute()
    grantedBy = UnicodeAttribute()


class CheckinCounter(ContextTable):
    kind = UnicodeAttribute(null=True)
    sold = NumberAttribute(null=True)
    admitted = NumberAttribute(null=True)


def _grant(item: DoorGrantItem) -> Grant:
    return Grant(item.eventId, item.userId, item.role, item.grantedAt, item.grantedBy)


def grant_of(event_id: str, user_id: str) -> Grant | None:
    item = get(DoorGrantItem, event_key(event_id), f"{DOOR}{user_id}")
    return _grant(item) if item is not None else None


def grants_page(event_id: str, limit: int, start_key: dict | None) -> tuple[list[Grant], dict | None]:
    """A page of the event's door staff, in the order of their ids (one Query of the event's partition)."""
    results = DoorGrantItem.query(event_key(event_id), DoorGrantItem.SK.startswith(DOOR), page_size=limit,
                                  last_evaluated_key=start_key)
    raw = next(results.page_iter)
    return ([_grant(DoorGrantItem.from_raw_data(item)) for item in raw.get("Items", [])],
            results.page_iter.last_evaluated_key)


def duties_page(user_id: str, limit: int, start_key: dict | None) -> tuple[list[Grant], dict | None]:
    """A page of the user's door rights, newest first (GSI1)."""
    items, last_key = page(DoorGrantItem.by_user, f"{DOOR}{user_id}", limit, start_key)
    return [_grant(item) for item in items], last_key


def keep(grant: Grant) -> None:
    """The right granted (again: a repeat keeps the first grant's time)."""
    def write(unit: Unit) -> None:
        unit.save(DoorGrantItem(event_key(grant.event_id), f"{DOOR}{grant.user_id}", eventId=grant.event_id,
                                userId=grant.user_id, role=grant.role, grantedAt=grant.granted_at,
                                grantedBy=grant.granted_by, GSI1PK=f"{DOOR}{grant.user_id}",
                                GSI1SK=f"{grant.granted_at}#{grant.event_id}"),
                  condition=DoorGrantItem.PK.does_not_exist())

    with contextlib.suppress(Stale):  # granted before: the right stands as it was
        commit(write)


def remove(grant: Grant) -> None:
    commit(lambda unit: unit.delete(DoorGrantItem(event_key(grant.event_id), f"{DOOR}{grant.user_id}")))


def _counter(event_id: str, ticket_type_id: str) -> CheckinCounter:
    return CheckinCounter(event_key(event_id), f"{CHECKIN}{ticket_type_id}")


def count_sold(unit: Unit, event_id: str, lines: Iterable[OrderLine], sign: int = 1) -> None:
    """In the transaction that confirms an order (sign 1) or takes paid tickets back (-1): its tickets per type."""
    for line in lines:
        unit.update(_counter(event_id, line.ticket_type_id),
                    [CheckinCounter.kind.set(line.kind), CheckinCounter.sold.add(sign * line.quantity)])


def uncount_sold(unit: Unit, event_id: str, ticket_type_id: str) -> None:
    """In the transaction that refunds one paid ticket (an approved refund request): one fewer sold."""
    unit.update(_counter(event_id, ticket_type_id), [CheckinCounter.sold.add(-1)])


def admit(ticket: Ticket) -> None:
    """The ticket's admission (only from the status it was read with, else `Stale`) and its type's count."""
    if ticket.was is None:
        raise ValueError("the ticket recorded no change")

    def write(unit: Unit) -> None:
        unit.update(TicketItem(*ticket_key(ticket.ticket_id)),
                    [TicketItem.status.set(ticket.status), TicketItem.updatedAt.set(ticket.updated_at)],
                    condition=TicketItem.status == ticket.was)
        unit.update(_counter(ticket.event_id, ticket.ticket_type_id),
                    [CheckinCounter.kind.set(ticket.kind), CheckinCounter.admitted.add(1)])

    commit(write)
    ticket.was = None


def figures(event_id: str) -> dict[str, CheckinCounter]:
    """The event's counters by ticket type id (one Query: a few items per event)."""
    return {item.SK.removeprefix(CHECKIN): item
            for item in CheckinCounter.query(event_key(event_id), CheckinCounter.SK.startswith(CHECKIN))}
