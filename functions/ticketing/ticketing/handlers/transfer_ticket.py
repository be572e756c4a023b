"""POST /ticketing/tickets/{ticketId}/transfer: the holder gives the ticket to another registered user (by
username) before its event starts. 201 with the recipient's new ticket (a new id: a new QR code and PDF); the old
ticket is TRANSFERRED at once and no longer passes the door. A user registered a moment ago, whom ticketing's
replica of users has not heard of yet, is found in Cognito (identity.py), so the transfer works at once. 409 for
a ticket that is used, refunded, unpaid or transferred already, or an event that started or is not on; 400 for
an unknown username or the holder's own; another user's ticket: 404. The body is checked before anything is
read."""

from __future__ import annotations

from kernel import http
from kernel.errors import FieldError, NotFound, ValidationFailed
from pydantic import Field

from .. import identity, people, replicas, views
from ..domain import TICKET_NOT_FOUND, now_iso
from ..domain.transfers import NAME_MAX, transfer
from ..store import tickets as ticket_store
from ..store import transfers as transfer_store
from ..views import TicketView, documented

router = http.router()


class TicketTransfer(http.Command):
    username: str = Field(min_length=1, max_length=128, description="the registered user who gets the ticket")
    attendee_name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX,
                                      description="the name on the new ticket (default: the old one's)")


@router.post("/ticketing/tickets/<ticketId>/transfer", security=http.AUTHENTICATED,
             responses=documented(201, "The recipient's new ticket", 400, 401, 404, 409, model=TicketView))
def transfer_ticket(ticketId: str, body: TicketTransfer) -> object:  # noqa: N803
    caller = http.caller(router)
    ticket = ticket_store.find(ticketId)
    if ticket is None or ticket.user_id != caller.user_id:
        raise NotFound(TICKET_NOT_FOUND)
    recipient = people.named(body.username) or identity.registered(body.username)
    if recipient is None:
        raise ValidationFailed("Unknown user", [FieldError("username", "is not a registered user")])
    decided = transfer(ticket, replicas.event(ticket.event_id), recipient, body.attendee_name, now_iso())
    transfer_store.save(decided)
    return http.json_response(201, views.ticket_view(decided.new))


handler = http.entrypoint(http.create_app("ticketing", router))
