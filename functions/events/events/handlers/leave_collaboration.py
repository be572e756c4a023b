"""POST /events/{eventId}/collaboration/leave: a collaborator stops being one (200 with the event, which no
longer lists it; `event.collaborator.left`). 404 for an organization that is not a collaborator; 409 once the
event is completed."""

from __future__ import annotations

from kernel import http

from ..collaboration import answer
from ..domain import leave
from ..views import EventView, documented

router = http.router()


@router.post("/events/<eventId>/collaboration/leave", security=http.AUTHENTICATED,
             responses=documented(200, "The event, the caller no longer a collaborator", 401, 404, 409,
                                  model=EventView))
def leave_collaboration(eventId: str) -> object:  # noqa: N803
    return answer(eventId, http.caller(router), leave)


handler = http.entrypoint(http.create_app("events", router))
