"""The daily digest: follows of the recipient, new events of organizations they follow and chat messages to
them (those whose notification is still unread when the digest goes), e-mailed once a day to those who opted in
to e-mail of that type (consent.may_email; off by default) instead of one e-mail per notification.

    PK=DIGEST#<yyyy-mm-dd>  SK=USER#<u>#<notificationId>   type, metadata, expiresAt (TTL: 8 days)
    PK=DIGESTSENT#<day>     SK=USER#<u>                     sentAt, expiresAt: the day's digest went out

A notification is collected when it is stored (fan_out.deliver), once per notification id; the daily run reads
yesterday's partition (a Query, a page at a time; never a Scan), asks consent again (an opt-out since then
counts) and sends each user one message, once."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any, NamedTuple

from kernel.table import ContextTable
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from .domain import NoteType

DIGEST_TYPES = frozenset({NoteType.FOLLOW, NoteType.NEW_EVENT, NoteType.CHAT_MESSAGE})
STILL_UNREAD = frozenset({NoteType.CHAT_MESSAGE})  # told only while its notification is unread: a read one is old
KEEP_SECONDS = 8 * 24 * 3600
PAGE = 100


class Line(NamedTuple):
    """A notification of the day, as the digest tells it."""

    type: str
    metadata: dict[str, Any]
    note_id: str


class DigestEntry(ContextTable):
    type = UnicodeAttribute()
    metadata = UnicodeAttribute()  # JSON: what the notification says
    expiresAt = NumberAttribute()


class DigestSent(ContextTable):
    sentAt = UnicodeAttribute()
    expiresAt = NumberAttribute()


def collect(recipient: str, view: dict[str, Any]) -> None:
    """A stored notification of a digest type, for the digest of the day it was stored (idempotent: its id)."""
    DigestEntry(f"DIGEST#{view['createdAt'][:10]}", f"USER#{recipient}#{view['id']}", type=view["type"],
                metadata=json.dumps(view.get("metadata") or {}), expiresAt=int(time.time()) + KEEP_SECONDS).save()


def of_day(day: str) -> Iterator[tuple[str, list[Line]]]:
    """(user id, [Line...]) for each user with entries that day, a page of the partition at a time (a user's
    entries are adjacent: the sort key starts with the user)."""
    user, entries = None, []
    for item in DigestEntry.query(f"DIGEST#{day}", page_size=PAGE):
        _, owner, note_id = item.SK.split("#", 2)
        if owner != user and user is not None:
            yield user, entries
            entries = []
        user = owner
        entries.append(Line(item.type, json.loads(item.metadata), note_id))
    if user is not None:
        yield user, entries


def mark_sent(day: str, user_id: str, now: str) -> bool:
    """True for the one run that sends this user's digest of this day."""
    try:
        DigestSent(f"DIGESTSENT#{day}", f"USER#{user_id}", sentAt=now,
                   expiresAt=int(time.time()) + KEEP_SECONDS).save(condition=DigestSent.PK.does_not_exist())
    except PutError as error:
        if getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def unmark(day: str, user_id: str) -> None:
    DigestSent(f"DIGESTSENT#{day}", f"USER#{user_id}").delete()
