"""GET /events/search (and GET /events, the same with no filter): every filter, order and mode of reference
§8.2-8.3 with cursor pagination, read from the listing indexes (see listing.py for what each one costs).

Drafts appear only in their creator's own searches (`organizationId` = the caller)."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel import http
from kernel.pagination import PageRequest

from .. import listing
from ..search import criteria
from ..views import EventPage, documented, event_views, respond

router = http.router()


def _search() -> object:
    query = dict(router.current_event.query_string_parameters or {})
    caller = http.optional_caller(router)
    limit = PageRequest.parse({k: v for k, v in query.items() if k == "limit"}, ()).limit
    wanted = criteria(query, caller.user_id if caller else None, datetime.now(UTC))
    items, next_cursor = listing.search(wanted, limit, query.get("cursor") or None)
    return respond(200, EventPage, {"items": event_views(items), "nextCursor": next_cursor})


@router.get("/events/search", responses=documented(200, "The events found", 400, model=EventPage))
def search_events() -> object:
    return _search()


@router.get("/events", responses=documented(200, "The events found", 400, model=EventPage))
def list_events() -> object:
    return _search()


handler = http.entrypoint(http.create_app("events", router))
