"""GET /notifications/users/{userId}/preferences: the user's grid of notification types x channels (in the app,
by e-mail), defaults filled in; only the user reads it (403 for anyone else)."""

from __future__ import annotations

from kernel import http

from .. import consent
from ..views import PreferencesView, preferences_view, settings_documented

router = http.router()


@router.get("/notifications/users/<userId>/preferences", security=http.AUTHENTICATED, responses=settings_documented(
    200, "Every notification type with its channels", 401, 403, 404, model=PreferencesView))
def get_preferences(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    return http.json_response(200, preferences_view(consent.load(userId)))


handler = http.entrypoint(http.create_app("notifications", router))
