"""DELETE /notifications/{notificationId}: the caller's notification is gone (an unread one no longer counts).
Someone else's or an unknown id is a 404, as for marking one read."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from .. import inbox
from ..views import documented

router = http.router()


@router.delete("/notifications/<notificationId>", security=http.AUTHENTICATED,
               responses=documented(204, "The notification is deleted", 401, 404))
def delete_notification(notificationId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    if not inbox.remove(caller.user_id, notificationId.lower()):
        raise NotFound("Notification not found")
    return http.json_response(204)


handler = http.entrypoint(http.create_app("notifications", router))
