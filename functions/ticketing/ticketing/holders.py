"""Ticket holders' languages, kept from `user.*` domain events (never fetched) by kernel.replica: the PDFs speak
them.

    PK=USER#<u>   SK=LANGUAGE   language (en, it, de, es, fr) and languageAt, username; a tombstone (deletedAt,
                                TTL) after user.deleted, which no late message revives
    PK=USERNAME#<username>  SK=USER   userId: whom a ticket is transferred to, by username (lower case; a
                                tombstone after user.deleted)
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
    username = UnicodeAttribute(null=True)


class Username(Replica):
    userId = UnicodeAttribute(null=True)


def _name_key(username: str) -> tuple[str, str]:
    return f"USERNAME#{username.lower()}", "USER"


def user_named(username: str) -> str | None:
    """The id of the registered user of that name (None: unknown to ticketing, or gone)."""
    if not 1 <= len(username) <= 128:
        return None
    try:
        item = Username.get(*_name_key(username))
    except Username.DoesNotExist:
        return None
    return item.userId if replica.alive(item) else None


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
    fields = {"language": str(payload.get("language") or DEFAULT).lower()}
    if payload.get("username"):
        fields["username"] = payload["username"]
        replica.keep(Username, _name_key(payload["username"]), envelope["occurredAt"], {"userId": payload["id"]})
    replica.keep(HolderLanguage, _key(payload["id"]), envelope["occurredAt"], fields)


def on_user_deleted(envelope: dict[str, Any]) -> None:
    try:
        username = HolderLanguage.get(*_key(envelope["payload"]["id"])).username
    except HolderLanguage.DoesNotExist:
        username = None
    if username:
        replica.bury(Username, _name_key(username), envelope["occurredAt"])
    replica.bury(HolderLanguage, _key(envelope["payload"]["id"]), envelope["occurredAt"])
