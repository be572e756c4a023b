"""POST /notifications/read-all: every unread notification of the caller becomes read (from the unread index)."""

from __future__ import annotations

from kernel import http

from .. import inbox

router = http.router()


@router.post("/notifications/read-all", security=http.AUTHENTICATED)
def mark_all_read() -> object:
    caller = http.caller(router)
    marked = inbox.mark_all_read(list(inbox.all_unread(caller.user_id)))
    return http.json_response(200, {"success": True, "message": "All notifications marked as read",
                                    "marked": marked})


handler = http.entrypoint(http.create_app("notifications", router))
