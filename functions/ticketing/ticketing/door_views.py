"""What the door and attendee routes send: a scan with its event, door rights, attendees and check-in figures
(`http.View` models, documented in the OpenAPI document through kernel.responses)."""

from __future__ import annotations

from kernel import http
from pydantic import Field

from .domain import Event, Ticket
from .domain.door import Grant
from .people import Person
from .views import Scan


class DoorScan(Scan):
    event_title: str | None = Field(default=None, description="the event being scanned")


class DoorRight(http.View):
    event_id: str
    event_title: str | None = None
    starts_at: str | None = Field(default=None, description="the event's start (UTC)")
    user_id: str
    username: str | None = Field(default=None, description="as the users context last told it")
    role: str = Field(description="member or organization")
    granted_at: str


class Attendee(http.View):
    ticket_id: str
    attendee_name: str
    holder_id: str
    holder_username: str | None = None
    type: str = Field(description="STANDARD or VIP")
    ticket_type_id: str
    status: str = Field(description="ACTIVE (not yet in), USED (admitted) or REFUNDED")
    purchase_date: str
    admitted_at: str | None = Field(default=None, description="when a USED ticket was scanned in")


class TypeFigures(http.View):
    ticket_type_id: str
    type: str
    sold: int = Field(description="tickets paid")
    admitted: int = Field(description="tickets scanned in")


class CheckinFigures(http.View):
    event_id: str
    sold: int
    admitted: int
    types: list[TypeFigures]


def door_scan(result: str, ticket: Ticket, event: Event) -> DoorScan:
    return DoorScan(result=result, ticket_id=ticket.ticket_id, event_id=ticket.event_id, type=ticket.kind,
                    attendee_name=ticket.attendee_name, status=ticket.status, used_at=ticket.updated_at,
                    event_title=event.title)


def door_right(grant: Grant, person: Person | None, event: Event | None = None) -> DoorRight:
    return DoorRight(event_id=grant.event_id, user_id=grant.user_id, username=person.username if person else None,
                     role=grant.role, granted_at=grant.granted_at, event_title=event.title if event else None,
                     starts_at=event.starts_at if event else None)


def attendee(ticket: Ticket, holder: Person | None) -> Attendee:
    return Attendee(ticket_id=ticket.ticket_id, attendee_name=ticket.attendee_name, holder_id=ticket.user_id,
                    holder_username=holder.username if holder else None, type=ticket.kind,
                    ticket_type_id=ticket.ticket_type_id, status=ticket.status, purchase_date=ticket.purchase_date,
                    admitted_at=ticket.updated_at if ticket.status == "USED" else None)
