"""The notifications API's response bodies (kernel.http.View: camelCase on the wire) and its documented answers."""

from __future__ import annotations

from typing import Any

from kernel import http, responses

from .domain import NoteType


class NotificationView(http.View):
    id: str
    type: NoteType  # stored under an old dotted name, it reads as its name in the vocabulary
    metadata: dict[str, Any]  # the facts the SPA's text names (eventName, userName, ...) and links to (eventId, ...)
    read: bool
    created_at: str
    updated_at: str


class UnreadCountView(http.View):
    count: int


class MarkedView(http.View):
    success: bool
    message: str
    marked: int | None = None  # read-all: how many this request marked


class PresenceView(http.View):
    user_id: str
    is_online: bool


documented = responses.Answers({404: "Notification not found",
                                403: "Only people who follow each other or have chatted see each other's presence"})
