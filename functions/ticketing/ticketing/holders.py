"""Ticket holders' languages, kept from `user.*` domain events (never fetched): the PDFs speak them.

    PK=USER#<u>   SK=LANGUAGE   language (en, it, de, es, fr), version (occurredAt of the message applied);
                                a tombstone (deletedAt, TTL) after user.deleted, which no late message revives

Messages come late, twice or out of order: every write is conditional on being newer than what is stored.
"""

from __future__ import annotations

import time
from typing import Any

from kernel.table import ContextTable
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from .pdfs.locales import DEFAULT, LANGUAGES

SK = "LANGUAGE"
TOMBSTONE_SECONDS = 30 * 24 * 3600


class HolderLanguage(ContextTable):
    language = UnicodeAttribute(null=True)
    version = UnicodeAttribute()
    deletedAt = UnicodeAttribute(null=True)
    expiresAt = NumberAttribute(null=True)


def _key(user_id: str) -> str:
    return f"USER#{user_id}"


def language_of(user_id: str) -> str:
    """The holder's language; English when unknown (no user.* message yet, or one the PDFs do not speak)."""
    try:
        item = HolderLanguage.get(_key(user_id), SK)
    except HolderLanguage.DoesNotExist:
        return DEFAULT
    return item.language if item.language in LANGUAGES and item.deletedAt is None else DEFAULT


def _save_if_newer(item: HolderLanguage) -> None:
    newer = HolderLanguage.PK.does_not_exist() | (
        HolderLanguage.deletedAt.does_not_exist() & (HolderLanguage.version < item.version))
    try:
        item.save(condition=newer)
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def on_user_changed(envelope: dict[str, Any]) -> None:
    """user.created / user.updated: the newest language wins."""
    payload = envelope["payload"]
    _save_if_newer(HolderLanguage(_key(payload["id"]), SK, language=str(payload.get("language") or DEFAULT).lower(),
                                  version=envelope["occurredAt"]))


def on_user_deleted(envelope: dict[str, Any]) -> None:
    user_id = envelope["payload"]["id"]
    tombstone = HolderLanguage(_key(user_id), SK, version=envelope["occurredAt"], deletedAt=envelope["occurredAt"],
                               expiresAt=int(time.time()) + TOMBSTONE_SECONDS)
    try:
        tombstone.save(condition=HolderLanguage.deletedAt.does_not_exist())
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
