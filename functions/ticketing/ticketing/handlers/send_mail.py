"""The mail queue: orders' outcomes and events' changes become e-mails to buyers and holders (mail/). Each
handler runs once per eventId (kernel.consumer) and each letter goes once per topic and recipient (mail.ledger),
so redeliveries and re-told facts send nothing twice. An event's new time or place waits in the announce queue
for the coalescing window (handlers/announce_change.py), so updates close together make one letter."""

from __future__ import annotations

import json
import os
from typing import Any

from kernel import consumer
from kernel.aws import client

from ..mail import ledger, rules
from ..mail.holders_of import to_holders
from ..mail.post import post


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    post(rules.of_order_confirmed(envelope["payload"]))


def on_order_rejected(envelope: dict[str, Any]) -> None:
    post(rules.of_order_rejected(envelope["payload"]))


def on_order_refunded(envelope: dict[str, Any]) -> None:
    post(rules.of_order_refunded(envelope["payload"]))


def on_waiting_list_offered(envelope: dict[str, Any]) -> None:
    post(rules.of_waiting_list_offered(envelope["payload"]))


def on_event_cancelled(envelope: dict[str, Any]) -> None:
    """Every holder, once, a page at a time (the refunds of their orders may have told some already: the same
    topic)."""
    to_holders("cancelled", envelope["payload"]["eventId"])


def _whereabouts(payload: dict[str, Any]) -> rules.Whereabouts:
    return rules.Whereabouts(payload.get("startsAt"), payload.get("locationName"))


def on_event_published(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    ledger.told_at_publication(p["eventId"], envelope["occurredAt"], _whereabouts(p))


def on_event_updated(envelope: dict[str, Any]) -> None:
    """A new time or place starts the coalescing window, unless one is open: its letter tells the newest."""
    p = envelope["payload"]
    item = ledger.keep(p["eventId"], envelope["occurredAt"], _whereabouts(p))  # as kept: no GetItem after it
    if item is not None and rules.to_announce(item.told, ledger.whereabouts(item)) and ledger.mark_pending(
            p["eventId"]):
        client("sqs").send_message(QueueUrl=os.environ["ANNOUNCE_QUEUE_URL"],
                                   MessageBody=json.dumps({"eventId": p["eventId"]}))


handler = consumer.entrypoint({
    "payments.order.confirmed": on_order_confirmed,
    "payments.order.rejected": on_order_rejected,
    "payments.order.refunded": on_order_refunded,
    "waiting-list.offered": on_waiting_list_offered,
    "event.published": on_event_published,
    "event.updated": on_event_updated,
    "event.cancelled": on_event_cancelled,
})
