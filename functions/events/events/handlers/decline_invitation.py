"""POST /events/{eventId}/invitation/decline: the invited organization declines (200 with the event;
`event.collaborator.declined`). 404 without a pending invitation."""

from __future__ import annotations

from kernel import http

from ..collaboration import answer
from ..domain import decline
from ..views import EventView, documented

router = http.router()


@router.post("/events/<eventId>/invitation/decline", security=http.AUTHENTICATED,
             responses=documented(200, "The event, without the invitation", 401, 404, 409, model=EventView))
def decline_invitation(eventId: str) -> object:  # noqa: N803
    return answer(eventId, http.caller(router), decline)


handler = http.entrypoint(http.create_app("events", router))
