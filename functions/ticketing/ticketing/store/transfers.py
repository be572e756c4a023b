"""A transfer in one transaction: the old ticket TRANSFERRED only from ACTIVE (so of a transfer and a scan at the
same moment exactly one wins: both write the ticket only from ACTIVE), the recipient's new ticket, the order's
ticket list with the new id in the old one's place (only as it was read), the recipient's "My events" entry and
`ticket.transferred`."""

from __future__ import annotations

from kernel.errors import Conflict

from ..domain.transfers import NotTransferable, Transfer
from . import OrderItem, TicketItem, Unit, commit, holdings, order_key, publish, ticket_key
from . import tickets as ticket_store


def save(transfer: Transfer) -> None:
    old, new = transfer.old, transfer.new

    def write(unit: Unit) -> str | None:
        unit.update(TicketItem(*ticket_key(old.ticket_id)),
                    [TicketItem.status.set(old.status), TicketItem.updatedAt.set(old.updated_at)],
                    condition=TicketItem.status == old.was, failure=NotTransferable("it is no longer ACTIVE"))
        ticket_store.add(unit, new)
        order = OrderItem.get(*order_key(old.order_id), consistent_read=True)
        before = [str(t) for t in order.ticketIds]
        after = [new.ticket_id if t == old.ticket_id else t for t in before]
        unit.update(OrderItem(*order_key(old.order_id)), [OrderItem.ticketIds.set(after)],
                    condition=OrderItem.ticketIds == before, failure=Conflict("The order changed meanwhile"))
        starts = holdings.starts_at(new.event_id)
        holdings.hold(unit, new.user_id, new.event_id, starts)
        publish(unit, transfer.events)
        return starts

    written = commit(write)
    holdings.caught_up(new.user_id, new.event_id, written)  # the start may have moved meanwhile
