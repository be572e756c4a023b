"""GET /ticketing/events/{eventId}/attendees/export?q=&cursor=: the attendee list as CSV (text/csv, a file
name to save it under), with the columns of `attendee_list.CSV_COLUMNS`. A long list comes in parts of about
2,000 rows (a Lambda answer has a size limit): a part that is not the last names the next in a `Link: <...>;
rel="next"` header and `X-Next-Cursor`, and only the first part has the header row, so the parts put together are
one file. Cells a spreadsheet would run as formulas start with '. Who may: as GET .../attendees."""

from __future__ import annotations

import urllib.parse

from aws_lambda_powertools.event_handler import Response
from kernel import http
from kernel.pagination import PageRequest, encode_cursor

from .. import access, attendee_list
from ..store import INDEX_KEYS
from ..views import documented
from .list_attendees import ORGANIZER_ONLY

router = http.router()
PART_ROWS = 2000
CSV = "The attendees as CSV (a part of them when a Link header names the next)"
ANSWERS = {**documented(200, CSV, 400, 401, 403, 404),
           200: {"description": CSV, "content": {"text/csv": {"schema": {"type": "string"}}}}}


# No return annotation: powertools would validate the CSV as a JSON body.
@router.get("/ticketing/events/<eventId>/attendees/export", security=http.AUTHENTICATED, responses=ANSWERS)
def export_attendees(eventId: str):  # type: ignore[no-untyped-def]  # noqa: N803
    caller = http.caller(router)
    access.visible_event(eventId, caller.user_id).require_creator(caller.user_id, ORGANIZER_ONLY)
    query = router.current_event.query_string_parameters or {}
    request = PageRequest.parse({"cursor": query["cursor"]} if query.get("cursor") else {}, INDEX_KEYS["GSI2"])
    search = attendee_list.Search.parse(query)
    found, last_key = attendee_list.rows(eventId, search, request.start_key, PART_ROWS)
    headers = {"Content-Disposition": f'attachment; filename="attendees-{eventId}.csv"', "Cache-Control": "no-store"}
    cursor = encode_cursor(last_key)
    if cursor:
        following = urllib.parse.urlencode({**({"q": search.words} if search.words else {}), "cursor": cursor})
        headers |= {"Link": f'</ticketing/events/{eventId}/attendees/export?{following}>; rel="next"',
                    "X-Next-Cursor": cursor}
    return Response(status_code=200, content_type="text/csv; charset=utf-8", headers=headers,
                    body=attendee_list.as_csv(found, header=request.start_key is None))


handler = http.entrypoint(http.create_app("ticketing", router))
