"""Who may see and manage what: events as the replica knows them (404 for what a caller may not see)."""

from __future__ import annotations

from kernel.errors import NotFound

from . import replicas
from .domain import EVENT_NOT_FOUND, TICKET_TYPE_NOT_FOUND, Event, TicketType, visible_or_404
from .store import ticket_types as ticket_type_store


def visible_event(event_id: str, viewer_id: str | None) -> Event:
    return visible_or_404(replicas.event(event_id), viewer_id)


def managed_event(event_id: str, user_id: str) -> Event:
    """The event, if the caller is its creator (403 if they only see it, 404 if they do not)."""
    event = visible_event(event_id, user_id)
    event.require_creator(user_id)
    return event


def visible_ticket_type(ticket_type_id: str, viewer_id: str | None) -> tuple[TicketType, Event]:
    ticket_type = ticket_type_store.find(ticket_type_id)
    if ticket_type is None:
        raise NotFound(TICKET_TYPE_NOT_FOUND)
    event = replicas.event(ticket_type.event_id)
    if event is None or not event.visible_to(viewer_id):
        raise NotFound(TICKET_TYPE_NOT_FOUND if event is not None else EVENT_NOT_FOUND)
    return ticket_type, event


def managed_ticket_type(ticket_type_id: str, user_id: str) -> tuple[TicketType, Event]:
    ticket_type, event = visible_ticket_type(ticket_type_id, user_id)
    event.require_creator(user_id)
    return ticket_type, event
