"""The interactions consumer's event.* handlers run for every delivery (kernel.consumer `repeatable`, no
idempotency record): the same fact told again under a new eventId, twice, and after a newer one, leaves the event
replica as if it had come once."""

from __future__ import annotations

import uuid

from interactions.domain import Event
from interactions.handlers import consume
from interactions.replicas import require_event
from support.consumer_calls import deliver, envelope, idempotency_records
from support.context_tables import table_per_module
from support.queues import copy_of

T1, T2, T3 = (f"2026-12-05T10:00:0{n}.000Z" for n in range(1, 4))
EVENT, ORG, PARTNER = (str(uuid.uuid4()) for _ in range(3))

moto_table, table = table_per_module("interactions")


def _event(event_type: str, at: str, **payload: object) -> dict:
    return envelope(event_type, at, eventId=EVENT, creatorId=ORG, **payload)


def test_a_published_event_told_again_under_new_event_ids_is_kept_once() -> None:
    published = _event("event.published", T1, name="Gig", collaboratorIds=[])
    deliver(consume.handler, published, published, copy_of(published), copy_of(published))
    assert require_event(EVENT) == Event(EVENT, ORG, (), "PUBLISHED", "Gig")
    assert idempotency_records() == []


def test_an_older_fact_told_again_after_a_newer_one_changes_nothing() -> None:
    published = _event("event.published", T1, name="Gig", collaboratorIds=[])
    updated = _event("event.updated", T2, name="Gig!", collaboratorIds=[PARTNER], status="PUBLISHED")
    completed = _event("event.completed", T3, name="Gig!")
    deliver(consume.handler, published, updated, copy_of(published), completed, copy_of(updated),
            copy_of(published))
    assert require_event(EVENT) == Event(EVENT, ORG, (PARTNER,), "COMPLETED", "Gig!")
    assert idempotency_records() == []


def test_a_collaborator_accepted_told_again_after_it_left_does_not_bring_it_back() -> None:
    deliver(consume.handler, _event("event.published", T1, name="Gig", collaboratorIds=[]))
    accepted = _event("event.collaborator.accepted", T2, name="Gig", collaboratorIds=[PARTNER])
    left = _event("event.collaborator.left", T3, name="Gig", collaboratorIds=[])
    deliver(consume.handler, accepted, copy_of(accepted), left, copy_of(accepted), copy_of(accepted))
    assert require_event(EVENT).collaborator_ids == ()
    assert idempotency_records() == []
