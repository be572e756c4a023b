"""The interactions queue: replicas of users and events, participations from confirmed orders, and the
clean-ups when a user or an event is deleted. Each handler is safe to run again for the same fact under another
eventId: upserts are guarded, inserts are conditional; the replicas' (user.created/updated, event.* but
event.deleted) run without an idempotency record, the others once per eventId (kernel.consumer)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from kernel import consumer

from .. import cleanup, participations, replicas
from ..domain import CANCELLED, COMPLETED, PUBLISHED

logger = Logger()


def on_user_changed(envelope: dict[str, Any]) -> None:
    replicas.keep_user(envelope["payload"], envelope["occurredAt"])


def on_user_deleted(envelope: dict[str, Any]) -> None:
    user_id = envelope["payload"]["id"]
    replicas.bury_user(user_id, envelope["occurredAt"])
    cleanup.remove_user(user_id)


def _event_fields(status: str | None = None, collaborators_default: list[str] | None = None) -> Any:
    """An event.* handler: what the message says of the creator, title, collaborators and status.
    (event.created without collaboratorIds means none; the other messages that carry them carry the whole list.)"""

    def on_event(envelope: dict[str, Any]) -> None:
        payload = envelope["payload"]
        collaborators = payload.get("collaboratorIds")
        replicas.keep_event(payload["eventId"], envelope["occurredAt"], creator_id=payload.get("creatorId"),
                            name=payload.get("name"),
                            collaborator_ids=collaborators if collaborators is not None else collaborators_default,
                            status=status or payload.get("status"))

    return on_event


def on_event_deleted(envelope: dict[str, Any]) -> None:
    event_id = envelope["payload"]["eventId"]
    replicas.bury_event(event_id, envelope["occurredAt"])
    cleanup.remove_event(event_id)


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    payload = envelope["payload"]
    if not participations.add(payload["userId"], payload["eventId"], envelope["occurredAt"]):
        logger.info("no new participation", extra={"orderId": payload["orderId"], "eventId": payload["eventId"]})


handler = consumer.entrypoint({
    "user.created": on_user_changed,
    "user.updated": on_user_changed,
    "user.deleted": on_user_deleted,
    "event.created": _event_fields(collaborators_default=[]),
    "event.updated": _event_fields(),
    "event.published": _event_fields(PUBLISHED),
    "event.cancelled": _event_fields(CANCELLED),
    "event.completed": _event_fields(COMPLETED),
    "event.deleted": on_event_deleted,
    # an organization counts as a collaborator (reviews, "not one's own event") only once it accepted (M7)
    "event.collaborator.accepted": _event_fields(),
    "event.collaborator.left": _event_fields(),
    "payments.order.confirmed": on_order_confirmed,
}, repeatable={
    "user.created", "user.updated",  # replica writes (newest wins, tombstones): safe to repeat
    # the event replica's fields, newest wins, the status forward only, never past a tombstone: safe to repeat
    "event.created", "event.updated", "event.published", "event.cancelled", "event.completed",
    "event.collaborator.accepted", "event.collaborator.left",
    # not event.deleted (its clean-up removes the event's likes, reviews and participations, and their counters),
    # user.deleted (the same for the user's), payments.order.confirmed (a participation counted): once per eventId
})
