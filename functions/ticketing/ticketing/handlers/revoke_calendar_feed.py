"""DELETE /ticketing/users/{userId}/calendar-feed: the caller's feed URL stops working (204; 404 when there is
none). Another user's path: 403."""

from __future__ import annotations

from kernel import http
from kernel.errors import NotFound

from ..store import feeds
from ..views import documented

router = http.router()


@router.delete("/ticketing/users/<userId>/calendar-feed", security=http.AUTHENTICATED,
               responses=documented(204, "Revoked", 401, 403, 404))
def revoke_calendar_feed(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    if not feeds.revoke(userId):
        raise NotFound("No calendar feed")
    return http.json_response(204)


handler = http.entrypoint(http.create_app("ticketing", router))
