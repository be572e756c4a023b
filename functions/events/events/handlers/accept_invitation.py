"""POST /events/{eventId}/invitation/accept: the invited organization accepts (200 with the event, where it is
now among the collaboratorIds; `event.collaborator.accepted`). 404 without a pending invitation; 409 once the
event is cancelled or completed. Until it accepts, an organization is not listed, not shown and not counted
as a collaborator (security review M7)."""

from __future__ import annotations

from kernel import http

from ..collaboration import answer
from ..domain import accept
from ..views import EventView, documented

router = http.router()


@router.post("/events/<eventId>/invitation/accept", security=http.AUTHENTICATED,
             responses=documented(200, "The event, the caller among its collaborators", 401, 404, 409, model=EventView))
def accept_invitation(eventId: str) -> object:  # noqa: N803
    return answer(eventId, http.caller(router), accept)


handler = http.entrypoint(http.create_app("events", router))
