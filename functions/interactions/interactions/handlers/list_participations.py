"""GET /interactions/users/{userId}/participations: the events the user bought tickets for, by participation
time (`order=desc`, the default, or `asc`), filtered by `organizationId` (creator or collaborator), `reviewed`,
`eventStatus` and `title` (case-insensitive substring of the event name). To the user themself only: a
purchase history is private (401 without a token, 403 for anyone else).

A page is one Query of the user's participations; the filters that need the event are applied to that page
with the event replicas, so a filtered page may hold fewer than `limit` items - `nextCursor` tells whether
there is more."""

from __future__ import annotations

from kernel import http

from .. import participations, queries, replicas
from ..domain import STATUSES
from ..views import ParticipationPage, answer, documented

router = http.router()


@router.get("/interactions/users/<userId>/participations", security=http.AUTHENTICATED,
            responses=documented(200, "The user's participations", 400, 401, 403, 404, model=ParticipationPage))
def list_participations(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    query = queries.params(router)
    organization_id = queries.text(query, "organizationId", 64)
    reviewed = queries.flag(query, "reviewed")
    status = queries.choice(query, "eventStatus", STATUSES)
    title = queries.text(query, "title")
    order = queries.choice(query, "order", ("asc", "desc"), default="desc")
    replicas.require_person(userId)
    rows, cursor = queries.page_of(participations.of_user(userId), query, newest_first=order == "desc")
    events = replicas.events([row.eventId for row in rows])
    items = []
    for row in rows:
        event = events.get(row.eventId)
        if reviewed is not None and bool(row.reviewed) != reviewed:
            continue
        if (organization_id or status or title) and event is None:
            continue
        if event is not None and (
                (organization_id and organization_id not in event.organizers())
                or (status and event.status != status)
                or (title and title.casefold() not in (event.name or "").casefold())):
            continue
        view = {"eventId": row.eventId, "reviewed": bool(row.reviewed), "participatedAt": row.createdAt}
        if event is not None:
            view.update({"eventStatus": event.status, **({"eventName": event.name} if event.name else {})})
        items.append(view)
    return answer(200, ParticipationPage, {"items": items, "nextCursor": cursor})


handler = http.entrypoint(http.create_app("interactions", router))
