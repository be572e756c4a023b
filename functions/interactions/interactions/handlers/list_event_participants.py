"""GET /interactions/events/{eventId}/participants: who bought tickets for the event, newest first; only the
event's creator may ask (403 for anyone else; 404 for an event they cannot see)."""

from __future__ import annotations

from kernel import http
from kernel.errors import Forbidden

from .. import participations, queries, replicas, views
from ..views import PeoplePage, answer, documented

router = http.router()


@router.get("/interactions/events/<eventId>/participants", security=http.AUTHENTICATED,
            responses=documented(200, "Who takes part in the event, newest first", 400, 401, 403, 404,
                                 model=PeoplePage))
def list_event_participants(eventId: str) -> object:  # noqa: N803
    viewer = http.caller(router)
    event, _ = replicas.require_visible_event(eventId, viewer.user_id)
    if viewer.user_id != event.creator_id:
        raise Forbidden("Only the event's organizer sees who bought tickets")
    rows, cursor = queries.page_of(participations.of_event(eventId), queries.params(router))
    user_ids = [row.userId for row in rows]
    return answer(200, PeoplePage, {"items": views.people_page(user_ids, replicas.people(user_ids)),
                                    "nextCursor": cursor})


handler = http.entrypoint(http.create_app("interactions", router))
