"""GET /events/openapi.json: the events API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import create_event, delete_event, get_event, reset_poster, search_events, tags, update_event

ROUTERS = [create_event.router, search_events.router, tags.router, get_event.router, update_event.router,
           delete_event.router, reset_poster.router]

handler = http.entrypoint(http.create_app("events", *ROUTERS))
