"""A revoked access token is refused as revoked: NotAuthorizedException "Access Token has been revoked".

moto 5.2.5 forgets an access token when it signs the user out (GlobalSignOut, AdminUserGlobalSignOut), so
GetUser, ChangePassword and the other token-authorised operations answer "Invalid token", as for a token
it never issued. Cognito answers "Access Token has been revoked". Here every pool remembers the access tokens
revoked from it until they expire, and those operations check that memory first. RevokeToken
(`cognito_revoke_token`) records the access tokens it revokes here too.
"""

from __future__ import annotations

import time
from typing import Any

from moto.cognitoidp.exceptions import NotAuthorizedError
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool

from .cognito_fix_support import MethodFix, every_user_pool, unverified_claims

REVOKED = "Access Token has been revoked"
_fix = MethodFix()


def _revoked(pool: CognitoIdpUserPool) -> dict[str, int]:
    """token -> expiry (epoch seconds); kept on the pool, so it is saved and restored with moto's state."""
    if not hasattr(pool, "revoked_access_tokens"):
        pool.revoked_access_tokens = {}  # type: ignore[attr-defined]
    return pool.revoked_access_tokens  # type: ignore[attr-defined,no-any-return]


def remember_revoked(pool: CognitoIdpUserPool, access_token: str) -> None:
    revoked = _revoked(pool)
    now = int(time.time())
    for token in [token for token, expiry in revoked.items() if expiry < now]:
        del revoked[token]  # past its expiry nobody can use it anyway
    revoked[access_token] = int(unverified_claims(access_token).get("exp", now + 24 * 3600))


def is_revoked(access_token: str | None) -> bool:
    return bool(access_token) and any(access_token in _revoked(pool) for pool in every_user_pool())


def _access_token_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    return kwargs.get("access_token", args[0] if args else None)


def _refuse_revoked(original: Any, self: CognitoIdpBackend, *args: Any, **kwargs: Any) -> Any:
    if is_revoked(_access_token_of(args, kwargs)):
        raise NotAuthorizedError(REVOKED)
    return original(self, *args, **kwargs)


# Every operation of moto's Cognito that a user authorises with an access token.
for _operation in (
    "get_user",
    "change_password",
    "global_sign_out",
    "update_user_attributes",
    "set_user_mfa_preference",
    "associate_software_token",
    "verify_software_token",
):
    _fix.replaces(CognitoIdpBackend, _operation)(_refuse_revoked)


@_fix.replaces(CognitoIdpUserPool, "sign_out")
def sign_out(original: Any, self: CognitoIdpUserPool, username: str) -> None:
    """Global sign-out revokes the user's access tokens: remember them as revoked, not as unknown."""
    signed_out = [token for token, (_, user) in self.access_tokens.items() if user == username]
    original(self, username)
    for token in signed_out:
        remember_revoked(self, token)


install, uninstall = _fix.install, _fix.uninstall
