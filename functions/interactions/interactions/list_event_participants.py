"""GET /interactions/events/{eventId}/participants: who bought tickets for the event, newest first."""

from __future__ import annotations

from kernel import http

from . import participations, queries, replicas, views

router = http.router()


@router.get("/interactions/events/<eventId>/participants")
def list_event_participants(eventId: str) -> object:  # noqa: N803
    viewer = http.optional_caller(router)
    replicas.require_visible_event(eventId, viewer.user_id if viewer else None)
    rows, cursor = queries.page_of(participations.of_event(eventId), queries.params(router))
    user_ids = [row.userId for row in rows]
    return http.json_response(200, {"items": views.people_page(user_ids, replicas.people(user_ids)),
                                    "nextCursor": cursor})


handler = http.entrypoint(http.create_app("interactions", router))
