"""An app client with `PreventUserExistenceErrors: ENABLED` does not tell who has an account, as in Cognito.

moto 5.2.5 ignores the setting: signing in as someone who has no account answers UserNotFoundException, so a
login form can be used to probe for accounts. With the setting ENABLED, Cognito answers a sign-in of an
unknown user (InitiateAuth, AdminInitiateAuth) exactly as a wrong password: NotAuthorizedException "Incorrect
username or password.". Clients with LEGACY (the API's default) keep UserNotFoundException.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.exceptions import NotAuthorizedError, UserNotFoundError
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool

from .cognito_fix_support import MethodFix, pool_of_client

_fix = MethodFix()
WRONG_CREDENTIALS = "Incorrect username or password."


def hides_users(pool: CognitoIdpUserPool | None, client_id: str) -> bool:
    client = pool.clients.get(client_id) if pool is not None else None
    return client is not None and client.extended_config.get("PreventUserExistenceErrors") == "ENABLED"


@_fix.replaces(CognitoIdpBackend, "initiate_auth")
def initiate_auth(original: Any, self: CognitoIdpBackend, client_id: str, *args: Any, **kwargs: Any) -> Any:
    try:
        return original(self, client_id, *args, **kwargs)
    except UserNotFoundError:
        if hides_users(pool_of_client(self, client_id), client_id):
            raise NotAuthorizedError(WRONG_CREDENTIALS) from None
        raise


@_fix.replaces(CognitoIdpBackend, "admin_initiate_auth")
def admin_initiate_auth(original: Any, self: CognitoIdpBackend, user_pool_id: str, client_id: str,
                        *args: Any, **kwargs: Any) -> Any:
    try:
        return original(self, user_pool_id, client_id, *args, **kwargs)
    except UserNotFoundError:
        if hides_users(self.user_pools.get(user_pool_id), client_id):
            raise NotAuthorizedError(WRONG_CREDENTIALS) from None
        raise


install, uninstall = _fix.install, _fix.uninstall
