"""DELETE /events/{eventId}: the creator deletes an event. A PUBLISHED one is cancelled instead (200 with the
event, `event.cancelled`): people may hold tickets. Drafts, cancelled and completed events are deleted for
good (204, `event.deleted`)."""

from __future__ import annotations

from dataclasses import replace

from kernel import http

from .. import payloads, store
from ..access import own_event
from ..domain import CANCELLED, cancels_on_delete
from ..views import event_views

router = http.router()


@router.delete("/events/<eventId>", security=http.AUTHENTICATED)
def delete_event(eventId: str) -> object:  # noqa: N803
    event = own_event(eventId, http.caller(router))
    if cancels_on_delete(event):
        cancelled = replace(event, status=CANCELLED)
        saved = store.save(cancelled, event, [("event.cancelled", payloads.cancelled(cancelled))])
        return http.json_response(200, event_views(store.items_for(saved)[:1])[0])
    store.delete(event, [("event.deleted", payloads.deleted(event))])
    return http.json_response(204)


handler = http.entrypoint(http.create_app("events", router))
