"""Codes Cognito e-mails: random, e-mailed through SES, checked, single-use, expiring (cognito_emailed_codes)."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError
from embedded_cloud.moto_fixes import cognito_emailed_codes
from moto.ses.models import ses_backends

MISMATCH = "CodeMismatchException"
EXPIRED = "ExpiredCodeException"
NEW_PASSWORD = "open-sesame-2"


def _code_mailed_to(address: str) -> str:
    """The code of the latest e-mail SES holds for `address`."""
    messages = [m for m in ses_backends["123456789012"]["us-east-1"].sent_messages
                if address in m.destinations.get("ToAddresses", [])]
    assert messages, f"no e-mail to {address}"
    return re.search(r"\b(\d{6})\b", messages[-1].body).group(1)


def _verified(pool, name: str) -> str:
    pool.register(name)
    pool.verify_email(name)
    return f"{name.lower()}@example.com"


def _forgot(pool, name: str) -> None:
    pool.cognito.forgot_password(ClientId=pool.client_id, Username=name)


def _asked_reset(pool, name: str) -> str:
    """A verified account that asked for a password reset; its address (where the code goes)."""
    address = _verified(pool, name)
    _forgot(pool, name)
    return address


def _reset(pool, name: str, code: str, password: str = NEW_PASSWORD) -> None:
    pool.cognito.confirm_forgot_password(ClientId=pool.client_id, Username=name, ConfirmationCode=code,
                                         Password=password)


def test_a_reset_code_is_mailed_and_resets_the_password_once(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("no e-mail is sent, the code comes back in a response header", raises=AssertionError)
    name = unique_name("alice")
    address = _asked_reset(platform_pool, name)

    code = _code_mailed_to(address)
    _reset(platform_pool, name, code)

    assert platform_pool.log_in(name, NEW_PASSWORD)["AccessToken"]
    assert error_of(_reset, platform_pool, name, code, "open-sesame-3")[0] == EXPIRED


def test_any_other_code_is_refused(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("any code not starting with moto-confirmation-code: resets the password",
                       raises=pytest.fail.Exception)
    name = unique_name("alice")
    _asked_reset(platform_pool, name)

    with pytest.raises(ClientError) as refused:
        _reset(platform_pool, name, "000000x")

    assert refused.value.response["Error"]["Code"] == MISMATCH
    assert platform_pool.log_in(name)["AccessToken"]  # the old password still works


def test_a_reset_code_expires_after_an_hour(moto, platform_pool, unique_name, error_of, monkeypatch) -> None:
    moto.expect_defect("codes never expire", raises=AssertionError)
    name = unique_name("alice")
    address = _asked_reset(platform_pool, name)
    code = _code_mailed_to(address)
    now = cognito_emailed_codes.clock()
    monkeypatch.setattr(cognito_emailed_codes, "clock", lambda: now + 3601)

    assert error_of(_reset, platform_pool, name, code)[0] == EXPIRED


def test_a_newer_code_replaces_the_older(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("no e-mail is sent", raises=AssertionError)
    name = unique_name("alice")
    address = _asked_reset(platform_pool, name)
    first = _code_mailed_to(address)
    _forgot(platform_pool, name)
    second = _code_mailed_to(address)

    if first != second:  # one in a million they are the same
        assert error_of(_reset, platform_pool, name, first)[0] == MISMATCH
    _reset(platform_pool, name, second)
    assert platform_pool.log_in(name, NEW_PASSWORD)["AccessToken"]


def test_wrong_tries_are_limited(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("no e-mail is sent", raises=AssertionError)
    name = unique_name("alice")
    address = _asked_reset(platform_pool, name)
    code = _code_mailed_to(address)
    wrong = "999999" if code != "999999" else "111111"

    for _ in range(cognito_emailed_codes.MAX_WRONG):
        assert error_of(_reset, platform_pool, name, wrong)[0] == MISMATCH
    assert error_of(_reset, platform_pool, name, code)[0] == EXPIRED  # gone with the last wrong try


def test_the_new_password_must_meet_the_policy(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("ConfirmForgotPassword sets any password", raises=AssertionError)
    name = unique_name("alice")
    address = _asked_reset(platform_pool, name)
    code = _code_mailed_to(address) if moto.patched else "123456"

    assert error_of(_reset, platform_pool, name, code, "short")[0] in ("InvalidPasswordException",
                                                                      "InvalidParameterException")


def test_an_unverified_address_gets_no_reset_code(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("a reset code is made for an unverified address", raises=AssertionError)
    name = unique_name("alice")
    platform_pool.register(name)

    code, _ = error_of(platform_pool.cognito.forgot_password, ClientId=platform_pool.client_id, Username=name)

    assert code == "InvalidParameterException"


def test_no_account_answers_as_if_a_code_went_out(moto, platform_pool, unique_name) -> None:
    answer = platform_pool.cognito.forgot_password(ClientId=platform_pool.client_id, Username=unique_name("nobody"))

    assert answer["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"


def test_an_address_is_verified_with_the_mailed_code(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("GetUserAttributeVerificationCode is not implemented", raises=ClientError)
    name = unique_name("alice")
    platform_pool.register(name)
    token = platform_pool.log_in(name)["AccessToken"]

    platform_pool.cognito.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    code = _code_mailed_to(f"{name.lower()}@example.com")
    wrong = "999999" if code != "999999" else "111111"
    assert error_of(platform_pool.cognito.verify_user_attribute, AccessToken=token, AttributeName="email",
                    Code=wrong)[0] == MISMATCH
    assert platform_pool.attributes(name).get("email_verified") != "true"
    platform_pool.cognito.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)

    assert platform_pool.attributes(name)["email_verified"] == "true"
    assert error_of(platform_pool.cognito.verify_user_attribute, AccessToken=token, AttributeName="email",
                    Code=code)[0] == EXPIRED
