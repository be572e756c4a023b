"""SignUp refuses a user without the attributes the pool's schema requires, as Cognito does.

moto 5.2.5 stores the pool's schema but never checks it: a pool declaring `email` Required signs up users with
no e-mail at all. Cognito answers InvalidParameterException "Attributes did not conform to the schema: email:
The attribute is required". Only SignUp checks: an administrator may create a user without them
(AdminCreateUser), as Cognito allows. An empty value counts as missing.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool
from moto.cognitoidp.utils import flatten_attrs

from .cognito_fix_support import MethodFix, pool_of_client

_fix = MethodFix()


def missing_required(pool: CognitoIdpUserPool, attributes: list[dict[str, str]]) -> list[str]:
    given = {name for name, value in flatten_attrs(attributes or []).items() if value}
    # With UsernameAttributes the username itself fills in the e-mail or phone number.
    given |= set(pool.extended_config.get("UsernameAttributes") or [])
    return [attribute.name for attribute in pool.schema_attributes.values()
            if attribute.required and attribute.name != "sub" and attribute.name not in given]


@_fix.replaces(CognitoIdpBackend, "sign_up")
def sign_up(original: Any, self: CognitoIdpBackend, client_id: str, username: str, password: str,
            attributes: list[dict[str, str]]) -> Any:
    pool = pool_of_client(self, client_id)
    missing = missing_required(pool, attributes) if pool is not None else []
    if missing:
        raise InvalidParameterException("Attributes did not conform to the schema: " + "\n".join(
            f"{name}: The attribute is required" for name in missing))
    return original(self, client_id, username, password, attributes)


install, uninstall = _fix.install, _fix.uninstall
