"""The preferences in the notifications table of the template (in-process moto): what the channels ask
(`may_email`, `may_notify_in_app`) answers what was stored, a replacement and an unsubscribe."""

from __future__ import annotations

import pytest
from support.context_tables import table_per_module

USER, OTHER = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"  # as on the bus


moto_table, table = table_per_module("notifications")  # one table for the module, emptied after each test


@pytest.fixture(scope="module", autouse=True)
def outbox_table() -> None:
    import os

    from kernel.table import ContextTable

    os.environ["TABLE_NAME"] = ContextTable.Meta.table_name  # the outbox writes to it (preferences.changed)


def test_a_user_who_never_chose_gets_the_defaults() -> None:
    from notifications import consent

    assert consent.may_email(USER, "order_confirmed") and consent.may_email(USER, "collaboration_invite")
    assert not consent.may_email(USER, "follow") and not consent.may_email(USER, "new_event")
    assert consent.may_notify_in_app(USER, "like")
    assert consent.load(USER).chosen == {}


def test_what_is_kept_is_what_the_channels_are_told() -> None:
    from notifications import consent
    from notifications.domain import NoteType
    from notifications.preferences import Choice

    consent.keep(consent.load(USER).replaced({NoteType.LIKE: Choice(in_app=False, email=True),
                                              NoteType.ORDER_REFUNDED: Choice(in_app=False, email=True)}))
    assert not consent.may_notify_in_app(USER, "like") and consent.may_email(USER, "like")
    assert not consent.may_notify_in_app(USER, "order.refunded")  # a stored old dotted name asks the same
    assert consent.may_notify_in_app(OTHER, "like")
    consent.keep(consent.load(USER).replaced({}))
    assert consent.may_notify_in_app(USER, "like") and not consent.may_email(USER, "like")
    assert consent.load(USER).chosen == {}


def test_unsubscribing_keeps_the_in_app_choice() -> None:
    from notifications import consent
    from notifications.domain import NoteType
    from notifications.preferences import Choice

    consent.keep(consent.load(USER).replaced({NoteType.FOLLOW: Choice(in_app=False, email=True)}))
    consent.unsubscribe(USER, NoteType.FOLLOW)
    consent.unsubscribe(OTHER, NoteType.REVIEW)
    assert consent.load(USER).of(NoteType.FOLLOW) == Choice(in_app=False, email=False)
    assert consent.load(OTHER).of(NoteType.REVIEW) == Choice(in_app=True, email=False)


def test_a_type_outside_the_vocabulary_is_refused() -> None:
    from notifications import consent

    with pytest.raises(ValueError):
        consent.may_email(USER, "newsletter")


def _told() -> list[dict]:
    """The payloads of notifications.preferences.changed in the outbox, oldest first."""
    import json

    from kernel.table import ContextTable
    from pynamodb.attributes import UnicodeAttribute

    class Outbox(ContextTable):
        envelope = UnicodeAttribute(null=True)

    found = [json.loads(item.envelope) for item in Outbox.scan(Outbox.PK.startswith("OUTBOX#"))]
    return [e["payload"] for e in sorted(found, key=lambda e: e["occurredAt"])
            if e["eventType"] == "notifications.preferences.changed"]


def test_the_e_mail_choices_ticketing_needs_are_published_with_the_settings_and_an_unsubscribe() -> None:
    from notifications import consent
    from notifications.domain import NoteType
    from notifications.preferences import Choice

    consent.keep(consent.load(USER).replaced({NoteType.EVENT_REMINDER: Choice(in_app=True, email=False),
                                              NoteType.LIKE: Choice(in_app=False, email=True)}))
    consent.unsubscribe(OTHER, NoteType.EVENT_CHANGED)
    consent.unsubscribe(OTHER, NoteType.FOLLOW)  # a type notifications mails itself: nothing to tell

    assert _told() == [{"userId": USER, "email": {"event_changed": True, "event_reminder": False}},
                       {"userId": OTHER, "email": {"event_changed": False}}]
    assert not consent.may_email(USER, "event_reminder") and consent.may_email(USER, "event_changed")
