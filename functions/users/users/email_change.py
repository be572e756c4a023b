"""A change of e-mail address waiting for its code: asked with the password, in force once the code e-mailed to
the new address comes back. Until then the old address stays in force, for sign-in and for mail.

    PK=USER#<id>   SK=EMAIL-CHANGE   email: the new address   previous: the address it replaces
                                     codeHash: SHA-256 of the code   expiresAt: TTL   wrong: wrong codes so far
                                     applied: the profile and guards carry the new address (Cognito next)

A newer request replaces the waiting one (and its code). A code works once, for a day; after MAX_WRONG wrong codes
the change is dropped. `applied` is written in the transaction that moves the address (users.store), so that a
confirmation that stopped before Cognito was told is finished by its retry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from kernel.errors import FieldError, ValidationFailed
from kernel.table import ContextTable
from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, UpdateError

LIFETIME, MAX_WRONG = 24 * 3600, 5


class EmailChangeItem(ContextTable):
    email = UnicodeAttribute()
    previous = UnicodeAttribute()
    codeHash = UnicodeAttribute()
    expiresAt = NumberAttribute()
    wrong = NumberAttribute(null=True)
    applied = BooleanAttribute(null=True)


@dataclass(frozen=True)
class Waiting:
    email: str
    previous: str
    code_hash: str
    applied: bool


def key(user_id: str) -> EmailChangeItem:
    return EmailChangeItem(f"USER#{user_id}", "EMAIL-CHANGE")


def digest(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def begin(user_id: str, email: str, previous: str, now: float) -> str:
    """A change to `email` waits for its code (replacing any earlier one); the code, to be e-mailed."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    item = key(user_id)
    item.email, item.previous, item.codeHash, item.expiresAt = email, previous, digest(code), int(now) + LIFETIME
    item.save()
    return code


def confirmed(user_id: str, code: str, now: float) -> Waiting:
    """The waiting change this code confirms; ValidationFailed on `code` otherwise (a wrong one is counted)."""
    try:
        item = EmailChangeItem.get(f"USER#{user_id}", "EMAIL-CHANGE", consistent_read=True)
    except EmailChangeItem.DoesNotExist:
        item = None
    if item is None or item.expiresAt <= now:
        raise ValidationFailed("No change of address waits for a code; ask again",
                               [FieldError("code", "has expired or was used")])
    if not hmac.compare_digest(item.codeHash, digest(code)):
        _count_wrong(item)
        raise ValidationFailed("The code is not valid", [FieldError("code", "is incorrect")])
    return Waiting(item.email, item.previous, item.codeHash, bool(item.applied))


def _count_wrong(item: EmailChangeItem) -> None:
    try:
        if (item.wrong or 0) + 1 >= MAX_WRONG:
            item.delete(condition=EmailChangeItem.codeHash == item.codeHash)
        else:
            item.update(actions=[EmailChangeItem.wrong.add(1)], condition=EmailChangeItem.codeHash == item.codeHash)
    except (UpdateError, DeleteError) as error:
        if error.cause_response_code != "ConditionalCheckFailedException":  # replaced meanwhile: nothing to count
            raise


def finish(user_id: str, code_hash: str) -> None:
    """The change is in force everywhere: nothing waits any more (unless a newer request came meanwhile)."""
    try:
        key(user_id).delete(condition=EmailChangeItem.codeHash == code_hash)
    except DeleteError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
