"""The ticketing queue: the event replica from `event.*` (a deleted event takes its ticket types along).
Each handler is safe to run again for the same fact: every write is a guarded upsert or conditional. The
replicas' (user.*, event.* but cancelled and deleted, follows, mail choices) run without an idempotency record,
the others once per eventId (kernel.consumer)."""

from __future__ import annotations

import contextlib
from typing import Any

from kernel import consumer
from kernel.unit_of_work import Stale

from .. import follows, people, promos, refund_queue, replicas, waitlist
from ..domain.events import COMPLETED, PUBLISHED
from ..store import ticket_types as ticket_type_store


def _status(status: str | None = None) -> Any:
    def on_event(envelope: dict[str, Any]) -> None:
        payload = envelope["payload"]
        replicas.keep(payload, envelope["occurredAt"], status or payload.get("status"))

    return on_event


def on_event_deleted(envelope: dict[str, Any]) -> None:
    """The event's types go with it, each with its ticket-type.deleted (sold tickets keep their own kind and
    price); a type another run removed first is skipped."""
    replicas.bury(envelope["payload"]["eventId"], envelope["occurredAt"])
    for ticket_type in ticket_type_store.of_event(envelope["payload"]["eventId"]):
        ticket_type.remove_with_event()
        with contextlib.suppress(Stale):
            ticket_type_store.delete(ticket_type, unsold=False)


def _order_confirmed(envelope: dict[str, Any]) -> None:
    refund_queue.on_order_confirmed(envelope)  # paid after its event was cancelled: refunded
    waitlist.on_order_confirmed(envelope)  # an offer taken


def _order_rejected(envelope: dict[str, Any]) -> None:
    promos.on_order_rejected(envelope)  # its promo code's uses back
    waitlist.on_order_rejected(envelope)  # its stock back: an offer passes, the line gets offers


HANDLERS = {
    "event.created": _status(),
    "event.updated": _status(),
    "event.published": _status(PUBLISHED),
    "event.cancelled": refund_queue.on_event_cancelled,  # the status, then a refund message per paid order
    "event.completed": _status(COMPLETED),
    "event.deleted": on_event_deleted,
    "event.collaborator.accepted": replicas.keep_collaborators,  # door rights of collaborating organizations
    "event.collaborator.left": replicas.keep_collaborators,
    "user.created": people.on_user_changed,  # the holder's language (PDFs), username and role (door, attendees)
    "user.updated": people.on_user_changed,
    "user.deleted": people.on_user_deleted,
    "notifications.preferences.changed": people.on_mail_choices,  # letters the user declined (mail/post.py)
    "payments.order.confirmed": _order_confirmed,
    "payments.order.rejected": _order_rejected,
    "payments.order.refunded": waitlist.on_order_refunded,  # a ticket refunded on request: its stock to the line
    "ticket-type.updated": waitlist.on_ticket_type_updated,  # a larger total: offers to the line
    "interactions.follow.created": follows.on_follow,  # the calendar feed's followed organizations
    "interactions.follow.deleted": follows.on_follow,
}

handler = consumer.entrypoint(HANDLERS, repeatable={
    "user.created", "user.updated",  # replica writes (newest wins, tombstones): safe to repeat
    "user.deleted",  # tombstones of the user and their username: safe to repeat
    "notifications.preferences.changed",  # the declined letters, newest wins: safe to repeat
    "interactions.follow.created", "interactions.follow.deleted",  # following or not, newest wins: safe to repeat
    # the event replica (newest wins, the status forward only, never past a tombstone), then the holders' and the
    # organization's entries rewritten from what the replica holds now: safe to repeat
    "event.created", "event.updated", "event.published", "event.completed",
    "event.collaborator.accepted", "event.collaborator.left",  # the collaborators, newest wins
    # not event.cancelled (a refund message per paid order), event.deleted (each type's ticket-type.deleted), nor the
    # orders' and ticket-type.updated (promo uses given back, waiting-list offers): once per eventId
})
