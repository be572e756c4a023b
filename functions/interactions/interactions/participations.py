"""Participations: created only by `payments.order.confirmed`, one per user and event (a second confirmed order
for the same event changes nothing); `reviewed` is kept by the review transactions."""

from __future__ import annotations

from kernel.table import get
from kernel.unit_of_work import Stale

from .store import (
    PROFILE,
    EventReplica,
    Listing,
    Participation,
    Unit,
    UserReplica,
    commit,
    event_key,
    user_key,
)


def _key(user_id: str, event_id: str) -> tuple[str, str]:
    return user_key(user_id), f"PARTICIPATION#{event_id}"


def find(user_id: str, event_id: str) -> Participation | None:
    return get(Participation, *_key(user_id, event_id))


def add(user_id: str, event_id: str, at: str) -> bool:
    """The participation, unless the user already has one for the event or the user or event was deleted
    (their tombstones) - then False and nothing is written. The event need not be known yet: messages come in
    any order, and the ticketing context sold the ticket."""
    row = Participation(*_key(user_id, event_id), eventId=event_id, userId=user_id, createdAt=at, updatedAt=at,
                        reviewed=False, GSI1PK=f"PARTICIPANTS#{event_id}", GSI1SK=f"{at}#{user_id}",
                        GSI2PK=f"PARTICIPATIONS#{user_id}", GSI2SK=f"{at}#{event_id}")

    def write(unit: Unit) -> None:
        unit.save(row, condition=Participation.PK.does_not_exist())
        unit.check(EventReplica, event_key(event_id), PROFILE, EventReplica.deletedAt.does_not_exist())
        unit.check(UserReplica, user_key(user_id), PROFILE, UserReplica.deletedAt.does_not_exist())

    try:
        commit(write)
        return True
    except Stale:
        return False


def remove(row: Participation) -> None:
    row.delete()


def of_user(user_id: str) -> Listing:
    return Listing(Participation, "GSI2", f"PARTICIPATIONS#{user_id}")


def of_event(event_id: str) -> Listing:
    return Listing(Participation, "GSI1", f"PARTICIPANTS#{event_id}")
