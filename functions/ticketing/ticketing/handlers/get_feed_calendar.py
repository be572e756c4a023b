"""GET /ticketing/calendar-feeds/{token}: a user's calendar feed (text/calendar) for calendar apps, which send no
login: the secret token in the URL is the key (an unknown, rotated or revoked one: 404). It holds the events the
user holds ACTIVE or USED tickets for - the upcoming ones and those of the last 90 days, at most 200 - and, with
`following=true`, the upcoming published events of the organizations they follow."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from aws_lambda_powertools.event_handler import Response
from kernel import http
from kernel.errors import FieldError, NotFound, ValidationFailed
from kernel.table import get_many

from .. import follows
from ..domain import ACTIVE, USED, now_iso
from ..ics_feed import Entry, feed
from ..store import PROFILE, EventReplica, TicketItem, event_key, feeds, holdings
from ..views import documented

router = http.router()
UPCOMING, PAST = 150, 50
PAST_DAYS = 90


def _answers() -> dict:
    answers = documented(200, "The feed", 404)
    answers[200] = {"description": "The user's events as an iCalendar feed (RFC 5545)",
                    "content": {"text/calendar": {"schema": {"type": "string"}}}}
    return answers


def _held(user_id: str, event_id: str) -> bool:
    return any(TicketItem.by_owner_event.query(f"USER#{user_id}#EVENT#{event_id}",
                                               filter_condition=TicketItem.status.is_in(ACTIVE, USED)))


# No return annotation: powertools would validate the feed as a JSON body.
@router.get("/ticketing/calendar-feeds/<feedToken>", responses=_answers())
def get_feed_calendar(feedToken: str):  # type: ignore[no-untyped-def]  # noqa: N803
    user_id = feeds.owner(feedToken)
    if user_id is None:
        raise NotFound("No such calendar feed")
    now = datetime.now(UTC)
    upcoming, _ = holdings.holder_page(user_id, True, now.strftime("%Y-%m-%dT%H:%M:%SZ"), UPCOMING, None)
    past, _ = holdings.holder_page(user_id, False, now.strftime("%Y-%m-%dT%H:%M:%SZ"), PAST, None)
    since = (now - timedelta(days=PAST_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    wanted = [i.eventId for i in [*upcoming, *past]
              if i.startsAt and i.startsAt >= since and _held(user_id, i.eventId)]
    query = router.current_event.query_string_parameters or {}
    if query.get("following") not in (None, "true", "false"):
        raise ValidationFailed("Bad following", [FieldError("following", "must be true or false")])
    if query.get("following") == "true":
        wanted += [e for e in follows.followed_events(user_id, now.strftime("%Y-%m-%dT%H:%M:%SZ")) if e not in wanted]
    events = get_many(EventReplica, [(event_key(e), PROFILE) for e in wanted])
    entries = []
    for event_id in wanted:
        event = events.get((event_key(event_id), PROFILE))
        if event is None or event.buried or not event.startsAt:
            continue
        entries.append(Entry(event_id, event.title, event.startsAt, event.endsAt, event.venue, event.status))
    body = feed(sorted(entries, key=lambda e: e.starts_at), os.environ["PUBLIC_BASE_URL"], now_iso(),
                "EvenToNight")
    return Response(status_code=200, content_type="text/calendar; charset=utf-8", body=body,
                    headers={"Cache-Control": "private, max-age=300"})


handler = http.entrypoint(http.create_app("ticketing", router))
