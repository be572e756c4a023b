"""Ticket holders' languages, kept from `user.*` domain events (never fetched) by kernel.replica: the PDFs speak
them.

    PK=USER#<u>   SK=LANGUAGE   language (en, it, de, es, fr) and languageAt; a tombstone (deletedAt, TTL) after
                                user.deleted, which no late message revives
"""

from __future__ import annotations

from typing import Any

from kernel import replica
from kernel.replica import Replica
from pynamodb.attributes import UnicodeAttribute

from .pdfs.locales import DEFAULT, LANGUAGES

SK = "LANGUAGE"


class HolderLanguage(Replica):
    language = UnicodeAttribute(null=True)


def _key(user_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", SK


def language_of(user_id: str) -> str:
    """The holder's language; English when unknown (no user.* message yet, or one the PDFs do not speak)."""
    try:
        item = HolderLanguage.get(*_key(user_id))
    except HolderLanguage.DoesNotExist:
        return DEFAULT
    return item.language if replica.alive(item) and item.language in LANGUAGES else DEFAULT


def on_user_changed(envelope: dict[str, Any]) -> None:
    """user.created / user.updated: the newest language wins."""
    payload = envelope["payload"]
    replica.keep(HolderLanguage, _key(payload["id"]), envelope["occurredAt"],
                 {"language": str(payload.get("language") or DEFAULT).lower()})


def on_user_deleted(envelope: dict[str, Any]) -> None:
    replica.bury(HolderLanguage, _key(envelope["payload"]["id"]), envelope["occurredAt"])
