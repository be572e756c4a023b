"""The chat context's rules (reference §2.4 and §6, with the fixes of §12), as plain Python: no AWS, no HTTP."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass

from kernel.errors import Forbidden, ValidationFailed

MEMBER, ORGANIZATION = "member", "organization"
MAX_CONTENT = 10_000
MAX_NAME_KEY = 100
MAX_TERMS = 6  # a name is found from the start of any of its first six words
UNKNOWN_NAME, DELETED_NAME = "Unknown User", "Deleted user"
MEMBERS_ONLY = "Conversations between two members are not allowed"
WITH_ONESELF = "You cannot start a conversation with yourself"


@dataclass(frozen=True)
class Person:
    """What chat knows of a user (a replica fed by `user.*`)."""

    user_id: str
    role: str
    name: str
    avatar: str | None


@dataclass(frozen=True)
class Sides:
    """Who is the conversation's organization and who its counterpart (the reference's `userId`)."""

    organization_id: str
    member_id: str


def sides(sender_id: str, sender_role: str | None, recipient_id: str, recipient_role: str) -> Sides:
    """Member <-> organization: the organization is `organization`. Organization <-> organization: the smaller id
    is. Member <-> member is refused: a 403, as the rule is who may talk to whom, not a malformed request."""
    if sender_id == recipient_id:
        raise ValidationFailed(WITH_ONESELF)
    if sender_role not in (MEMBER, ORGANIZATION):
        raise Forbidden("Only members and organizations can chat")
    if sender_role == MEMBER and recipient_role == MEMBER:
        raise Forbidden(MEMBERS_ONLY)
    if sender_role == ORGANIZATION and recipient_role == ORGANIZATION:
        low, high = sorted((sender_id, recipient_id))
        return Sides(low, high)
    if sender_role == ORGANIZATION:
        return Sides(sender_id, recipient_id)
    return Sides(recipient_id, sender_id)


def opposite_role(role: str | None) -> str | None:
    """Whose names a search suggests: members see organizations, organizations see members."""
    return {MEMBER: ORGANIZATION, ORGANIZATION: MEMBER}.get(role or "")


def name_key(name: str) -> str:
    """A name as the search compares it: accents dropped, case folded, blanks collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", plain).strip()[:MAX_NAME_KEY]


def name_terms(name: str) -> list[str]:
    """The name key from the start of each of its first MAX_TERMS words: a prefix query on these finds a name by
    the start of any word ("cafe" finds "Blue Café")."""
    words = name_key(name).split(" ")
    return [" ".join(words[n:]) for n in range(min(len(words), MAX_TERMS))]


def is_id(value: str) -> bool:
    """Ids are UUIDs as this platform writes them (lower case, with hyphens); anything else names nothing (a 404,
    never a lookup with a malformed key)."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False
