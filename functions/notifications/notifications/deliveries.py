"""Work for the delivery queue (fan_out.py): one message per recipient, so that a slow or failing recipient
holds up nobody else, and a long follower list is read a page per message.

    {"kind": "followers", "of": <user>, "frame": {...}, "note": {...} | null, "cursor": ... | null}
    {"kind": "partners", "of": <user>, "frame": {...}, "cursor": ... | null}   (presence, see presence.py)
    {"kind": "one", "to": <user>, "frame": {...}, "note": {...} | null}

`note` (type, metadata, source, occurredAt) asks for a stored notification, whose view becomes the frame's data.
"""

from __future__ import annotations

import json
import os
from typing import Any

from kernel.aws import client

BATCH = 10  # SendMessageBatch's limit


def enqueue(messages: list[dict[str, Any]]) -> None:
    queue_url = os.environ["DELIVERY_QUEUE_URL"]
    for start in range(0, len(messages), BATCH):
        entries = [{"Id": str(i), "MessageBody": json.dumps(m)} for i, m in enumerate(messages[start:start + BATCH])]
        result = client("sqs").send_message_batch(QueueUrl=queue_url, Entries=entries)
        if result.get("Failed"):
            raise RuntimeError(f"the delivery queue refused {len(result['Failed'])} messages")


def to_followers(user_id: str, frame_type: str, data: dict[str, Any], note: dict[str, Any] | None = None,
                 cursor: str | None = None) -> None:
    enqueue([{"kind": "followers", "of": user_id, "frame": {"type": frame_type, "data": data}, "note": note,
              "cursor": cursor}])


def to_partners(user_id: str, frame_type: str, data: dict[str, Any]) -> None:
    enqueue([{"kind": "partners", "of": user_id, "frame": {"type": frame_type, "data": data}, "cursor": None}])


def note(note_type: str, metadata: dict[str, Any], source: str, occurred_at: str) -> dict[str, Any]:
    """What a stored notification is made of; `source` (the fact it tells, consume._fact): once per recipient."""
    return {"type": note_type, "metadata": metadata, "source": source, "occurredAt": occurred_at}
