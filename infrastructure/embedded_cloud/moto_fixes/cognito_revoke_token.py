"""RevokeToken, which moto 5.2.5 lacks (it answers HTTP 500), as Cognito documents it.

Revoking a refresh token ends that one login: the refresh token no longer refreshes (NotAuthorizedException
"Refresh Token has been revoked") and every access and ID token issued from it, the ones that share its
`origin_jti`, is revoked (GetUser answers "Access Token has been revoked" with `cognito_revoked_access_tokens`).
The user's other logins keep working. Refused: an access or ID token (UnsupportedTokenTypeException), a refresh
token of another app client, an unknown client or a wrong client secret (UnauthorizedException), a client
without EnableTokenRevocation (UnsupportedOperationException). Revoking a revoked token again succeeds; so does
a token Cognito never issued, which changes nothing (as at an OAuth revocation endpoint, RFC 7009 §2.2).
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import EmptyResult

from .cognito_fix_support import MethodFix, every_user_pool, pool_of_client, unverified_claims
from .cognito_revoked_access_tokens import remember_revoked

_fix = MethodFix()


class UnauthorizedException(JsonRESTError):
    code = 401

    def __init__(self, message: str) -> None:
        super().__init__("UnauthorizedException", message)


class UnsupportedTokenTypeException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("UnsupportedTokenTypeException", "Unsupported token type: only a refresh token can be revoked")


class UnsupportedOperationException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("UnsupportedOperationException", "Token revocation is not enabled for this app client")


def revoke_token(backend: CognitoIdpBackend, token: str, client_id: str, client_secret: str | None) -> None:
    pool = pool_of_client(backend, client_id)
    if pool is None:
        raise UnauthorizedException(f"Unknown app client {client_id}")
    client = pool.clients[client_id]
    if client.generate_secret and client_secret != client.secret:
        raise UnauthorizedException("The client secret does not match the app client")
    if not client.extended_config.get("EnableTokenRevocation", True):
        raise UnsupportedOperationException()
    if unverified_claims(token):  # access and ID tokens are JWTs; moto's refresh tokens are not
        raise UnsupportedTokenTypeException()
    if token not in pool.refresh_tokens:
        if any(token in other.refresh_tokens for other in every_user_pool()):
            raise UnauthorizedException("The refresh token was not issued to this app client")
        return
    issued = pool.refresh_tokens[token]  # (client id, username, origin_jti), None once revoked
    if issued is None:
        return
    issued_to, _, origin_jti = issued
    if issued_to != client_id:
        raise UnauthorizedException("The refresh token was not issued to this app client")
    pool.refresh_tokens[token] = None  # moto's REFRESH_TOKEN_AUTH answers "Refresh Token has been revoked"
    revoke_tokens_issued_from(pool, origin_jti)


def revoke_tokens_issued_from(pool: CognitoIdpUserPool, origin_jti: str) -> None:
    for access_token in [t for t in pool.access_tokens if unverified_claims(t).get("origin_jti") == origin_jti]:
        del pool.access_tokens[access_token]
        remember_revoked(pool, access_token)
    for id_token in [t for t in pool.id_tokens if unverified_claims(t).get("origin_jti") == origin_jti]:
        del pool.id_tokens[id_token]


@_fix.replaces(CognitoIdpResponse, "revoke_token")
def revoke_token_action(original: Any, self: CognitoIdpResponse) -> EmptyResult:
    client_id = self._get_param("ClientId")
    # RevokeToken is unsigned, so the request names no region: find the client's region as moto does.
    backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
    revoke_token(backend, self._get_param("Token"), client_id, self._get_param("ClientSecret"))
    return EmptyResult()


install, uninstall = _fix.install, _fix.uninstall
