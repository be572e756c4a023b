"""Users as ticketing knows them, kept from `user.*` domain events (never fetched) by kernel.replica: languages
(the PDFs speak the holder's: holders.py), usernames and roles (the attendee list shows and searches holders'
usernames; door rights go to members and collaborating organizations; the username is the Cognito username a
letter's address is read by - kernel.outgoing_mail - so a cancellation's thousands of letters need no ListUsers).
No PDF library here: the door's and the attendee list's functions import this module without the PDF layer.

    PK=USER#<u>             SK=LANGUAGE   language (en, it, de, es, fr), username, role, and the user's choice of
                                          the letters they may decline (eventChangedEmail, eventReminderEmail, from
                                          notifications.preferences.changed), each with its <field>At;
                                          a tombstone (deletedAt, TTL) after user.deleted, which no late message
                                          revives
    PK=USERNAME#<lowered>   SK=USER       userId: who last took that username (a lookup for the attendee search
                                          and ticket transfers; the user's own item has the last word, as a
                                          username may have moved on; a tombstone after user.deleted)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kernel import replica
from kernel.replica import Replica
from kernel.table import get, get_many
from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

SK = "LANGUAGE"
MAX_USERNAME = 30


class HolderLanguage(Replica):
    language = UnicodeAttribute(null=True)
    username = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    eventChangedEmail = BooleanAttribute(null=True)  # None: never chosen, the default (e-mailed)
    eventReminderEmail = BooleanAttribute(null=True)


DECLINABLE = {"event_changed": "eventChangedEmail", "event_reminder": "eventReminderEmail"}  # letter kind -> field


class UsernameLookup(Replica):
    userId = UnicodeAttribute(null=True)


@dataclass(frozen=True)
class Person:
    user_id: str
    username: str | None
    role: str | None


def key(user_id: str) -> tuple[str, str]:
    return f"USER#{user_id}", SK


def _username_key(username: str) -> tuple[str, str]:
    return f"USERNAME#{username.lower()}", "USER"


@dataclass(frozen=True)
class Addressee:
    """Whom a letter goes to: the Cognito username (None before any user.* message arrived: the address is then
    found by the user's sub) and the kinds of letter the user declined in their notification settings."""

    username: str | None
    declined: frozenset[str]


def addressee(user_id: str) -> Addressee | None:
    """None once the account is deleted (the tombstone): nobody to write to."""
    item = get(HolderLanguage, *key(user_id))
    if item is None:
        return Addressee(None, frozenset())
    if item.buried:
        return None
    return Addressee(item.username, frozenset(k for k, f in DECLINABLE.items() if getattr(item, f) is False))


def person(user_id: str) -> Person | None:
    item = get(HolderLanguage, *key(user_id))
    return Person(user_id, item.username, item.role) if item is not None and replica.alive(item) else None


def people(user_ids: list[str]) -> dict[str, Person]:
    """The users ticketing knows of these (BatchGetItem)."""
    found = get_many(HolderLanguage, [key(u) for u in user_ids])
    return {u: Person(u, item.username, item.role) for u in user_ids
            if (item := found.get(key(u))) is not None and replica.alive(item)}


def named(username: str) -> str | None:
    """The id of the user who has this username now (any case); None when nobody has."""
    if not 1 <= len(username) <= MAX_USERNAME:
        return None
    lookup = get(UsernameLookup, *_username_key(username))
    if lookup is None or not replica.alive(lookup) or lookup.userId is None:
        return None
    holder = person(lookup.userId)
    return lookup.userId if holder and (holder.username or "").lower() == username.lower() else None


def on_user_changed(envelope: dict[str, Any]) -> None:
    """user.created / user.updated: the newest language, username and role win."""
    payload, occurred_at = envelope["payload"], envelope["occurredAt"]
    fields = {name: str(payload[name]) for name in ("username", "role") if payload.get(name)}
    if payload.get("language"):
        fields["language"] = str(payload["language"]).lower()
    keeps = [(HolderLanguage, key(payload["id"]), occurred_at, fields)] if fields else []
    if payload.get("username"):
        keeps.append((UsernameLookup, _username_key(payload["username"]), occurred_at, {"userId": payload["id"]}))
    replica.keep_all(*keeps)  # both in one transaction when the message is the newest for each


def on_mail_choices(envelope: dict[str, Any]) -> None:
    """notifications.preferences.changed: whether the user takes each declinable letter, the newest choice wins."""
    payload = envelope["payload"]
    fields = {DECLINABLE[kind]: bool(takes) for kind, takes in payload["email"].items() if kind in DECLINABLE}
    if fields:
        replica.keep(HolderLanguage, key(payload["userId"]), envelope["occurredAt"], fields)


def on_user_deleted(envelope: dict[str, Any]) -> None:
    """The user and the username they had go (a tombstone each: no late message revives them)."""
    held = get(HolderLanguage, *key(envelope["payload"]["id"]))
    if held is not None and held.username:
        replica.bury(UsernameLookup, _username_key(held.username), envelope["occurredAt"])
    replica.bury(HolderLanguage, key(envelope["payload"]["id"]), envelope["occurredAt"])
