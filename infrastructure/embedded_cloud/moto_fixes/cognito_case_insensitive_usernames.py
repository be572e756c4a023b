"""Usernames of a pool created with `UsernameConfiguration: CaseSensitive: false` ignore case, as in Cognito.

moto 5.2.5 ignores the setting: `Alice` and `alice` sign up as two users, and `ALICE` neither signs in nor is
found by the admin operations. Cognito treats every variation in case as the same user: any capitalisation
finds the user, and SignUp or AdminCreateUser of a case variant answers UsernameExistsException. The user
keeps the username as it was given at sign-up; only lookups ignore case. Pools without the setting (case
sensitive, Cognito's default) keep moto's behaviour.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpUser, CognitoIdpUserPool
from moto.cognitoidp.utils import flatten_attrs

from .cognito_fix_support import MethodFix

_fix = MethodFix()


def is_case_insensitive(pool: CognitoIdpUserPool) -> bool:
    return (pool.extended_config.get("UsernameConfiguration") or {}).get("CaseSensitive") is False


def same_name(pool: CognitoIdpUserPool, stored: str | None, given: str | None) -> bool:
    """Whether a name typed by a user designates a stored one (username, or an alias with the pool's rules)."""
    if stored is None or given is None:
        return False
    return stored.lower() == given.lower() if is_case_insensitive(pool) else stored == given


@_fix.replaces(CognitoIdpUserPool, "_get_user")
def _get_user(original: Any, self: CognitoIdpUserPool, username: str) -> CognitoIdpUser | None:
    user = original(self, username)
    if user is not None or not is_case_insensitive(self) or not isinstance(username, str):
        return user
    sign_in_attributes = self.extended_config.get("UsernameAttributes") or []  # e-mail or phone as username
    for candidate in self.users.values():
        if same_name(self, candidate.username, username):
            return candidate
        attributes = flatten_attrs(candidate.attributes)
        if any(same_name(self, attributes.get(name), username) for name in sign_in_attributes):
            return candidate
    return None


def install() -> None:
    _fix.install()


def uninstall() -> None:
    _fix.uninstall()
