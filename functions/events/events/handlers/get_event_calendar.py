"""GET /events/{eventId}/calendar.ics: the event as an iCalendar file (RFC 5545, text/calendar) to add to a
calendar - its start and end in its time zone, the place and the link to its page. Anyone may download an event
that is not a draft (a draft only its creator: 404 otherwise, as GET /events/{eventId}); an event without a date
has nothing to put in a calendar (409)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from aws_lambda_powertools.event_handler import Response
from kernel import http
from kernel.errors import Conflict

from .. import store
from ..access import visible
from ..ics import calendar_file
from ..views import documented

router = http.router()


def _answers() -> dict:
    answers = documented(200, "The event as an iCalendar file", 404, 409)
    answers[200] = {"description": "The event as an iCalendar file (RFC 5545)",
                    "content": {"text/calendar": {"schema": {"type": "string"}}}}
    return answers


# No return annotation: powertools would validate the file as a JSON body.
@router.get("/events/<eventId>/calendar.ics", responses=_answers())
def get_event_calendar(eventId: str):  # type: ignore[no-untyped-def]  # noqa: N803
    event = visible(store.get(eventId), http.optional_caller(router))
    if event.date is None:
        raise Conflict("The event has no date yet")
    body = calendar_file(event, os.environ["PUBLIC_BASE_URL"], datetime.now(UTC))
    return Response(status_code=200, content_type="text/calendar; charset=utf-8", body=body,
                    headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"',
                             "Cache-Control": "no-cache"})


handler = http.entrypoint(http.create_app("events", router))
