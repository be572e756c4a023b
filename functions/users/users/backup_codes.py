"""One-time backup codes of two-factor sign-in: shown once, kept hashed, each good for one sign-in.

    PK=USER#<id>   SK=BACKUP-CODES   codes: the SHA-256 of each unused code (a string set)

Codes are 10 random base32 characters (50 bits), so a plain SHA-256 is enough to keep them unreadable (they are
not passwords a person chose). Using one removes its hash on the condition that it is there: of two sign-ins
racing with the same code, one wins. Issuing codes replaces every earlier one.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from kernel.table import ContextTable
from pynamodb.attributes import UnicodeSetAttribute
from pynamodb.exceptions import UpdateError

COUNT, LENGTH = 10, 10


class BackupCodes(ContextTable):
    codes = UnicodeSetAttribute(null=True)


def normalized(code: str) -> str:
    """What the owner typed, as issued: case, spaces and dashes do not matter."""
    return "".join(c for c in code.upper() if c.isalnum())


def digest(code: str) -> str:
    return hashlib.sha256(normalized(code).encode()).hexdigest()


def new_codes() -> list[str]:
    """COUNT fresh codes, shown as two groups of five (ABCDE-FGHIJ)."""
    codes = [base64.b32encode(secrets.token_bytes(7)).decode()[:LENGTH] for _ in range(COUNT)]
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def _key(user_id: str) -> BackupCodes:
    return BackupCodes(f"USER#{user_id}", "BACKUP-CODES")


def issue(user_id: str) -> list[str]:
    """New codes for the user (the earlier ones stop working); the codes themselves, to be shown once."""
    codes = new_codes()
    item = _key(user_id)
    item.codes = {digest(c) for c in codes}
    item.save()
    return codes


def use(user_id: str, code: str) -> bool:
    """True, and the code is used up, if it is one of the user's unused codes."""
    if len(normalized(code)) != LENGTH:
        return False
    hashed = digest(code)
    try:
        _key(user_id).update(actions=[BackupCodes.codes.delete({hashed})],
                             condition=BackupCodes.codes.contains(hashed))
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def give_back(user_id: str, code: str) -> None:
    """A used code that signed nobody in is good again (while the account has codes at all)."""
    try:
        _key(user_id).update(actions=[BackupCodes.codes.add({digest(code)})], condition=BackupCodes.PK.exists())
    except UpdateError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise


def discard(user_id: str) -> None:
    """Two-factor sign-in is off: no code signs in any more."""
    _key(user_id).delete()  # no condition: none to discard is fine


def remaining(user_id: str) -> int:
    try:
        return len(BackupCodes.get(f"USER#{user_id}", "BACKUP-CODES", consistent_read=True).codes or ())
    except BackupCodes.DoesNotExist:
        return 0
