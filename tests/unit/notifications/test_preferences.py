"""The preference rules on plain objects: defaults, essential e-mail that cannot be switched off, a settings
replacement and an unsubscribe."""

from __future__ import annotations

import pytest
from kernel.errors import ValidationFailed
from notifications.domain import NoteType
from notifications.preferences import ESSENTIAL_EMAIL, Channel, Choice, Preferences

NOBODY = Preferences("user-1")


def test_by_default_everything_is_in_app_and_only_what_must_be_known_is_e_mailed() -> None:
    grid = NOBODY.grid()
    assert set(grid) == set(NoteType)
    assert all(choice.in_app for choice in grid.values())
    assert {t for t, choice in grid.items() if choice.email} == {
        NoteType.ORDER_CONFIRMED, NoteType.ORDER_CANCELLED, NoteType.ORDER_REFUNDED, NoteType.EVENT_CANCELLED,
        NoteType.COLLABORATION_INVITE, NoteType.WAITING_LIST_OFFER, NoteType.REFUND_APPROVED,
        NoteType.EVENT_CHANGED, NoteType.EVENT_REMINDER}
    for digest in (NoteType.FOLLOW, NoteType.NEW_EVENT, NoteType.LIKE, NoteType.REVIEW):
        assert not NOBODY.allows(digest, Channel.EMAIL)


def test_a_replacement_keeps_what_was_chosen_and_puts_the_rest_back_at_its_default() -> None:
    chosen = NOBODY.replaced({NoteType.LIKE: Choice(in_app=False, email=True)})
    again = chosen.replaced({NoteType.FOLLOW: Choice(in_app=True, email=True)})
    assert chosen.of(NoteType.LIKE) == Choice(in_app=False, email=True)
    assert again.of(NoteType.LIKE) == Choice(in_app=True, email=False)
    assert again.allows(NoteType.FOLLOW, Channel.EMAIL)


@pytest.mark.parametrize("note_type", sorted(ESSENTIAL_EMAIL))
def test_essential_e_mail_cannot_be_switched_off_but_its_in_app_side_can(note_type: NoteType) -> None:
    with pytest.raises(ValidationFailed) as refused:
        NOBODY.replaced({note_type: Choice(in_app=True, email=False), NoteType.LIKE: Choice(True, True)})
    assert [e.field for e in refused.value.errors] == [f"preferences.{note_type}.email"]
    with pytest.raises(ValidationFailed):
        NOBODY.unsubscribed(note_type)
    quiet = NOBODY.replaced({note_type: Choice(in_app=False, email=True)})
    assert not quiet.allows(note_type, Channel.IN_APP) and quiet.allows(note_type, Channel.EMAIL)


def test_unsubscribing_stops_the_e_mail_of_one_type_only() -> None:
    opted_in = NOBODY.replaced({NoteType.FOLLOW: Choice(in_app=False, email=True),
                                NoteType.NEW_EVENT: Choice(in_app=True, email=True)})
    out = opted_in.unsubscribed(NoteType.FOLLOW)
    assert out.of(NoteType.FOLLOW) == Choice(in_app=False, email=False)
    assert out.allows(NoteType.NEW_EVENT, Channel.EMAIL)
