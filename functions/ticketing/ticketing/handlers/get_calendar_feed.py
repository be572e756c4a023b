"""GET /ticketing/users/{userId}/calendar-feed: whether the caller has a calendar feed and since when (its URL
was shown once, when issued). Another user's path: 403."""

from __future__ import annotations

from kernel import http

from ..feed_views import CalendarFeedView
from ..store import feeds
from ..views import documented

router = http.router()


@router.get("/ticketing/users/<userId>/calendar-feed", security=http.AUTHENTICATED,
            responses=documented(200, "The caller's calendar feed", 401, 403, model=CalendarFeedView))
def get_calendar_feed(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    item = feeds.of_user(userId)
    return http.json_response(200, CalendarFeedView(active=item is not None,
                                                    created_at=item.createdAt if item else None))


handler = http.entrypoint(http.create_app("ticketing", router))
