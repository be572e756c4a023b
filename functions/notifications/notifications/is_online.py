"""GET /notifications/users/{userId}/is-online: whether the user has an open WebSocket connection (any caller
with a valid token may ask, as in the reference: presence is what followers are told anyway)."""

from __future__ import annotations

import uuid

from kernel import http
from kernel.errors import FieldError, ValidationFailed

from . import connections

router = http.router()


@router.get("/notifications/users/<userId>/is-online", security=http.AUTHENTICATED)
def is_online(userId: str) -> object:  # noqa: N803
    http.caller(router)
    try:
        uuid.UUID(userId)
    except ValueError:
        raise ValidationFailed("Bad user id", [FieldError("userId", "must be a UUID")]) from None
    return http.json_response(200, {"userId": userId, "isOnline": connections.is_online(userId)})


handler = http.entrypoint(http.create_app("notifications", router))
