"""A user pool's CustomMessage trigger writes the code e-mails (cognito_custom_message, through
cognito_emailed_codes): the users context's CustomMessageFunction answers in the account's `locale`; a trigger
that fails fails the request and sends nothing. moto 5.2.5 keeps LambdaConfig but never calls a trigger."""

from __future__ import annotations

import io
import json
import re
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from embedded_cloud.moto_fixes import lambda_invoke
from moto.ses.models import ses_backends

sys.path.insert(0, str(Path(__file__).parents[3] / "functions" / "users"))
from users.handlers import custom_message  # noqa: E402

REGION = "us-east-1"
FAILING = "broken"


@pytest.fixture
def triggers() -> Iterator[list[dict[str, Any]]]:
    """The embedded cloud's runtime, as far as these tests need it: CustomMessageFunction's handler, or a
    function that fails; the events it was called with."""
    calls: list[dict[str, Any]] = []

    def sync(name: str, event: bytes) -> tuple[bytes, bool]:
        calls.append(json.loads(event))
        if name.endswith(FAILING):
            return json.dumps({"errorType": "KeyError", "errorMessage": "'locale'"}).encode(), True
        return json.dumps(custom_message.handler(json.loads(event), None)).encode(), False

    saved = dict(lambda_invoke._targets)
    lambda_invoke.route_to(sync, lambda name, event: None)
    yield calls
    lambda_invoke._targets.clear()
    lambda_invoke._targets.update(saved)


def _function(moto_server: Any, name: str) -> str:
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": REGION,
            "endpoint_url": moto_server.url}
    role = boto3.client("iam", **keys).create_role(RoleName=f"role-{name}", AssumeRolePolicyDocument="{}")
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    return boto3.client("lambda", **keys).create_function(
        FunctionName=name, Runtime="python3.12", Role=role["Role"]["Arn"], Handler="app.handler",
        Code={"ZipFile": code.getvalue()})["FunctionArn"]


def _with_trigger(pool: Any, function_arn: str) -> None:
    """The pool's settings (UpdateUserPool replaces them all) and a CustomMessage trigger."""
    described = pool.cognito.describe_user_pool(UserPoolId=pool.id)["UserPool"]
    kept = {k: described[k] for k in ("Policies", "VerificationMessageTemplate", "AutoVerifiedAttributes",
                                      "AccountRecoverySetting", "MfaConfiguration") if k in described}
    pool.cognito.update_user_pool(UserPoolId=pool.id, LambdaConfig={"CustomMessage": function_arn}, **kept)


def _mails_to(address: str) -> list[Any]:
    return [m for m in ses_backends["123456789012"][REGION].sent_messages
            if address in m.destinations.get("ToAddresses", [])]


def _italian(pool: Any, name: str) -> str:
    pool.register(name)
    pool.verify_email(name)
    pool.cognito.admin_update_user_attributes(UserPoolId=pool.id, Username=name,
                                              UserAttributes=[{"Name": "locale", "Value": "it"}])
    return f"{name.lower()}@example.com"


def test_the_trigger_writes_the_reset_code_e_mail_in_the_users_language(moto, moto_server, platform_pool,
                                                                        unique_name, triggers) -> None:
    moto.expect_defect("the CustomMessage trigger is never called (and no e-mail is sent)", raises=AssertionError)
    _with_trigger(platform_pool, _function(moto_server, unique_name("custom-message")))
    name = unique_name("giulia")
    address = _italian(platform_pool, name)

    platform_pool.cognito.forgot_password(ClientId=platform_pool.client_id, Username=name)

    mails = _mails_to(address)
    assert len(mails) == 1 and mails[0].subject == "EvenToNight: il codice per reimpostare la password"
    assert "Il tuo codice per reimpostare la password" in mails[0].body
    assert [(c["triggerSource"], c["userName"], c["request"]["userAttributes"]["locale"]) for c in triggers] == [
        ("CustomMessage_ForgotPassword", name, "it")]
    code = re.search(r"\b(\d{6})\b", mails[0].body).group(1)
    platform_pool.cognito.confirm_forgot_password(ClientId=platform_pool.client_id, Username=name,
                                                  ConfirmationCode=code, Password="open-sesame-2")
    assert platform_pool.log_in(name, "open-sesame-2")["AccessToken"]


def test_a_failing_trigger_fails_the_request_and_sends_nothing(moto, moto_server, platform_pool, unique_name,
                                                               error_of, triggers) -> None:
    moto.expect_defect("the CustomMessage trigger is never called: the request succeeds", raises=AssertionError)
    _with_trigger(platform_pool, _function(moto_server, unique_name("custom-message") + FAILING))
    name = unique_name("giulia")
    address = _italian(platform_pool, name)

    code, message = error_of(platform_pool.cognito.forgot_password, ClientId=platform_pool.client_id, Username=name)

    assert code == "UserLambdaValidationException" and "KeyError" in message
    assert _mails_to(address) == []


def test_a_failing_trigger_makes_no_new_code_and_the_one_sent_before_still_works(
        moto, moto_server, platform_pool, unique_name, error_of, triggers) -> None:
    moto.expect_defect("the CustomMessage trigger is never called (and no e-mail is sent)", raises=AssertionError)
    _with_trigger(platform_pool, _function(moto_server, unique_name("custom-message")))
    name = unique_name("giulia")
    address = _italian(platform_pool, name)
    platform_pool.cognito.forgot_password(ClientId=platform_pool.client_id, Username=name)
    mails = _mails_to(address)
    assert len(mails) == 1
    sent = re.search(r"\b(\d{6})\b", mails[0].body).group(1)
    _with_trigger(platform_pool, _function(moto_server, unique_name("custom-message") + FAILING))

    code, _ = error_of(platform_pool.cognito.forgot_password, ClientId=platform_pool.client_id, Username=name)

    assert code == "UserLambdaValidationException" and len(_mails_to(address)) == 1
    platform_pool.cognito.confirm_forgot_password(ClientId=platform_pool.client_id, Username=name,
                                                  ConfirmationCode=sent, Password="open-sesame-2")
    assert platform_pool.log_in(name, "open-sesame-2")["AccessToken"]


def test_a_trigger_that_is_gone_fails_the_request(moto, moto_server, platform_pool, unique_name, error_of,
                                                  triggers) -> None:
    moto.expect_defect("the CustomMessage trigger is never called: the request succeeds", raises=AssertionError)
    _with_trigger(platform_pool, f"arn:aws:lambda:{REGION}:123456789012:function:{uuid.uuid4().hex}")
    name = unique_name("giulia")
    _italian(platform_pool, name)

    code, _ = error_of(platform_pool.cognito.forgot_password, ClientId=platform_pool.client_id, Username=name)

    assert code == "UserLambdaValidationException" and triggers == []
