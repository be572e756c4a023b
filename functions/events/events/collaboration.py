"""What the invited organization's commands share: read the event it may see, apply its answer, save it with
the domain event in one transaction (kernel.unit_of_work, through store.save), again if the event changed
meanwhile (the save is conditioned on the version it read)."""

from __future__ import annotations

from collections.abc import Callable

from kernel.auth import Caller

from . import payloads, store
from .access import visible
from .domain import Event, Transition
from .views import EventView, event_views, respond


def answer(event_id: str, caller: Caller, change: Callable[[Event, str], Transition]) -> object:
    def attempt() -> Event:
        event = visible(store.get(event_id), caller)
        transition = change(event, caller.user_id)
        return store.save(transition.after, event, payloads.messages(transition))

    saved = store.retrying(attempt, store.ATTEMPTS)
    return respond(200, EventView, event_views(store.items_for(saved)[:1], caller.user_id)[0])
