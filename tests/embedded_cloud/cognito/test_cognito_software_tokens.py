"""TOTP two-factor sign-in: a secret per user, codes of it checked at set-up and at sign-in, each code used once
(cognito_software_tokens). Codes are computed with RFC 6238 from the secret, as an authenticator app does."""

from __future__ import annotations

import pyotp
from embedded_cloud.moto_fixes import cognito_software_tokens

TOTP_STEP = 30


class _Totp(pyotp.TOTP):
    min_secret_length_bits = 0  # unpatched moto's secret has 56 bits: its runs still need its codes to show the defect


def _code(secret: str, steps: int = 0) -> str:
    return _Totp(secret).at(cognito_software_tokens.clock() + steps * TOTP_STEP)


def _wrong(secret: str) -> str:
    right = {_code(secret, steps) for steps in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def _set_up(pool, name: str) -> str:
    """Registers `name` with TOTP turned on; its secret."""
    pool.register(name)
    token = pool.log_in(name)["AccessToken"]
    secret = pool.cognito.associate_software_token(AccessToken=token)["SecretCode"]
    pool.cognito.verify_software_token(AccessToken=token, UserCode=_code(secret))
    pool.cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True,
                                                                                       "PreferredMfa": True})
    return secret


def _challenge(pool, name: str) -> str:
    answer = pool.cognito.initiate_auth(ClientId=pool.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                        AuthParameters={"USERNAME": name, "PASSWORD": "open-sesame-1"})
    assert answer["ChallengeName"] == "SOFTWARE_TOKEN_MFA", answer
    return answer["Session"]


def _answer(pool, name: str, session: str, code: str) -> dict:
    return pool.cognito.respond_to_auth_challenge(
        ClientId=pool.client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=session,
        ChallengeResponses={"USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": code})


def test_each_user_gets_a_secret_of_their_own(moto, platform_pool, unique_name) -> None:
    moto.expect_defect('every user gets the secret "asdfasdfasdf"', raises=AssertionError)
    secrets = set()
    for _ in range(2):
        name = unique_name("alice")
        platform_pool.register(name)
        token = platform_pool.log_in(name)["AccessToken"]
        secrets.add(platform_pool.cognito.associate_software_token(AccessToken=token)["SecretCode"])

    assert len(secrets) == 2
    assert all(len(pyotp.TOTP(s).byte_secret()) >= 16 for s in secrets)


def test_set_up_needs_a_code_of_the_secret(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("any code verifies the software token", raises=AssertionError)
    name = unique_name("alice")
    platform_pool.register(name)
    token = platform_pool.log_in(name)["AccessToken"]
    secret = platform_pool.cognito.associate_software_token(AccessToken=token)["SecretCode"]

    assert error_of(platform_pool.cognito.verify_software_token, AccessToken=token,
                    UserCode=_wrong(secret))[0] == "EnableSoftwareTokenMFAException"
    assert platform_pool.cognito.verify_software_token(AccessToken=token, UserCode=_code(secret))["Status"] \
        == "SUCCESS"


def test_sign_in_answers_the_challenge_with_a_code_once(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("any code answers the SOFTWARE_TOKEN_MFA challenge", raises=AssertionError)
    name = unique_name("alice")
    secret = _set_up(platform_pool, name)

    session = _challenge(platform_pool, name)
    assert error_of(_answer, platform_pool, name, session, _wrong(secret))[0] == "CodeMismatchException"
    code = _code(secret, 1)  # the next step's code: the one at set-up is used
    assert _answer(platform_pool, name, session, code)["AuthenticationResult"]["AccessToken"]

    assert error_of(_answer, platform_pool, name, _challenge(platform_pool, name), code)[0] \
        == "CodeMismatchException"  # a code is good for one sign-in


def test_too_many_wrong_codes_end_the_session(moto, platform_pool, unique_name, error_of) -> None:
    moto.expect_defect("wrong codes are never counted", raises=AssertionError)
    name = unique_name("alice")
    secret = _set_up(platform_pool, name)
    session = _challenge(platform_pool, name)

    for _ in range(cognito_software_tokens.MAX_WRONG):
        assert error_of(_answer, platform_pool, name, session, _wrong(secret))[0] == "CodeMismatchException"

    assert error_of(_answer, platform_pool, name, session, _code(secret, 1))[0] in ("NotAuthorizedException",
                                                                                 "ResourceNotFoundException")
