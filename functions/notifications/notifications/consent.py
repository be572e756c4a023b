"""A user's notification preferences in the table (one item per type the user chose, store.Preference) and the
questions the channels ask: `may_notify_in_app` (fan_out, before a notification is stored and pushed) and
`may_email` (the e-mail channel, before it sends a message of a type to a user). Each question is one GetItem;
essential e-mail is never asked about."""

from __future__ import annotations

from contextlib import suppress

from kernel import unit_of_work
from kernel.events import now_iso
from kernel.table import get
from kernel.unit_of_work import Unit

from .domain import AccountErased, NoteType
from .preferences import MAILED_ELSEWHERE, Channel, Choice, Preferences, default, essential
from .store import ERASED, PRODUCER, Erased, Preference, preference_key, user_key

CHANGED = "notifications.preferences.changed"


def _type(note_type: str) -> NoteType:
    return NoteType(NoteType.of_stored(note_type))  # ValueError for a type outside the vocabulary


def _allows(user_id: str, note_type: str, channel: Channel) -> bool:
    kind = _type(note_type)
    item = get(Preference, user_key(user_id), preference_key(kind))
    chosen = {kind: Choice(in_app=bool(item.inApp), email=bool(item.email))} if item else {}
    return Preferences(user_id, chosen).allows(kind, channel)


def may_email(user_id: str, note_type: str) -> bool:
    """Whether the user may be e-mailed about a notification of this type (NoteType value): essential ones always,
    the others as the user chose or by default (preferences.py). ValueError for a type outside the vocabulary."""
    if essential(_type(note_type)):
        return True
    return _allows(user_id, note_type, Channel.EMAIL)


def may_notify_in_app(user_id: str, note_type: str) -> bool:
    """Whether a notification of this type is stored and pushed to the user."""
    return _allows(user_id, note_type, Channel.IN_APP)


def load(user_id: str) -> Preferences:
    """One Query of the user's chosen types."""
    items = Preference.query(user_key(user_id), Preference.SK.startswith("PREF#"))
    chosen = {}
    for item in items:
        kind = NoteType._value2member_map_.get(item.SK.removeprefix("PREF#"))
        if kind is not None:  # a type since removed from the vocabulary
            chosen[NoteType(kind)] = Choice(in_app=bool(item.inApp), email=bool(item.email))
    return Preferences(user_id, chosen)


def keep(preferences: Preferences) -> None:
    """The user's choices as `preferences` holds them: one transaction (a put for each chosen type, a delete for
    each other one - back at its default), so a concurrent read sees the old grid or the new one; with it the
    e-mail choices other contexts need (`notifications.preferences.changed`)."""
    now, key = now_iso(), user_key(preferences.user_id)

    def write(unit: Unit) -> None:
        for kind in NoteType:
            choice = preferences.chosen.get(kind)
            if choice is None:
                unit.delete(Preference(key, preference_key(kind)))
            else:
                unit.save(Preference(key, preference_key(kind), inApp=choice.in_app, email=choice.email,
                                     updatedAt=now))
        unit.publish(CHANGED, {"userId": preferences.user_id, "email": preferences.mailed_elsewhere()})

    unit_of_work.commit(PRODUCER, write)


def unsubscribe(user_id: str, note_type: NoteType) -> None:
    """No more e-mail of this type (the domain refuses an essential one); the in-app choice stays as it is, its
    default where there is none - one update, no read. A deleted account gets no preference back (nobody is
    e-mailed there anyway). A type another context mails is published as switched off."""
    Preferences(user_id).unsubscribed(note_type)  # the rule: refuses essential e-mail
    key = user_key(user_id)

    def write(unit: Unit) -> None:
        unit.check(Erased, key, ERASED, Erased.PK.does_not_exist(), failure=AccountErased("the account is deleted"))
        unit.update(Preference(key, preference_key(note_type)), actions=[
            Preference.email.set(False), Preference.updatedAt.set(now_iso()),
            Preference.inApp.set(Preference.inApp | default(note_type).in_app)])
        if note_type in MAILED_ELSEWHERE:
            unit.publish(CHANGED, {"userId": user_id, "email": {str(note_type): False}})

    with suppress(AccountErased):
        unit_of_work.commit(PRODUCER, write)


def forget(user_id: str) -> None:
    """An account deleted: its choices go (a delete of each type's item; a type never chosen has none)."""
    key = user_key(user_id)
    with Preference.batch_write() as batch:
        for kind in NoteType:
            batch.delete(Preference(key, preference_key(kind)))
