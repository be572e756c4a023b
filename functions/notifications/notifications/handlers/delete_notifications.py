"""DELETE /notifications: every notification of the caller is gone (reference §12.35: there was no way to)."""

from __future__ import annotations

from kernel import http

from .. import inbox
from ..views import DeletedView, documented

router = http.router()


@router.delete("/notifications", security=http.AUTHENTICATED,
               responses=documented(200, "Every notification is deleted", 401, model=DeletedView))
def delete_notifications() -> object:
    caller = http.caller(router)
    return http.json_response(200, DeletedView(deleted=inbox.remove_all(caller.user_id)))


handler = http.entrypoint(http.create_app("notifications", router))
