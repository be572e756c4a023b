"""What the invited organization's commands share: read the event it may see, apply its answer, save it with
the domain event in one transaction (kernel.unit_of_work, through store.save), again if the event changed
meanwhile (the save is conditioned on the version it read)."""

from __future__ import annotations

from collections.abc import Callable

from kernel import http
from kernel.auth import Caller
from kernel.errors import Conflict

from . import payloads, store
from .access import visible
from .domain import Event
from .views import event_views

ATTEMPTS = 3


def answer(event_id: str, caller: Caller, change: Callable[[Event, str], Event], event_type: str) -> object:
    for attempt in range(ATTEMPTS):
        event = visible(store.get(event_id), caller)
        updated = change(event, caller.user_id)
        try:
            saved = store.save(updated, event, [(event_type, payloads.collaboration(updated, caller.user_id))])
        except Conflict:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        return http.json_response(200, event_views(store.items_for(saved)[:1], caller.user_id)[0])
    raise AssertionError("unreachable")
