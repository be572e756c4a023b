"""GET /ticketing/users/{userId}/waiting-list: the caller's waiting-list entries (offers included), newest first;
cursor pages. Another user's path: 403."""

from __future__ import annotations

from functools import partial

from kernel import http
from kernel.responses import Page, page_answer

from .. import views
from ..store import INDEX_KEYS
from ..store import waiting as waiting_store
from ..views import WaitEntryView, documented

router = http.router()


@router.get("/ticketing/users/<userId>/waiting-list", security=http.AUTHENTICATED,
            responses=documented(200, "A page of the caller's waiting-list entries, newest first", 400, 401, 403,
                                 model=Page[WaitEntryView]))
def list_waiting_entries(userId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    caller.require_self(userId)
    return page_answer(router, INDEX_KEYS["GSI3"], partial(waiting_store.of_user, userId), views.wait_entry_view)


handler = http.entrypoint(http.create_app("ticketing", router))
