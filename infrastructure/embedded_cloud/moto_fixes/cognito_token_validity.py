"""Access and ID tokens live as long as the app client says (AccessTokenValidity / IdTokenValidity in the units of
TokenValidityUnits, hours by default), as Cognito's do.

moto 5.2.5 signs every access and ID token for 3600 seconds whatever the client's settings. The platform's
template makes the access-token lifetime a parameter, and the tests of what happens when a token expires run a
cloud whose tokens live seconds.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpUserPool

from .cognito_fix_support import MethodFix

_fix = MethodFix()
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_SETTING = {"access": ("AccessTokenValidity", "AccessToken"), "id": ("IdTokenValidity", "IdToken")}


def lifetime(client_config: dict[str, Any], token_use: str) -> int | None:
    """Seconds a token of this kind lives for the client, or None where the client leaves it at the default."""
    if token_use not in _SETTING:
        return None
    setting, unit_key = _SETTING[token_use]
    value = client_config.get(setting)
    if value is None:
        return None
    unit = (client_config.get("TokenValidityUnits") or {}).get(unit_key, "hours")
    return int(value) * _SECONDS[unit]


@_fix.replaces(CognitoIdpUserPool, "create_jwt")
def create_jwt(original: Any, self: CognitoIdpUserPool, client_id: str, username: str, token_use: str,
               expires_in: int = 60 * 60, extra_data: dict[str, Any] | None = None) -> Any:
    client = self.clients.get(client_id)
    configured = lifetime(client.extended_config, token_use) if client is not None else None
    return original(self, client_id, username, token_use, configured or expires_in, extra_data)


install, uninstall = _fix.install, _fix.uninstall
