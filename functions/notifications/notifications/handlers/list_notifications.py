"""GET /notifications?limit&cursor&unreadOnly: the caller's notifications, newest first, one Query a page; the
returned ones become read (reference §5.2) and are shown as they were before this read. `unreadOnly` is `true`
or `false` (anything else is a 400, unlike the reference, which took "false" for true)."""

from __future__ import annotations

from kernel import http
from kernel.errors import FieldError, ValidationFailed
from kernel.pagination import PageRequest, encode_cursor
from kernel.responses import Page

from .. import inbox
from ..store import INDEX_KEYS, user_key
from ..views import NotificationView, documented

router = http.router()


def _unread_only(value: str | None) -> bool:
    if value is None or value == "false":
        return False
    if value == "true":
        return True
    raise ValidationFailed("Bad query parameters", [FieldError("unreadOnly", "must be true or false")])


@router.get("/notifications", security=http.AUTHENTICATED, responses=documented(
    200, "A page of the caller's notifications, newest first", 400, 401, model=Page[NotificationView]))
def list_notifications() -> object:
    caller = http.caller(router)
    query = dict(router.current_event.query_string_parameters or {})
    unread_only = _unread_only(query.get("unreadOnly"))
    request = PageRequest.parse(query, INDEX_KEYS if unread_only else INDEX_KEYS[:2])
    partition = (request.start_key or {}).get("GSI1PK" if unread_only else "PK", {}).get("S")
    if request.start_key and partition != (f"UNREAD#{caller.user_id}" if unread_only else user_key(caller.user_id)):
        raise ValidationFailed("Bad paging parameters", [FieldError("cursor", "is not a cursor of this list")])
    notes, last_key = inbox.page(caller.user_id, unread_only, request.limit, request.start_key)
    items = [NotificationView.model_validate(inbox.view(note)) for note in notes]
    inbox.mark_all_read(notes)
    return http.json_response(200, Page[NotificationView](items=items, next_cursor=encode_cursor(last_key)))


handler = http.entrypoint(http.create_app("notifications", router))
