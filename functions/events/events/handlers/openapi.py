"""GET /events/openapi.json: the events API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import (
    accept_invitation,
    create_event,
    decline_invitation,
    delete_event,
    get_event,
    get_event_calendar,
    leave_collaboration,
    list_invitations,
    reset_poster,
    search_events,
    tags,
    update_event,
)

ROUTERS = [create_event.router, search_events.router, tags.router, get_event.router, get_event_calendar.router,
           update_event.router,
           delete_event.router, reset_poster.router, list_invitations.router, accept_invitation.router,
           decline_invitation.router, leave_collaboration.router]

handler = http.entrypoint(http.create_app("events", *ROUTERS))
