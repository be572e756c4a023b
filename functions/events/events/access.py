"""Who may see and change an event: drafts exist only for their creator (404 for everyone else, reference §12
item 4); changes are the creator's (403), and an unknown id is a 404 (not the reference's 403, §12 item 6)."""

from __future__ import annotations

import os

from kernel.auth import Caller
from kernel.errors import FieldError, Forbidden, NotFound, ValidationFailed

from . import store
from .domain import DRAFT, Event


def visible(event: Event | None, caller: Caller | None) -> Event:
    if event is None or (event.status == DRAFT and (caller is None or caller.user_id != event.creator_id)):
        raise NotFound("Event not found")
    return event


def own_event(event_id: str, caller: Caller) -> Event:
    event = visible(store.get(event_id), caller)
    if event.creator_id != caller.user_id:
        raise Forbidden("Only the event's creator can change it")
    return event


def check_collaborators(ids: list[str] | None) -> None:
    """Every collaborator must be an organization the users context told us about."""
    if not ids:
        return
    known = store.users(ids)
    wrong = [i for i in dict.fromkeys(ids) if i not in known or known[i].role != "organization"]
    if wrong:
        raise ValidationFailed("Collaborators must be organizations",
                               [FieldError("collaboratorIds", f"not an organization: {', '.join(wrong)}")])


def creator_name(caller: Caller) -> str:
    known = store.users([caller.user_id])
    return known[caller.user_id].name or caller.username if caller.user_id in known else caller.username


def default_poster() -> str:
    return f"{os.environ['MEDIA_BASE_URL']}/events/default.png"
