"""Ticket holders' languages, for the PDFs, and the user a ticket is transferred to: from the user replica
(people.py), which user.* keeps."""

from __future__ import annotations

from kernel import replica

from .pdfs.locales import DEFAULT, LANGUAGES
from .people import HolderLanguage, key


def language_of(user_id: str) -> str:
    """The holder's language; English when unknown (no user.* message yet, or one the PDFs do not speak)."""
    try:
        item = HolderLanguage.get(*key(user_id))
    except HolderLanguage.DoesNotExist:
        return DEFAULT
    return item.language if replica.alive(item) and item.language in LANGUAGES else DEFAULT


