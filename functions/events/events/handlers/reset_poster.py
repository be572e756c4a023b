"""DELETE /events/{eventId}/poster: the creator puts the default poster back (204). Not for completed events.

The reset is dated, so a poster the media context published before it, arriving late, does not undo it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from kernel import http

from .. import store
from ..access import default_poster, own_event
from ..domain import check_poster_change, utc_ms
from ..views import documented

router = http.router()


@router.delete("/events/<eventId>/poster", security=http.AUTHENTICATED,
               responses=documented(204, "The default poster is back", 401, 404, 409))
def reset_poster(eventId: str) -> object:  # noqa: N803
    caller = http.caller(router)

    def attempt() -> None:
        event = own_event(eventId, caller)
        check_poster_change(event)
        store.save(replace(event, poster=default_poster(), poster_at=utc_ms(datetime.now(UTC))), event)

    store.retrying(attempt, store.ATTEMPTS)  # changed meanwhile (a like, a sale): read it again
    return http.json_response(204)


handler = http.entrypoint(http.create_app("events", router))
