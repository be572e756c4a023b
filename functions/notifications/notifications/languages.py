"""Users' languages, kept from `user.created` / `user.updated` (never fetched) by kernel.replica: e-mails speak
them (English when unknown).

    PK=USER#<u>   SK=LANGUAGE   language, languageAt
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


def language_of(user_id: str) -> str:
    item = get(UserLanguage, user_key(user_id), SK)
    return item.language if replica.alive(item) and item.language in LANGUAGES else "en"


def on_user_changed(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    if p.get("language"):
        replica.keep(UserLanguage, (user_key(p["id"]), SK), envelope["occurredAt"], {"language": p["language"]})
