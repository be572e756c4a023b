"""GET /notifications/unread-count: `{count}` of the caller's unread notifications, from a counter."""

from __future__ import annotations

from kernel import http

from .. import inbox

router = http.router()


@router.get("/notifications/unread-count", security=http.AUTHENTICATED)
def unread_count() -> object:
    caller = http.caller(router)
    return http.json_response(200, {"count": inbox.unread_count(caller.user_id)})


handler = http.entrypoint(http.create_app("notifications", router))
