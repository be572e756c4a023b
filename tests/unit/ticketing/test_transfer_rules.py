"""Ticket transfer rules on the domain objects: only an ACTIVE ticket of an event that is on and has not started
goes, to somebody else; the old ticket becomes TRANSFERRED (written only from ACTIVE) and the recipient's is a new
ticket of the same order, type and price, with `ticket.transferred`."""

from __future__ import annotations

import pytest
from kernel.errors import ValidationFailed
from ticketing.domain import ACTIVE, PAYMENT_FAILED, REFUNDED, USED, Event, Money, Ticket
from ticketing.domain.events import CANCELLED, COMPLETED, PUBLISHED
from ticketing.domain.tickets import TRANSFERRED
from ticketing.domain.transfers import NotTransferable, transfer

NOW = "2026-12-05T10:00:00.000Z"
EVENT = Event(event_id="e1", creator_id="org", status=PUBLISHED, title="Jazz", date="2026-12-20T20:00:00",
              starts_at="2026-12-20T19:00:00Z")


def ticket(status: str = ACTIVE) -> Ticket:
    return Ticket(ticket_id="ticket_1", order_id="order_1", event_id="e1", user_id="ada", ticket_type_id="ett_1",
                  kind="VIP", attendee_name="Ada", price=Money(2500, "EUR"), purchase_date="2026-12-01T10:00:00Z",
                  status=status)


def test_a_transfer_retires_the_old_ticket_and_makes_a_new_one_for_the_recipient():
    done = transfer(ticket(), EVENT, "bob", "Bob", NOW)
    assert (done.old.status, done.old.was, done.old.ticket_id) == (TRANSFERRED, ACTIVE, "ticket_1")
    new = done.new
    assert new.ticket_id.startswith("ticket_") and new.ticket_id != "ticket_1"
    assert (new.user_id, new.attendee_name, new.status, new.order_id, new.kind, new.price) == (
        "bob", "Bob", ACTIVE, "order_1", "VIP", Money(2500, "EUR"))
    assert [(e.type, e.payload["ticketId"], e.payload["newTicketId"], e.payload["toUserId"]) for e in done.events] == [
        ("ticket.transferred", "ticket_1", new.ticket_id, "bob")]
    assert transfer(ticket(), EVENT, "bob", None, NOW).new.attendee_name == "Ada"  # the name stays unless given


@pytest.mark.parametrize("status", [USED, REFUNDED, TRANSFERRED, PAYMENT_FAILED, "PENDING_PAYMENT"])
def test_only_an_active_ticket_is_transferred(status):
    with pytest.raises(NotTransferable):
        transfer(ticket(status), EVENT, "bob", None, NOW)


def test_not_once_the_event_has_started_nor_when_it_is_not_on():
    with pytest.raises(NotTransferable, match="started"):
        transfer(ticket(), EVENT, "bob", None, "2026-12-20T19:00:01.000Z")
    for status in (CANCELLED, COMPLETED):
        with pytest.raises(NotTransferable, match="not on"):
            transfer(ticket(), Event("e1", "org", status, "Jazz", None, None), "bob", None, NOW)
    with pytest.raises(NotTransferable):
        transfer(ticket(), None, "bob", None, NOW)


def test_not_to_the_holder_and_not_with_a_blank_name():
    with pytest.raises(ValidationFailed):
        transfer(ticket(), EVENT, "ada", None, NOW)
    with pytest.raises(ValidationFailed):
        transfer(ticket(), EVENT, "bob", "   ", NOW)
