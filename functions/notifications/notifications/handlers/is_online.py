"""GET /notifications/users/{userId}/is-online: whether the user has an open WebSocket connection. Asked by the
user, a conversation partner or a mutual follow (presence.py); anyone else gets 403."""

from __future__ import annotations

import uuid

from kernel import http
from kernel.errors import FieldError, Forbidden, ValidationFailed

from .. import connections, presence
from ..views import PresenceView, documented

router = http.router()


@router.get("/notifications/users/<userId>/is-online", security=http.AUTHENTICATED,
            responses=documented(200, "Whether the user is online", 400, 401, 403, model=PresenceView))
def is_online(userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    try:
        uuid.UUID(userId)
    except ValueError:
        raise ValidationFailed("Bad user id", [FieldError("userId", "must be a UUID")]) from None
    if not presence.may_see(caller.user_id, userId):
        raise Forbidden("Only people who follow each other or have chatted see each other's presence")
    return http.json_response(200, PresenceView(user_id=userId, is_online=connections.is_online(userId)))


handler = http.entrypoint(http.create_app("notifications", router))
