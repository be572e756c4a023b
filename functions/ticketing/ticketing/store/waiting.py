"""Waiting-list entries in the ticketing table (domain/waiting.py):

    PK=WAITLIST#<ett>   SK=USER#<u>     entry: ticketTypeId, eventId, userId, attendeeName, status, joinedAt,
                                        orderId?, offerUntil? (epoch s)
                                        GSI1 WAITLIST#<ett>#WAITING / <joinedAt>#<u>  (while WAITING: the line)
                                        GSI2 OFFERED / <offerUntil:010d>#<ett>#<u>     (while OFFERED: the sweep's
                                                                                      work list)
                                        GSI3 USER#<u>#WAITING / <joinedAt>#<ett>      (the member's entries)

An offer is written in one transaction with the stock it takes, its order and ticket (no buyer counters: the
offer is the line's, not a buyer's hoard), only while the entry still waits and stock is left.
"""

from __future__ import annotations

from kernel.table import GSI1, GSI2, GSI3, GSI1Keys, GSI2Keys, GSI3Keys
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from ..domain import Reservation, SoldOut
from ..domain.waiting import OFFERED, OPEN, WAITING, AlreadyWaiting, WaitEntry
from . import ContextTable, TicketTypeItem, Unit, commit, get, holdings, page, publish, ticket_type_key
from .orders import add_pending

OFFERS = "OFFERED"


class WaitEntryItem(GSI1Keys, GSI2Keys, GSI3Keys, ContextTable):
    line, offers, of_user = GSI1(), GSI2(), GSI3()
    ticketTypeId = UnicodeAttribute()
    eventId = UnicodeAttribute()
    userId = UnicodeAttribute()
    attendeeName = UnicodeAttribute()
    status = UnicodeAttribute()
    joinedAt = UnicodeAttribute()
    orderId = UnicodeAttribute(null=True)
    offerUntil = NumberAttribute(null=True)


def entry_key(ticket_type_id: str, user_id: str) -> tuple[str, str]:
    return f"WAITLIST#{ticket_type_id}", f"USER#{user_id}"


def _line_keys(entry: WaitEntry) -> dict[str, str]:
    return {"GSI1PK": f"WAITLIST#{entry.ticket_type_id}#WAITING", "GSI1SK": f"{entry.joined_at}#{entry.user_id}"}


def _offer_sort_key(offer_until: int, ticket_type_id: str, user_id: str) -> str:
    return f"{offer_until:010d}#{ticket_type_id}#{user_id}"


def to_entry(item: WaitEntryItem) -> WaitEntry:
    return WaitEntry(ticket_type_id=item.ticketTypeId, event_id=item.eventId, user_id=item.userId,
                     attendee_name=item.attendeeName, status=item.status, joined_at=item.joinedAt,
                     order_id=item.orderId, offer_until=int(item.offerUntil) if item.offerUntil is not None else None)


def find(ticket_type_id: str, user_id: str) -> WaitEntry | None:
    item = get(WaitEntryItem, *entry_key(ticket_type_id, user_id))
    return to_entry(item) if item is not None else None


def first_waiting(ticket_type_id: str, count: int = 1) -> list[WaitEntry]:
    """The first WAITING entries of the line, in the order they joined (one Query of GSI1; the index may lag: the
    offer's write is conditional on the entry itself)."""
    items, _ = page(WaitEntryItem.line, f"WAITLIST#{ticket_type_id}#WAITING", count, None, newest_first=False)
    return [to_entry(item) for item in items]


def of_user(user_id: str, limit: int, start_key: dict | None) -> tuple[list[WaitEntry], dict | None]:
    items, last_key = page(WaitEntryItem.of_user, f"USER#{user_id}#WAITING", limit, start_key)
    return [to_entry(item) for item in items], last_key


def offers_due(before: int, limit: int = 100) -> list[WaitEntry]:
    """OFFERED entries whose offer's hold ended before `before` (epoch s), oldest first: one Query of GSI2."""
    return [to_entry(item) for item in WaitEntryItem.offers.query(
        OFFERS, WaitEntryItem.GSI2SK < f"{before:010d}~", limit=limit)]  # noqa: SIM300


def add(entry: WaitEntry) -> None:
    """The new entry at the end of the line; a member whose entry is still open cannot join twice."""
    e = entry
    item = WaitEntryItem(*entry_key(e.ticket_type_id, e.user_id), ticketTypeId=e.ticket_type_id, eventId=e.event_id,
                         userId=e.user_id, attendeeName=e.attendee_name, status=e.status, joinedAt=e.joined_at,
                         GSI3PK=f"USER#{e.user_id}#WAITING", GSI3SK=f"{e.joined_at}#{e.ticket_type_id}",
                         **_line_keys(e))

    def write(unit: Unit) -> None:
        unit.save(item, condition=WaitEntryItem.PK.does_not_exist() | ~WaitEntryItem.status.is_in(*OPEN),
                  failure=AlreadyWaiting())
        _count(unit, e.ticket_type_id, 1)

    commit(write)


def _count(unit: Unit, ticket_type_id: str, change: int) -> None:
    """The type's count of members in line, which keeps its stock from buyers while it is above 0."""
    unit.update(TicketTypeItem(*ticket_type_key(ticket_type_id)), [TicketTypeItem.waiting.add(change)],
                condition=TicketTypeItem.PK.exists())


def remove(entry: WaitEntry) -> None:
    """The entry leaves the line, only while it still has the status it was read with (else `Stale`)."""
    def write(unit: Unit) -> None:
        unit.delete(WaitEntryItem(*entry_key(entry.ticket_type_id, entry.user_id)),
                    condition=WaitEntryItem.status == entry.was)
        if entry.was == WAITING:
            _count(unit, entry.ticket_type_id, -1)

    commit(write)


def offer(entry: WaitEntry, reservation: Reservation) -> None:
    """One transaction: the entry WAITING -> OFFERED (else `Stale`: another run offered it first), one ticket of
    the type's stock taken (SoldOut when none is left), the offer's PENDING order and ticket, and
    waiting-list.offered."""
    order = reservation.order
    until = int(order.hold_until)
    W = WaitEntryItem  # noqa: N806

    def write(unit: Unit) -> None:
        unit.update(W(*entry_key(entry.ticket_type_id, entry.user_id)),
                    [W.status.set(OFFERED), W.orderId.set(order.order_id), W.offerUntil.set(until),
                     W.GSI1PK.remove(), W.GSI1SK.remove(), W.GSI2PK.set(OFFERS),
                     W.GSI2SK.set(_offer_sort_key(until, entry.ticket_type_id, entry.user_id))],
                    condition=W.status == WAITING)
        unit.update(TicketTypeItem(*ticket_type_key(entry.ticket_type_id)),
                    [TicketTypeItem.available.add(-1), TicketTypeItem.sold.add(1), TicketTypeItem.waiting.add(-1)],
                    condition=TicketTypeItem.PK.exists() & (TicketTypeItem.available >= 1),
                    failure=SoldOut(reservation.wanted[0].ticket_type.kind))
        add_pending(unit, reservation)
        publish(unit, entry.events)

    commit(write)
    entry.events = []
    holdings.caught_up(order.user_id, order.event_id, reservation.starts_at)  # the start may have moved meanwhile


def save_settled(entry: WaitEntry) -> None:
    """An offer's end (TAKEN or PASSED), off the sweep's list, only from OFFERED (else `Stale`)."""
    W = WaitEntryItem  # noqa: N806

    def write(unit: Unit) -> None:
        unit.update(W(*entry_key(entry.ticket_type_id, entry.user_id)),
                    [W.status.set(entry.status), W.GSI2PK.remove(), W.GSI2SK.remove()],
                    condition=(W.status == OFFERED) & (W.orderId == (entry.order_id or "")))

    commit(write)
