"""Password sign-in works only through an app client whose ExplicitAuthFlows allow it, as in Cognito.

moto 5.2.5 lets every app client sign users in with USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH, so a
template that forgets ALLOW_USER_PASSWORD_AUTH works locally and fails on AWS with InvalidParameterException
"USER_PASSWORD_AUTH flow not enabled for this client". Here those flows need their setting (or its legacy
name); a client created without ExplicitAuthFlows gets Cognito's default, which has neither. SRP, custom and
refresh flows are left as moto runs them.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool

from .cognito_fix_support import MethodFix, pool_of_client

_fix = MethodFix()
DEFAULT_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")
ENABLED_BY = {
    "USER_PASSWORD_AUTH": {"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"},
    "ADMIN_USER_PASSWORD_AUTH": {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"},
    "ADMIN_NO_SRP_AUTH": {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"},
}


def flow_enabled(pool: CognitoIdpUserPool | None, client_id: str, auth_flow: str) -> bool:
    client = pool.clients.get(client_id) if pool is not None else None
    if client is None or auth_flow not in ENABLED_BY:
        return True  # moto answers for unknown clients and for the flows left to it
    enabled = set(client.extended_config.get("ExplicitAuthFlows") or DEFAULT_FLOWS)
    return bool(enabled & ENABLED_BY[auth_flow])


@_fix.replaces(CognitoIdpBackend, "initiate_auth")
def initiate_auth(original: Any, self: CognitoIdpBackend, client_id: str, auth_flow: str,
                  *args: Any, **kwargs: Any) -> Any:
    if not flow_enabled(pool_of_client(self, client_id), client_id, auth_flow):
        raise InvalidParameterException(f"{auth_flow} flow not enabled for this client")
    return original(self, client_id, auth_flow, *args, **kwargs)


@_fix.replaces(CognitoIdpBackend, "admin_initiate_auth")
def admin_initiate_auth(original: Any, self: CognitoIdpBackend, user_pool_id: str, client_id: str,
                        auth_flow: str, *args: Any, **kwargs: Any) -> Any:
    if not flow_enabled(self.user_pools.get(user_pool_id), client_id, auth_flow):
        raise InvalidParameterException("Auth flow not enabled for this client")
    return original(self, user_pool_id, client_id, auth_flow, *args, **kwargs)


install, uninstall = _fix.install, _fix.uninstall
