"""PUT /notifications/users/{userId}/preferences: the user's whole grid (types not named go back to their
default). Essential e-mail switched off, an unknown type or a non-boolean is a 400 that changes nothing; a type
switched off in the app makes no notification from the next one on."""

from __future__ import annotations

from kernel import http

from .. import consent
from ..bodies import PreferencesBody
from ..preferences import Choice
from ..views import PreferencesView, preferences_view, settings_documented

router = http.router()


@router.put("/notifications/users/<userId>/preferences", security=http.AUTHENTICATED, responses=settings_documented(
    200, "The grid as it now applies", 400, 401, 403, 404, model=PreferencesView))
def replace_preferences(userId: str, body: PreferencesBody) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    chosen = {t: Choice(in_app=c.in_app, email=c.email) for t, c in body.preferences.items()}
    preferences = consent.load(userId).replaced(chosen)
    consent.keep(preferences)
    return http.json_response(200, preferences_view(preferences))


handler = http.entrypoint(http.create_app("notifications", router))
