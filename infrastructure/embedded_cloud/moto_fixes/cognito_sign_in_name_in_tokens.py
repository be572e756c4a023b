"""Tokens name the user by its stored username, whatever name the user signed in with, as Cognito's do.

moto 5.2.5 signs a user in under the name the client typed: the access token's `username` and the ID token's
`cognito:username` repeat it, and moto files the refresh and access tokens under it. With the other
name-resolution fixes a user `alice` can sign in as `ALICE` (`cognito_case_insensitive_usernames`) or with an
e-mail alias (`cognito_email_alias_sign_in`); Cognito's tokens then still say `alice`, and a later sign-out or
deletion of the user reaches them. So InitiateAuth and AdminInitiateAuth go on with the stored username once
the typed name has found the user; AdminUserGlobalSignOut, which moto runs with the name it is given, signs
out the stored username of the user that name finds. Pools whose usernames are e-mail addresses or phone
numbers (UsernameAttributes) keep moto's behaviour, which already names those users by `sub`.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool

from .cognito_fix_support import MethodFix, pool_of_client

_fix = MethodFix()
FLOWS_WITH_A_PASSWORD = {"USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"}


def with_stored_username(pool: CognitoIdpUserPool | None, auth_flow: str,
                         parameters: dict[str, str] | None) -> dict[str, str] | None:
    # SRP and custom flows hash or hand back the typed name: moto checks them against it, so leave those.
    if pool is None or auth_flow not in FLOWS_WITH_A_PASSWORD or not parameters or "USERNAME" not in parameters:
        return parameters
    if pool.extended_config.get("UsernameAttributes"):
        return parameters
    user = pool._get_user(parameters["USERNAME"])
    return parameters if user is None else {**parameters, "USERNAME": user.username}


@_fix.replaces(CognitoIdpBackend, "initiate_auth")
def initiate_auth(original: Any, self: CognitoIdpBackend, client_id: str, auth_flow: str,
                  auth_parameters: dict[str, str]) -> Any:
    parameters = with_stored_username(pool_of_client(self, client_id), auth_flow, auth_parameters)
    return original(self, client_id, auth_flow, parameters)


@_fix.replaces(CognitoIdpBackend, "admin_initiate_auth")
def admin_initiate_auth(original: Any, self: CognitoIdpBackend, user_pool_id: str, client_id: str,
                        auth_flow: str, auth_parameters: dict[str, str]) -> Any:
    parameters = with_stored_username(self.user_pools.get(user_pool_id), auth_flow, auth_parameters)
    return original(self, user_pool_id, client_id, auth_flow, parameters)


@_fix.replaces(CognitoIdpBackend, "admin_user_global_sign_out")
def admin_user_global_sign_out(original: Any, self: CognitoIdpBackend, user_pool_id: str, username: str) -> None:
    original(self, user_pool_id, self.admin_get_user(user_pool_id, username).username)


install, uninstall = _fix.install, _fix.uninstall
