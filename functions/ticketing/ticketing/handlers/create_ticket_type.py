"""POST /ticketing/events/{eventId}/ticket-types: the event's creator adds a ticket type (201);
`ticket-type.created`. One type per kind (STANDARD, VIP) and event; not for cancelled or completed events.
With OrganizationsRequireTwoFactor, only an organization signed in with two factors sells (403 two-factor-required)."""

from __future__ import annotations

import os
from typing import Any, cast

from aws_lambda_powertools.event_handler import Response
from kernel import http, idempotency

from .. import access, views
from ..bodies import NewTicketType
from ..domain import Money, TicketType, new_id, now_iso
from ..store import ticket_types as ticket_type_store
from ..views import TicketTypeView, documented

router = http.router()


@router.post("/ticketing/events/<eventId>/ticket-types", security=http.AUTHENTICATED,
             responses=documented(201, "The new ticket type", 400, 401, 403, 404, 409, model=TicketTypeView))
def create_ticket_type(eventId: str, body: NewTicketType) -> object:  # noqa: N803
    caller = http.caller(router)
    if os.environ.get("ORGANIZATIONS_REQUIRE_TWO_FACTOR") == "true":  # the platform's choice (template parameter)
        caller.require_two_factor("sell tickets")

    def command() -> Response:
        event = access.managed_event(eventId, caller.user_id)
        created = TicketType.create(event, new_id("ett"), body.type, body.description, Money(**body.price.model_dump()),
                                    body.quantity, body.max_per_order, now_iso())
        ticket_type_store.add(created)
        return http.json_response(201, views.ticket_type_view(created))

    return idempotency.once(cast(Any, router), caller.user_id, command)


handler = http.entrypoint(http.create_app("ticketing", router))
