"""The notifications API's response bodies (kernel.http.View: camelCase on the wire) and its documented answers."""

from __future__ import annotations

from typing import Any

from kernel import http, responses

from .domain import NoteType
from .preferences import EMAIL_ONLY, Preferences, essential


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


class DeletedView(http.View):
    deleted: int  # how many this request deleted


class PresenceView(http.View):
    user_id: str
    is_online: bool


documented = responses.Answers({404: "Notification not found",
                                403: "Only people who follow each other or have chatted see each other's presence"})


class ChoiceView(http.View):
    in_app: bool
    email: bool
    essential: bool  # essential e-mail (an order confirmed, cancelled or refunded, an event cancelled): always sent
    email_only: bool  # a letter, never an in-app notification (an event moved, an event tomorrow)


class PreferencesView(http.View):
    preferences: dict[NoteType, ChoiceView]  # every type of the vocabulary, its default where the user chose none


def preferences_view(preferences: Preferences) -> PreferencesView:
    return PreferencesView(preferences={t: ChoiceView(in_app=c.in_app, email=c.email, essential=essential(t),
                                                        email_only=t in EMAIL_ONLY)
                                        for t, c in preferences.grid().items()})


class UnsubscribeView(http.View):
    type: NoteType
    email: bool  # whether e-mail of this type is still sent to the link's user


settings_documented = responses.Answers({403: "Only the user reads and changes their own preferences"})
unsubscribe_documented = responses.Answers({400: "The unsubscribe link is not valid (or names essential e-mail)",
                                            410: "The unsubscribe link has expired"})
