"""POST /ticketing/users/{userId}/calendar-feed: a new secret URL for the caller's calendar feed (201, shown this
once); a URL issued before stops working at once (rotation). Another user's path: 403."""

from __future__ import annotations

from kernel import http

from ..domain import now_iso
from ..feed_views import IssuedCalendarFeed, feed_url
from ..store import feeds
from ..views import documented

router = http.router()


@router.post("/ticketing/users/<userId>/calendar-feed", security=http.AUTHENTICATED,
             responses=documented(201, "The feed's new secret URL", 401, 403, 409, model=IssuedCalendarFeed))
def issue_calendar_feed(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    now = now_iso()
    token = feeds.issue(userId, now)
    return http.json_response(201, IssuedCalendarFeed(url=feed_url(token), token=token, created_at=now),
                              {"Cache-Control": "no-store"})


handler = http.entrypoint(http.create_app("ticketing", router))
