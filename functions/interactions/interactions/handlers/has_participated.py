"""GET /interactions/users/{userId}/participations/{eventId}: whether the user took part in the event and
reviewed it; asked by the user themself only (a purchase history is private)."""

from __future__ import annotations

from kernel import http

from .. import participations, replicas
from ..views import HasParticipatedView, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/participations/<eventId>", security=http.AUTHENTICATED,
            responses=documented(200, "Whether the user took part in the event, and reviewed it", 401, 403, 404,
                                 model=HasParticipatedView))
def has_participated(userId: str, eventId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    replicas.require_person(userId)
    replicas.require_event(eventId)
    row = participations.find(userId, eventId)
    return answer(200, HasParticipatedView, {"hasParticipated": row is not None,
                                             "hasReviewed": bool(row is not None and row.reviewed)})


handler = http.entrypoint(http.create_app("interactions", router))
