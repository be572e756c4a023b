"""A pool with `AliasAttributes: [email]` lets a user sign in with a verified e-mail address, as in Cognito.

moto 5.2.5 ignores AliasAttributes: an e-mail address signs nobody in and finds nobody (UserNotFoundException),
and it accepts a username in e-mail format. What Cognito documents, and this fix does:
- A user's e-mail address is an alias only while it is verified (`email_verified` = true); then InitiateAuth
  and the admin operations (AdminGetUser, AdminDeleteUser, ...) accept it in place of the username, ignoring
  case when the pool's usernames do. AdminConfirmSignUp does not verify the address: an administrator sets
  `email_verified` with AdminUpdateUserAttributes.
- An address is the alias of one user at a time. SignUp with an address another user holds succeeds (it is
  not verified yet); verifying it for the new user moves the alias there and unverifies it for the former
  holder (AdminUpdateUserAttributes and UpdateUserAttributes do that, rather than refuse).
- Changing a user's address without verifying it in the same request leaves it unverified: no alias.
- SignUp and AdminCreateUser refuse a username in e-mail format (InvalidParameterException).
Pools without the e-mail alias keep moto's behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUser, CognitoIdpUserPool
from moto.cognitoidp.utils import flatten_attrs, validate_username_format

from .cognito_case_insensitive_usernames import is_case_insensitive, same_name
from .cognito_fix_support import MethodFix, pool_of_client

_fix = MethodFix()
EMAIL_USERNAME_REFUSED = "Username cannot be of email format, since user pool is configured for email alias."


def has_email_alias(pool: CognitoIdpUserPool | None) -> bool:
    return pool is not None and "email" in (pool.extended_config.get("AliasAttributes") or [])


def verified_email(user: CognitoIdpUser) -> str | None:
    attributes = user.attribute_lookup
    return attributes.get("email") if str(attributes.get("email_verified", "")).lower() == "true" else None


def holder_of_alias(pool: CognitoIdpUserPool, email: str) -> CognitoIdpUser | None:
    """The user whose verified e-mail is `email`: every user is looked at, each with one pass over its attributes
    (a new name's registration asks this of a pool of thousands)."""
    fold = is_case_insensitive(pool)
    wanted = email.lower() if fold else email
    for user in pool.users.values():
        found, verified = None, False
        for attribute in user.attributes:  # as verified_email reads them (the last of a name wins)
            if attribute["Name"] == "email":
                found = attribute["Value"]
            elif attribute["Name"] == "email_verified":
                verified = str(attribute["Value"]).lower() == "true"
        if verified and found is not None and (found.lower() if fold else found) == wanted:
            return user
    return None


@_fix.replaces(CognitoIdpUserPool, "_get_user")
def _get_user(original: Any, self: CognitoIdpUserPool, username: str) -> CognitoIdpUser | None:
    user = original(self, username)
    if user is None and has_email_alias(self) and isinstance(username, str):
        return holder_of_alias(self, username)
    return user


def _refuse_email_username(pool: CognitoIdpUserPool | None, username: str) -> None:
    if has_email_alias(pool) and isinstance(username, str) and validate_username_format(username, "email"):
        raise InvalidParameterException(EMAIL_USERNAME_REFUSED)


@_fix.replaces(CognitoIdpBackend, "sign_up")
def sign_up(original: Any, self: CognitoIdpBackend, client_id: str, username: str, *args: Any, **kwargs: Any) -> Any:
    _refuse_email_username(pool_of_client(self, client_id), username)
    return original(self, client_id, username, *args, **kwargs)


@_fix.replaces(CognitoIdpBackend, "admin_create_user")
def admin_create_user(original: Any, self: CognitoIdpBackend, user_pool_id: str, username: str,
                      *args: Any, **kwargs: Any) -> Any:
    _refuse_email_username(self.user_pools.get(user_pool_id), username)
    return original(self, user_pool_id, username, *args, **kwargs)


def _update_alias(pool: CognitoIdpUserPool, user: CognitoIdpUser, update: dict[str, Any], previous: str | None,
                  apply: Callable[[], None]) -> None:
    """Apply an attribute update, then keep Cognito's alias rules: one verified holder per address."""
    apply()
    if "email" in update and "email_verified" not in update and update["email"] != previous:
        user.update_attributes([{"Name": "email_verified", "Value": "false"}])
    email = verified_email(user)
    if email is None:
        return
    for other in pool.users.values():
        if other is not user and same_name(pool, verified_email(other), email):
            other.update_attributes([{"Name": "email_verified", "Value": "false"}])


@_fix.replaces(CognitoIdpBackend, "admin_update_user_attributes")
def admin_update_user_attributes(original: Any, self: CognitoIdpBackend, user_pool_id: str, username: str,
                                 attributes: list[dict[str, str]]) -> None:
    pool = self.describe_user_pool(user_pool_id)
    if not has_email_alias(pool):
        return original(self, user_pool_id, username, attributes)
    user = self.admin_get_user(user_pool_id, username)
    _update_alias(pool, user, flatten_attrs(attributes), user.attribute_lookup.get("email"),
                  lambda: original(self, user_pool_id, username, attributes))


@_fix.replaces(CognitoIdpBackend, "update_user_attributes")
def update_user_attributes(original: Any, self: CognitoIdpBackend, access_token: str,
                           attributes: list[dict[str, str]]) -> None:
    pool = next((p for p in self.user_pools.values() if access_token in p.access_tokens), None)
    if pool is None or not has_email_alias(pool):
        return original(self, access_token, attributes)
    user = self.admin_get_user(pool.id, pool.access_tokens[access_token][1])
    _update_alias(pool, user, flatten_attrs(attributes), user.attribute_lookup.get("email"),
                  lambda: original(self, access_token, attributes))


install, uninstall = _fix.install, _fix.uninstall
