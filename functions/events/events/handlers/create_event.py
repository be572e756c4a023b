"""POST /events: an organization creates an event, as a DRAFT or PUBLISHED at once (201 with the event).

Non-drafts must be publishable (future date, full address with coordinates, title and description), which the
reference never checked; creating as PUBLISHED publishes `event.published` too (§12 items 1-3). No poster file:
the event has the default poster until the media context publishes one. Accepts an Idempotency-Key.
The organizations named in collaboratorIds are invited (`event.collaborator.invited` once the event is
published); they become collaborators when they accept (security review M7)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from kernel import http, idempotency
from kernel.auth import Caller
from kernel.errors import Forbidden

from .. import payloads, store
from ..access import check_collaborators, default_poster
from ..bodies import EventBody
from ..domain import Event, create
from ..views import EventView, documented, event_views, respond

router = http.router()


@router.post("/events", security=http.AUTHENTICATED,
             responses=documented(201, "The event", 400, 401, 403, 409, model=EventView))
def create_event(body: EventBody) -> object:
    caller = http.caller(router)
    caller.require_role("organization")
    if body.status != "DRAFT":
        caller.require_verified_email("publish events")
    if body.creator_id is not None and body.creator_id != caller.user_id:
        raise Forbidden("creatorId must be your own id")
    return idempotency.once(router, caller.user_id, lambda: _create(caller, body))  # type: ignore[arg-type]


def _create(caller: Caller, body: EventBody) -> object:
    transition = create(str(uuid.uuid4()), caller.user_id, body.status, body.details(), default_poster(),
                        datetime.now(UTC))
    check_collaborators(list(transition.after.invited_ids))

    def attempt() -> Event:
        name, told_at = store.told_name(caller.user_id)  # kept on the event: its reads need no other item
        event = replace(transition.after, creator_name=name, creator_name_at=told_at)
        named = replace(transition, after=event)
        store.create(event, payloads.messages(named, name or caller.username if named.names_its_creator else None))
        return event

    event = store.retrying(attempt, store.ATTEMPTS)  # renamed meanwhile: read the name again
    return respond(201, EventView, event_views(store.items_for(event)[:1], caller.user_id)[0])


handler = http.entrypoint(http.create_app("events", router))
