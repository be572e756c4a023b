"""What the calendar-feed routes answer: the feed's state (never its token, which is stored hashed) or, once, a
new token with its URL."""

from __future__ import annotations

import os

from kernel import http
from pydantic import Field

FEED_PATH = "/ticketing/calendar-feeds/"


class CalendarFeedView(http.View):
    active: bool
    created_at: str | None = Field(default=None, description="when the current URL was issued")


class IssuedCalendarFeed(http.View):
    url: str = Field(description="the secret feed URL: shown this once; anyone with it reads the feed")
    token: str
    created_at: str


def feed_url(token: str) -> str:
    return f"{os.environ['PUBLIC_BASE_URL'].rstrip('/')}{FEED_PATH}{token}"
