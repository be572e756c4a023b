"""Users as the e-mails need them, kept from `user.created` / `user.updated` (never fetched) by kernel.replica:
their language (English when unknown) and their username, the Cognito username their address is read by
(kernel.outgoing_mail: one AdminGetUser, not a ListUsers per recipient). `user.deleted` leaves a tombstone.

    PK=USER#<u>   SK=LANGUAGE   language, username (each with its <field>At); deletedAt, expiresAt once deleted
"""

from __future__ import annotations

from typing import Any

from kernel import replica
from kernel.replica import Replica
from kernel.table import get
from pynamodb.attributes import UnicodeAttribute

from .store import user_key

LANGUAGES = ("en", "it", "de", "fr", "es")
SK = "LANGUAGE"


class UserLanguage(Replica):
    language = UnicodeAttribute(null=True)
    username = UnicodeAttribute(null=True)


def language_of(user_id: str) -> str:
    item = get(UserLanguage, user_key(user_id), SK)
    return item.language if replica.alive(item) and item.language in LANGUAGES else "en"


def mail_username(user_id: str) -> tuple[bool, str | None]:
    """(whether the account may still be mailed, its Cognito username): not once deleted; before any user.*
    message arrived, no username yet (the address is then found by the user's sub)."""
    item = get(UserLanguage, user_key(user_id), SK)
    if item is not None and item.buried:
        return False, None
    return True, item.username if item is not None else None


def on_user_changed(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    fields = {name: str(p[name]) for name in ("language", "username") if p.get(name)}
    if fields:
        replica.keep(UserLanguage, (user_key(p["id"]), SK), envelope["occurredAt"], fields)


def forget(envelope: dict[str, Any]) -> None:
    """user.deleted: the copy goes (a tombstone no late user.updated revives)."""
    replica.bury(UserLanguage, (user_key(envelope["payload"]["id"]), SK), envelope["occurredAt"])
