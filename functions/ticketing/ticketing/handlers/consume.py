"""The ticketing queue: the event replica from `event.*` (a deleted event takes its ticket types along).
Each handler runs once per eventId (kernel.consumer) and is also safe to run again for the same fact: every
write is a guarded upsert or conditional."""

from __future__ import annotations

from typing import Any

from kernel import consumer

from .. import holders, refund_queue, replicas, ticket_types


def _status(status: str | None = None) -> Any:
    def on_event(envelope: dict[str, Any]) -> None:
        payload = envelope["payload"]
        replicas.keep(payload, envelope["occurredAt"], status or payload.get("status"))

    return on_event


def on_event_deleted(envelope: dict[str, Any]) -> None:
    replicas.bury(envelope["payload"]["eventId"], envelope["occurredAt"])
    ticket_types.remove_all_of_event(envelope["payload"]["eventId"])


HANDLERS = {
    "event.created": _status(),
    "event.updated": _status(),
    "event.published": _status("PUBLISHED"),
    "event.cancelled": refund_queue.on_event_cancelled,  # the status, then a refund message per paid order
    "event.completed": _status("COMPLETED"),
    "event.deleted": on_event_deleted,
    "user.created": holders.on_user_changed,  # the holder's language, for the PDFs
    "user.updated": holders.on_user_changed,
    "user.deleted": holders.on_user_deleted,
    "payments.order.confirmed": refund_queue.on_order_confirmed,  # paid after its event was cancelled: refunded
}

handler = consumer.entrypoint(HANDLERS)
