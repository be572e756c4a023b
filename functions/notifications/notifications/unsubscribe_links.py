"""Unsubscribe links for the e-mail channel, as notifications makes and honours them: the token itself is
kernel.unsubscribe_links (ticketing's letters sign the same); here only the types it may name - one of ours, and
never an essential one (such e-mail carries no link, and a token naming one is refused).

    link(user_id, note_type, locale) / headers(user_id, note_type)  as the kernel's, for a non-essential type
    verify(token)                     (user_id, NoteType), or BadLink (400) / LinkExpired (410)
"""

from __future__ import annotations

from kernel import unsubscribe_links as signed
from kernel.errors import FieldError
from kernel.unsubscribe_links import (  # noqa: F401  (this context's names for them)
    LINK_LIFETIME_SECONDS,
    BadLink,
    LinkExpired,
    UnsubscribeNotConfigured,
)

from .domain import NoteType
from .preferences import essential


def _signable(note_type: str) -> str:
    kind = NoteType(NoteType.of_stored(note_type))
    if essential(kind):
        raise ValueError(f"{kind} e-mail is essential: it carries no unsubscribe link")
    return str(kind)


def token(user_id: str, note_type: str, now: float | None = None) -> str:
    return signed.token(user_id, _signable(note_type), now)


def link(user_id: str, note_type: str, locale: str = "en") -> str:
    return signed.link(user_id, _signable(note_type), locale)


def headers(user_id: str, note_type: str) -> dict[str, str]:
    return signed.headers(user_id, _signable(note_type))


def verify(value: str | None) -> tuple[str, NoteType]:
    user_id, typ = signed.verify(value)
    kind = NoteType._value2member_map_.get(typ)
    if kind is None:
        raise BadLink("The unsubscribe link is not valid", [FieldError("token", "names no notification type")])
    if essential(NoteType(kind)):  # never made by token(): such e-mail is always sent
        raise BadLink("Essential e-mail cannot be unsubscribed from", [FieldError("token", f"{kind} is essential")])
    return user_id, NoteType(kind)
