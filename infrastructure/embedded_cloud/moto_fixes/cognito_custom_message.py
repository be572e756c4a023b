"""A user pool's CustomMessage trigger, called as Cognito calls it before it e-mails a code.

moto 5.2.5 keeps a pool's LambdaConfig but calls no trigger. Used by cognito_emailed_codes, which sends the codes:
with a CustomMessage trigger the e-mail carries the subject and message the function answers; as in Cognito, an
answer without the code parameter (or none) leaves the pool's own text, and a trigger that fails or cannot be
called fails the request (UserLambdaValidationException) - no e-mail goes out in another language.
"""

from __future__ import annotations

import json
from typing import Any

from moto.cognitoidp.models import CognitoIdpUser, CognitoIdpUserPool
from moto.core.exceptions import JsonRESTError

CODE_PARAMETER = "{####}"


class UserLambdaValidationException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("UserLambdaValidationException", message)


def _event(pool: CognitoIdpUserPool, user: CognitoIdpUser, trigger: str) -> dict[str, Any]:
    return {"version": "1", "triggerSource": trigger, "region": pool.arn.split(":")[3], "userPoolId": pool.id,
            "userName": user.username, "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": None},
            "request": {"userAttributes": dict(user.attribute_lookup), "codeParameter": CODE_PARAMETER,
                        "linkParameter": "{##Click Here##}", "usernameParameter": None},
            "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None}}


def _answer(function_arn: str, event: dict[str, Any]) -> dict[str, Any]:
    from moto.awslambda.models import lambda_backends

    from .lambda_invoke import invoke

    account, region, name = function_arn.split(":")[4], function_arn.split(":")[3], function_arn.split(":")[6]
    try:
        lambda_backends[account][region].get_function(name)
    except Exception as error:  # moto's own "not found"
        raise UserLambdaValidationException(f"CustomMessage failed: no function {name}.") from error
    payload, errored = invoke(name, json.dumps(event).encode())
    try:
        answer = json.loads(payload or b"null")
    except ValueError:
        answer = None
    if errored or not isinstance(answer, dict):
        error = payload[:200].decode(errors="replace")
        raise UserLambdaValidationException(f"CustomMessage failed with error {error}.")
    return answer


def custom_message(pool: CognitoIdpUserPool, user: CognitoIdpUser, trigger: str, subject: str,
                   message: str) -> tuple[str, str]:
    """(subject, message) of a code e-mail: the trigger's if the pool has one that answers with the code
    parameter, else the given ones. `{####}` stands for the code in both."""
    function_arn = (pool.extended_config.get("LambdaConfig") or {}).get("CustomMessage")
    if not function_arn:
        return subject, message
    response = _answer(function_arn, _event(pool, user, trigger)).get("response") or {}
    if CODE_PARAMETER not in str(response.get("emailMessage") or ""):
        return subject, message
    return str(response.get("emailSubject") or subject), str(response["emailMessage"])
