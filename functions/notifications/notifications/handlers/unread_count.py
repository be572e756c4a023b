"""GET /notifications/unread-count: `{count}` of the caller's unread notifications, from a counter."""

from __future__ import annotations

from kernel import http

from .. import inbox
from ..views import UnreadCountView, documented

router = http.router()


@router.get("/notifications/unread-count", security=http.AUTHENTICATED,
            responses=documented(200, "The unread count", 401, model=UnreadCountView))
def unread_count() -> object:
    counters = inbox.counters_read()  # read in the token check's BatchGetItem: one AWS call, not two
    caller = http.caller(router, reads=counters)
    return http.json_response(200, UnreadCountView(count=inbox.unread_in(counters, caller.user_id)))


handler = http.entrypoint(http.create_app("notifications", router))
