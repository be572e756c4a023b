"""POST /notifications/{id}: the caller's notification becomes read. Someone else's or an unknown id is a 404
(the reference marked anyone's and answered 200 for unknown ids)."""

from __future__ import annotations

import uuid

from kernel import http
from kernel.errors import FieldError, NotFound, ValidationFailed

from .. import inbox
from ..views import MarkedView, documented

router = http.router()


@router.post("/notifications/<notificationId>", security=http.AUTHENTICATED,
             responses=documented(200, "The notification is read", 400, 401, 404, model=MarkedView))
def mark_read(notificationId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    try:
        uuid.UUID(notificationId)
    except ValueError:
        raise ValidationFailed("Bad notification id", [FieldError("notificationId", "must be a UUID")]) from None
    note = inbox.find(caller.user_id, notificationId.lower())
    if note is None:
        raise NotFound("Notification not found")
    if not note.read:
        inbox.mark_read(note)
    return http.json_response(200, MarkedView(success=True, message="Notification marked as read"))


handler = http.entrypoint(http.create_app("notifications", router))
