"""Who is calling: Cognito access tokens verified by every function itself.

RS256 only (the algorithm is never taken from the token), against the pool's JWKS (cached, refetched once on
an unknown `kid`), with `iss`, `token_use=access`, `client_id` and expiry checked, then a revocation check:
logout revokes one session (`origin_jti`), password change and account deletion revoke all of a user's
tokens issued before that moment. One BatchGetItem answers both, and may carry a handler's own first read
(`reads`: one AWS call instead of two; the revocation answer is still read fresh on every request and decides
before anything read with it is used).

A worker keeps the claims of the tokens whose signature and claims it has verified (~0.2 ms of RSA and PyJWT a
request): a token's signature and `iss`/`iat`/`token_use` cannot change, so only its expiry is checked again.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from .aws import client, endpoint_for, region
from .errors import EmailNotVerified, Forbidden, ServiceUnavailable, TwoFactorRequired, Unauthorized

ROLES = ("member", "organization")
VERIFIED = "verified"  # the Cognito group of accounts whose e-mail address is verified (users context)
TWO_FACTOR = "two-factor"  # the Cognito group of accounts that sign in with two factors (users context)
VERIFIED_TOKENS_KEPT = 256  # a worker sees a few users' tokens at a time; the oldest is forgotten first


class KeyedReads(Protocol):
    """Keys of one table to read in the revocation check's BatchGetItem (kernel.table.BatchRead)."""

    table: str

    def request(self, caller_id: str) -> dict[str, Any]: ...

    def take(self, items: list[dict[str, Any]]) -> None: ...

    def fetch(self, caller_id: str) -> None: ...


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: str | None
    username: str
    session_id: str  # origin_jti: one login, shared by the tokens refreshed from it
    expires_at: int
    email_verified: bool = False  # as when the token was issued: a verified user refreshes to show it
    two_factor: bool = False  # likewise: two-factor sign-in was on when the token was issued

    def require_two_factor(self, to: str) -> None:
        if not self.two_factor:
            raise TwoFactorRequired(f"Turn on two-factor sign-in in your settings to {to}")

    def require_verified_email(self, to: str) -> None:
        if not self.email_verified:
            raise EmailNotVerified(f"Verify your e-mail address to {to}; a new code can be sent from your settings")

    def require_role(self, role: str) -> None:
        if self.role != role:
            raise Forbidden(f"Only an {role} can do this" if role[0] in "aeiou" else f"Only a {role} can do this")

    def require_self(self, user_id: str) -> None:
        if self.user_id != user_id:
            raise Forbidden("You can only act on your own account")


class TokenVerifier:
    def __init__(self, user_pool_id: str, client_id: str, revoked_table: str | None) -> None:
        import jwt

        self.issuer = f"https://cognito-idp.{region()}.amazonaws.com/{user_pool_id}"
        base = endpoint_for("COGNITO_IDP", f"https://cognito-idp.{region()}.amazonaws.com")
        # 3 s: a function times out at 10 s, and an unreachable identity provider must be a 503, not a 504
        self.jwks = jwt.PyJWKClient(f"{base}/{user_pool_id}/.well-known/jwks.json", cache_keys=True,
                                    lifespan=3600, timeout=3)
        self.client_id = client_id
        self.revoked_table = revoked_table
        self._verified: dict[str, dict[str, Any]] = {}  # token -> its claims, once its signature held

    def verify(self, token: str, reads: KeyedReads | None = None) -> Caller:
        """The caller of a valid, unrevoked access token (401 otherwise); `reads` are read along with the
        revocation check (only once the token's signature and claims hold: nothing is read for a bad token)."""
        claims = self._claims(token)
        if claims.get("token_use") != "access" or claims.get("client_id") != self.client_id:
            raise Unauthorized("Not an access token of this application")
        if self._revoked(claims, reads):
            raise Unauthorized("The token has been revoked")
        groups = claims.get("cognito:groups") or []
        role = next((r for r in ROLES[::-1] if r in groups), None)
        return Caller(user_id=claims["sub"], role=role, username=claims.get("username", ""),
                      session_id=claims.get("origin_jti", claims["jti"]), expires_at=int(claims["exp"]),
                      email_verified=VERIFIED in groups, two_factor=TWO_FACTOR in groups)

    def _claims(self, token: str) -> dict[str, Any]:
        claims = self._verified.pop(token, None)
        if claims is None or int(claims["exp"]) <= time.time():  # PyJWT's own test of `exp` (no leeway)
            claims = self._decoded(token)
            if len(self._verified) >= VERIFIED_TOKENS_KEPT:
                del self._verified[next(iter(self._verified))]
        self._verified[token] = claims  # the most recently used last
        return claims

    def _decoded(self, token: str) -> dict[str, Any]:
        import jwt

        try:
            kid = jwt.get_unverified_header(token).get("kid")
            if not kid:
                raise Unauthorized("The token names no signing key")
            key = self.jwks.get_signing_key(kid)
            return jwt.decode(token, key.key, algorithms=["RS256"], issuer=self.issuer,
                              options={"require": ["exp", "iat", "sub", "jti", "token_use"]})
        except jwt.PyJWKClientConnectionError as error:
            raise ServiceUnavailable("The identity provider's keys could not be fetched") from error
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthorized("The token is not valid") from error

    def _revoked(self, claims: dict[str, Any], reads: KeyedReads | None = None) -> bool:
        if not self.revoked_table:
            if reads is not None:
                reads.fetch(claims["sub"])
            return False
        keys = [{"id": {"S": f"session#{claims.get('origin_jti', claims['jti'])}"}},
                {"id": {"S": f"user#{claims['sub']}"}}]
        request: dict[str, Any] = {self.revoked_table: {"Keys": keys}}
        if reads is not None:
            if reads.table == self.revoked_table:
                raise ValueError("the revocation table's items are not read along with the check")
            request[reads.table] = reads.request(claims["sub"])
        found = client("dynamodb").batch_get_item(RequestItems=request)
        if found.get("UnprocessedKeys"):  # a throttled read says nothing: fail closed (the caller's keys too)
            raise ServiceUnavailable("The session could not be checked; try again")
        if reads is not None:
            reads.take(found["Responses"].get(reads.table, []))
        for item in found["Responses"].get(self.revoked_table, []):
            if item["id"]["S"].startswith("session#"):
                return True
            if int(item["revokedBefore"]["N"]) >= int(claims["iat"]):
                return True
        return False


@cache
def verifier() -> TokenVerifier:
    return TokenVerifier(os.environ["USER_POOL_ID"], os.environ["USER_POOL_CLIENT_ID"],
                         os.environ.get("REVOKED_TOKENS_TABLE"))


def bearer_token(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization") or headers.get("Authorization")
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization must be 'Bearer <access token>'")
    return token.strip()


def caller_from(headers: dict[str, str], reads: KeyedReads | None = None) -> Caller:
    token = bearer_token(headers)
    if token is None:
        raise Unauthorized("Authentication required")
    return verifier().verify(token, reads)


def optional_caller_from(headers: dict[str, str]) -> Caller | None:
    return caller_from(headers) if bearer_token(headers) else None
