"""GET /ticketing/events/{eventId}/checkins: the event's live check-in figures, admitted / sold in all and per
ticket type (every type of the event, none sold yet included), from counters that the order's confirmation and
each admission change in their own transactions. For the event's creator and its door staff: 403 for anyone
else who sees the event, 404 for an event the caller cannot see."""

from __future__ import annotations

from kernel import http

from .. import door
from ..door_views import CheckinFigures, TypeFigures
from ..store import door as door_store
from ..store import ticket_types as ticket_type_store
from ..views import documented

router = http.router()


@router.get("/ticketing/events/<eventId>/checkins", security=http.AUTHENTICATED,
            responses=documented(200, "Admitted and sold tickets, per type", 401, 403, 404, model=CheckinFigures))
def get_checkins(eventId: str) -> object:  # noqa: N803
    caller = http.caller(router)
    door.kept_event(eventId, caller.user_id)
    counted = door_store.figures(eventId)
    kinds = {t.ticket_type_id: t.kind for t in ticket_type_store.of_event(eventId)}
    kinds |= {type_id: str(c.kind) for type_id, c in counted.items() if type_id not in kinds}  # a deleted type
    types = [TypeFigures(ticket_type_id=type_id, type=kind, sold=int(counted[type_id].sold or 0)
                         if type_id in counted else 0,
                         admitted=int(counted[type_id].admitted or 0) if type_id in counted else 0)
             for type_id, kind in sorted(kinds.items(), key=lambda pair: (pair[1], pair[0]))]
    return http.json_response(200, CheckinFigures(event_id=eventId, sold=sum(t.sold for t in types),
                                                  admitted=sum(t.admitted for t in types), types=types))


handler = http.entrypoint(http.create_app("ticketing", router))
