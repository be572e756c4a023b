"""The delivery queue (see deliveries.py): a page of followers becomes one message per follower (and one for the
next page); a message for one recipient stores its notification, if any, and pushes the frame to every open
connection of that recipient. Redelivery is safe: a notification is stored once per (event, recipient)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from .. import consent, deliveries, digests, follows, inbox, presence, sockets
from ..sockets import frame

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS)


def deliver(recipient: str, frame_type: str, data: dict[str, Any], note: dict[str, Any] | None) -> None:
    if note is not None:  # the frame is the stored notification, named as stored
        if not consent.may_notify_in_app(recipient, note["type"]):
            return  # the recipient switched this type off in the app: nothing stored, nothing pushed
        stored = inbox.store(recipient, note["type"], note["metadata"], note["source"], note["occurredAt"])
        if stored is None or stored["read"]:
            return  # a deleted account; or nothing new to tell (a chat message read already, a redelivery read since)
        data, frame_type = stored, stored["type"]
        if stored["type"] in digests.DIGEST_TYPES and consent.may_email(recipient, stored["type"]):
            digests.collect(recipient, stored)  # e-mailed in the next daily digest
    sockets.push(recipient, frame(frame_type, data))


def _followers(message: dict[str, Any]) -> None:
    cursor = message.get("cursor")
    followers, last_key = follows.page(message["of"], json.loads(cursor) if cursor else None)
    if message["frame"]["type"] in presence.FRAMES:  # presence: only to those the user follows back
        followers = sorted(presence.mutual(message["of"], followers))
    work = [{"kind": "one", "to": f, "frame": message["frame"], "note": message.get("note")} for f in followers]
    if last_key:
        work.append({**message, "cursor": json.dumps(last_key)})
    deliveries.enqueue(work)


def _partners(message: dict[str, Any]) -> None:
    """Presence for the user's conversation partners, but those who hear it as mutual follows."""
    cursor = message.get("cursor")
    partners, last_key = presence.partners_page(message["of"], json.loads(cursor) if cursor else None)
    told = presence.mutual(message["of"], partners)
    work = [{"kind": "one", "to": p, "frame": message["frame"], "note": None} for p in partners if p not in told]
    if last_key:
        work.append({**message, "cursor": json.dumps(last_key)})
    deliveries.enqueue(work)


def on_record(record: Any) -> None:
    message = json.loads(record.body)
    if message["kind"] == "followers":
        _followers(message)
    elif message["kind"] == "partners":
        _partners(message)
    else:
        deliver(message["to"], message["frame"]["type"], message["frame"]["data"], message.get("note"))


@logger.inject_lambda_context
def handler(event: dict, context: Any) -> Any:
    return process_partial_response(event=event, record_handler=on_record, processor=processor, context=context)
