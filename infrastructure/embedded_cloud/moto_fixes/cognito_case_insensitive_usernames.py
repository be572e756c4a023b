"""Usernames of a pool created with `UsernameConfiguration: CaseSensitive: false` ignore case, as in Cognito.

moto 5.2.5 ignores the setting: `Alice` and `alice` sign up as two users, and `ALICE` neither signs in nor is
found by the admin operations. Cognito treats every variation in case as the same user: any capitalisation
finds the user, and SignUp or AdminCreateUser of a case variant answers UsernameExistsException. Its output
is lowercase too ("Mixed-case attribute values in case-insensitive user pools are flattened to lowercase in
user pool text output", Cognito developer guide, "User pool case sensitivity"): here a new user of such a
pool is stored as `alice`, which AdminGetUser, ListUsers, GetUser and the tokens then answer. Identify users
by `sub`, as that guide advises. Pools without the setting (case sensitive, Cognito's default) keep moto's
behaviour, and so do pools whose usernames are e-mail addresses or phone numbers (UsernameAttributes).
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUser, CognitoIdpUserPool
from moto.cognitoidp.utils import flatten_attrs

from .cognito_fix_support import MethodFix, pool_of_client

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
    user = original(self, username.lower())  # how this fix stores the pool's new users
    if user is not None:
        return user
    # Every user is looked at (a name stored in another case; an e-mail or phone as username), so each costs
    # little: a new name's registration looks up a missing user several times, in a pool of thousands.
    wanted = username.lower()
    sign_in_attributes = self.extended_config.get("UsernameAttributes") or []  # e-mail or phone as username
    for candidate in self.users.values():
        if isinstance(candidate.username, str) and candidate.username.lower() == wanted:
            return candidate
        if sign_in_attributes:  # only then can an attribute be the name (the platform's pool has aliases instead)
            attributes = flatten_attrs(candidate.attributes)
            if any(same_name(self, attributes.get(name), username) for name in sign_in_attributes):
                return candidate
    return None


def stored_username(pool: CognitoIdpUserPool | None, username: str) -> str:
    if pool is None or not is_case_insensitive(pool) or pool.extended_config.get("UsernameAttributes"):
        return username
    return username.lower() if isinstance(username, str) else username


@_fix.replaces(CognitoIdpBackend, "sign_up")
def sign_up(original: Any, self: CognitoIdpBackend, client_id: str, username: str, *args: Any, **kwargs: Any) -> Any:
    return original(self, client_id, stored_username(pool_of_client(self, client_id), username), *args, **kwargs)


@_fix.replaces(CognitoIdpBackend, "admin_create_user")
def admin_create_user(original: Any, self: CognitoIdpBackend, user_pool_id: str, username: str,
                      *args: Any, **kwargs: Any) -> Any:
    pool = self.user_pools.get(user_pool_id)
    return original(self, user_pool_id, stored_username(pool, username), *args, **kwargs)


install, uninstall = _fix.install, _fix.uninstall
