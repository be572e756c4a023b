"""DELETE /events/{eventId}: the creator deletes an event. A PUBLISHED one is cancelled instead (200 with the
event, `event.cancelled`): people may hold tickets. Drafts, cancelled and completed events are deleted for
good (204, `event.deleted`)."""

from __future__ import annotations

from kernel import http

from .. import payloads, store
from ..access import own_event
from ..domain import Event, remove
from ..views import EventView, documented, event_views, respond

router = http.router()


@router.delete("/events/<eventId>", security=http.AUTHENTICATED,
               responses={**documented(200, "A published event: cancelled, not deleted", 401, 404, 409,
                                       model=EventView), **documented(204, "Deleted for good")})
def delete_event(eventId: str) -> object:  # noqa: N803
    caller = http.caller(router)

    def attempt() -> Event | None:
        event = own_event(eventId, caller)
        transition = remove(event)
        if transition.gone:
            store.delete(event, payloads.messages(transition))
            return None
        return store.save(transition.after, event, payloads.messages(transition))

    saved = store.retrying(attempt, store.ATTEMPTS)  # changed meanwhile (a like, a sale): read it again
    if saved is None:
        return http.json_response(204)
    return respond(200, EventView, event_views(store.items_for(saved)[:1])[0])


handler = http.entrypoint(http.create_app("events", router))
