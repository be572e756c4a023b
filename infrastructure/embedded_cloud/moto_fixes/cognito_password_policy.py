"""Passwords are checked against the pool's policy as Cognito reads it, and refused with Cognito's reasons.

moto 5.2.5 refuses every weak password with "The provided password does not confirm to the configured
password policy", which tells a user nothing, while Cognito names the rule: "Password did not conform with
policy: Password must have symbol characters". moto also reads a rule the policy leaves out as required
(Cognito stores it as false: `PasswordPolicy: {MinimumLength: 8}` requires nothing else) and refuses
passwords of 99 characters or more (Cognito takes up to 256). A pool created without a password policy gets
Cognito's default, as in moto: 8 characters with upper and lower case letters, a number and a symbol.
Used by SignUp, ChangePassword, AdminSetUserPassword and every other operation that sets a password.
"""

from __future__ import annotations

import re
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import DEFAULT_USER_POOL_CONFIG, CognitoIdpBackend
from moto.core.exceptions import JsonRESTError

from .cognito_fix_support import MethodFix

_fix = MethodFix()
MAXIMUM_LENGTH = 256
# Cognito's special characters; a space counts too, unless it leads or trails (those are refused anyway).
SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "
RULES = (
    ("RequireUppercase", lambda p: re.search("[A-Z]", p) is not None, "Password must have uppercase characters"),
    ("RequireLowercase", lambda p: re.search("[a-z]", p) is not None, "Password must have lowercase characters"),
    ("RequireNumbers", lambda p: re.search("[0-9]", p) is not None, "Password must have numeric characters"),
    ("RequireSymbols", lambda p: any(c in SYMBOLS for c in p), "Password must have symbol characters"),
)


class InvalidPasswordException(JsonRESTError):
    def __init__(self, reason: str) -> None:
        super().__init__("InvalidPasswordException", f"Password did not conform with policy: {reason}")


def password_policy(backend: CognitoIdpBackend, user_pool_id: str) -> dict[str, Any]:
    policies = backend.describe_user_pool(user_pool_id).extended_config.get("Policies") or {}
    if "PasswordPolicy" not in policies:
        return DEFAULT_USER_POOL_CONFIG["Policies"]["PasswordPolicy"]  # type: ignore[no-any-return]
    return policies["PasswordPolicy"] or {}


@_fix.replaces(CognitoIdpBackend, "_validate_password")
def _validate_password(original: Any, self: CognitoIdpBackend, user_pool_id: str, password: str) -> None:
    policy = password_policy(self, user_pool_id)
    if len(password) > MAXIMUM_LENGTH:
        raise InvalidParameterException(
            "1 validation error detected: Value at 'password' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAXIMUM_LENGTH}")
    if len(password) < int(policy.get("MinimumLength", 8)):
        raise InvalidPasswordException("Password not long enough")
    for setting, satisfied, reason in RULES:
        if policy.get(setting) is True and not satisfied(password):
            raise InvalidPasswordException(reason)


install, uninstall = _fix.install, _fix.uninstall
