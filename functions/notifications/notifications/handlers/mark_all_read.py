"""POST /notifications/read-all: every unread notification of the caller becomes read (from the unread index)."""

from __future__ import annotations

from kernel import http

from .. import inbox
from ..views import MarkedView, documented

router = http.router()


@router.post("/notifications/read-all", security=http.AUTHENTICATED,
             responses=documented(200, "Every notification is read", 401, model=MarkedView))
def mark_all_read() -> object:
    caller = http.caller(router)
    marked = inbox.mark_all_read(list(inbox.all_unread(caller.user_id)))
    return http.json_response(200, MarkedView(success=True, message="All notifications marked as read", marked=marked))


handler = http.entrypoint(http.create_app("notifications", router))
