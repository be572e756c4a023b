"""The holders of an event's tickets, a page of the event's tickets at a time (GSI2, never a Scan), and the work
message that sends a letter to one page of them and passes the next page on (the announce queue, no delay), so
that no invocation writes to more than a page of holders however big the event.

    {"kind": "holders", "letter": "cancelled" | "changed" | "reminder", "eventId": <e>,
     "startsAt": ..., "location": ..., "cursor": <the page's start key, JSON> | null}
"""

from __future__ import annotations

import json
import os
from typing import Any

from kernel.aws import client

from ..domain.tickets import ACTIVE, REFUNDED, USED
from ..store import tickets
from . import rules
from .post import post

PAGE = 100
STATUSES = {"cancelled": (ACTIVE, REFUNDED, USED), "changed": (ACTIVE,), "reminder": (ACTIVE,)}


def to_holders(letter: str, event_id: str, whereabouts: rules.Whereabouts | None = None,
               cursor: str | None = None) -> None:
    """Hand the letter's first (or next) page of holders to the announce queue, at once (no coalescing delay)."""
    message = {"kind": "holders", "letter": letter, "eventId": event_id, "cursor": cursor,
               "startsAt": whereabouts.starts_at if whereabouts else None,
               "location": whereabouts.location if whereabouts else None}
    client("sqs").send_message(QueueUrl=os.environ["ANNOUNCE_QUEUE_URL"], MessageBody=json.dumps(message),
                               DelaySeconds=0)


def _letter(message: dict[str, Any], holder: str) -> rules.Letter:
    event_id, now = message["eventId"], rules.Whereabouts(message.get("startsAt"), message.get("location"))
    if message["letter"] == "cancelled":
        return rules.of_event_cancelled(event_id, holder)
    if message["letter"] == "changed":
        return rules.of_event_changed(event_id, holder, now)
    return rules.of_reminder(event_id, holder, now)


def work(message: dict[str, Any]) -> int:
    """One page: the next page goes on first (a retry of this page then re-sends nothing: once per topic and
    holder); each holder of the page gets the letter. How many letters went out now."""
    start_key = json.loads(message["cursor"]) if message.get("cursor") else None
    page, last_key = tickets.event_page(message["eventId"], STATUSES[message["letter"]], PAGE, start_key)
    if last_key is not None:
        client("sqs").send_message(QueueUrl=os.environ["ANNOUNCE_QUEUE_URL"], DelaySeconds=0,
                                   MessageBody=json.dumps({**message, "cursor": json.dumps(last_key)}))
    return sum(post(_letter(message, holder)) for holder in rules.holders([t.user_id for t in page]))
