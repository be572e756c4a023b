"""The account's authenticator secret, kept beside Cognito's so that a backup code can finish a two-factor login.

    PK=USER#<id>   SK=AUTHENTICATOR   pending: the secret being set up   secret: the one in use

Cognito has no backup codes, and nothing lets a trusted caller skip the code it asks at a two-factor login. So
this context keeps the secret Cognito handed the owner at set-up (the same one the owner's app holds) and, once a
backup code is used up, answers Cognito's own SOFTWARE_TOKEN_MFA challenge with a code of it: Cognito never
stops asking for two factors, so a password alone never signs in. The secret is as sensitive as the app's copy:
only the users functions read the table (DynamoDB encrypts it at rest). Codes are RFC 6238's (HMAC-SHA1,
30-second steps, 6 digits), as Cognito and every authenticator app compute them: pyotp's.
"""

from __future__ import annotations

import pyotp
from kernel.table import ContextTable
from pynamodb.attributes import UnicodeAttribute

STEP = 30


class Authenticator(ContextTable):
    pending = UnicodeAttribute(null=True)
    secret = UnicodeAttribute(null=True)


def code_at(secret: str, at: float) -> str:
    """The code an authenticator app shows for `secret` (base32) at time `at`."""
    return pyotp.TOTP(secret, interval=STEP).at(at)


def _item(user_id: str) -> Authenticator | None:
    try:
        return Authenticator.get(f"USER#{user_id}", "AUTHENTICATOR", consistent_read=True)
    except Authenticator.DoesNotExist:
        return None


def keep_pending(user_id: str, secret: str) -> None:
    """A set-up began with this secret (the one in use, if any, stays until a code of the new one confirms it)."""
    Authenticator(f"USER#{user_id}", "AUTHENTICATOR").update(actions=[Authenticator.pending.set(secret)])


def pending_matches(user_id: str, code: str, at: float) -> bool:
    """Whether `code` is one of the pending secret's (now, or a step either side, as Cognito takes it): then the
    secret kept here is the one Cognito is about to confirm, not one of a set-up started elsewhere since."""
    item = _item(user_id)
    if item is None or item.pending is None:
        return False
    return pyotp.TOTP(item.pending, interval=STEP).verify(code, for_time=at, valid_window=1)


def confirm(user_id: str) -> None:
    """Cognito took a code of the pending secret: it is the one in use."""
    item = _item(user_id)
    if item is not None and item.pending is not None:
        item.update(actions=[Authenticator.secret.set(item.pending), Authenticator.pending.remove()],
                    condition=Authenticator.pending == item.pending)


def secret_of(user_id: str) -> str | None:
    item = _item(user_id)
    return item.secret if item else None


def forget(user_id: str) -> None:
    """Two-factor sign-in is off: no secret is kept."""
    Authenticator(f"USER#{user_id}", "AUTHENTICATOR").delete()
