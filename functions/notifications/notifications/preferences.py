"""Notification preferences, as plain Python (no AWS): for each notification type (domain.NoteType), whether the
user hears of it in the app and by e-mail.

Defaults (what a user who never chose hears): every type in the app; by e-mail only what a buyer must know
(ESSENTIAL_EMAIL: their order confirmed, cancelled or refunded, their event cancelled - always sent, not
switchable), what asks for an answer (an invitation to collaborate, a waiting-list offer to pay) and a holder's
letters about their event (it moved, it is tomorrow: ticketing sends those, so each choice of their e-mail is
published as `notifications.preferences.changed` - MAILED_ELSEWHERE).
Likes, reviews, follows and new events of followed organizations (the follow digest) are off by e-mail until the
user opts in. A type added to NoteType is on in the app and off by e-mail unless it joins ESSENTIAL_EMAIL or
EMAIL_BY_DEFAULT.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from kernel.errors import FieldError, ValidationFailed

from .domain import NoteType


class Channel(StrEnum):
    IN_APP = "inApp"
    EMAIL = "email"


ESSENTIAL_EMAIL = frozenset({NoteType.ORDER_CONFIRMED, NoteType.ORDER_CANCELLED, NoteType.ORDER_REFUNDED,
                             NoteType.EVENT_CANCELLED, NoteType.REFUND_APPROVED})
EMAIL_BY_DEFAULT = ESSENTIAL_EMAIL | {NoteType.COLLABORATION_INVITE, NoteType.WAITING_LIST_OFFER,  # answers wanted
                                      NoteType.EVENT_CHANGED, NoteType.EVENT_REMINDER}  # a holder's service mail
MAILED_ELSEWHERE = (NoteType.EVENT_CHANGED, NoteType.EVENT_REMINDER)  # ticketing sends them: it is told the choice
EMAIL_ONLY = frozenset(MAILED_ELSEWHERE)  # letters only: nothing is stored or pushed in the app


class NotSwitchable(ValidationFailed):
    """Essential e-mail cannot be switched off (by the settings or an unsubscribe link)."""


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool

    def allows(self, channel: Channel) -> bool:
        return self.in_app if channel is Channel.IN_APP else self.email


def default(note_type: NoteType) -> Choice:
    return Choice(in_app=True, email=note_type in EMAIL_BY_DEFAULT)


def essential(note_type: NoteType) -> bool:
    return note_type in ESSENTIAL_EMAIL


@dataclass(frozen=True)
class Preferences:
    """A user's choices: `chosen` holds the types the user set (the others are at their default)."""

    user_id: str
    chosen: dict[NoteType, Choice] = field(default_factory=dict)

    def of(self, note_type: NoteType) -> Choice:
        choice = self.chosen.get(note_type) or default(note_type)
        return replace(choice, email=True) if essential(note_type) else choice

    def allows(self, note_type: NoteType, channel: Channel) -> bool:
        return self.of(note_type).allows(channel)

    def mailed_elsewhere(self) -> dict[str, bool]:
        """What the contexts that send e-mail of a type themselves are told: whether the user takes it."""
        return {str(t): self.allows(t, Channel.EMAIL) for t in MAILED_ELSEWHERE}

    def grid(self) -> dict[NoteType, Choice]:
        """Every type of the vocabulary with what applies to it."""
        return {note_type: self.of(note_type) for note_type in NoteType}

    def replaced(self, choices: dict[NoteType, Choice]) -> Preferences:
        """The settings page's answer: these choices, every type not named back at its default. Essential
        e-mail switched off is refused, naming each such type."""
        refused = [FieldError(f"preferences.{t}.email", "is essential and always sent")
                   for t, choice in choices.items() if essential(t) and not choice.email]
        if refused:
            raise NotSwitchable("Essential e-mail cannot be switched off", refused)
        return Preferences(self.user_id, dict(choices))

    def unsubscribed(self, note_type: NoteType) -> Preferences:
        """An unsubscribe link: no more e-mail of this type (the in-app side stays as it was)."""
        if essential(note_type):
            raise NotSwitchable("Essential e-mail cannot be switched off",
                                [FieldError("token", f"{note_type} e-mail is essential and always sent")])
        return Preferences(self.user_id, {**self.chosen, note_type: replace(self.of(note_type), email=False)})
