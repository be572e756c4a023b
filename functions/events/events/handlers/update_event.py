"""PUT /events/{eventId}: the creator changes an event (200 with the event).

`status` is required and moves along the status machine (409 otherwise); omitted fields keep their value,
`null` clears one, `[]` clears tags or collaborators (organizations named anew are invited, those that
accepted stay collaborators: security review M7); a target status other than DRAFT must be publishable.
Publishes `event.updated`, plus `event.published` (DRAFT -> PUBLISHED) or `event.cancelled` (-> CANCELLED)."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel import http

from .. import payloads, store
from ..access import check_collaborators, creator_name, own_event
from ..bodies import EventBody
from ..domain import Change, Event, named_organizations, update
from ..views import EventView, documented, event_views, respond

router = http.router()


@router.put("/events/<eventId>", security=http.AUTHENTICATED,
            responses=documented(200, "The event", 400, 401, 403, 404, 409, model=EventView))
def update_event(eventId: str, body: EventBody) -> object:  # noqa: N803
    caller = http.caller(router)
    if body.status == "PUBLISHED":
        caller.require_verified_email("publish events")

    def attempt() -> Event:
        event = own_event(eventId, caller)
        transition = update(event, Change(body.status, body.details(), body.cleared()), datetime.now(UTC))
        updated = transition.after
        if named_organizations(updated) != named_organizations(event):
            check_collaborators(list(named_organizations(updated)))
        name = creator_name(caller) if transition.names_its_creator else None
        return store.save(updated, event, payloads.messages(transition, name))

    saved = store.retrying(attempt, store.ATTEMPTS)  # changed meanwhile (a like, a sale): read it again
    return respond(200, EventView, event_views(store.items_for(saved)[:1], caller.user_id)[0])


handler = http.entrypoint(http.create_app("events", router))
