"""The preferences in the notifications table of the template (in-process moto): what the channels ask
(`may_email`, `may_notify_in_app`) answers what was stored, a replacement and an unsubscribe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.context_tables import context_table

USER, OTHER = "user-1", "user-2"


@pytest.fixture(autouse=True)
def table() -> Iterator[None]:
    with context_table("notifications"):
        yield


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
