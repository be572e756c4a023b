"""A backup-code login never weakens the account at Cognito: between every two calls the login makes to Cognito,
a login with the password alone is tried, and it never gets tokens (the login used to switch two-factor sign-in
off for an instant, and such a login got through). In-process moto with the embedded cloud's TOTP fix: a secret
per user, codes checked, each step's code taken once; the clocks stand still during a test."""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from kernel.aws import client, region
from kernel.errors import TooManyRequests, Unauthorized
from support.context_tables import context_table
from users import authenticator, backup_codes, identity
from users.handlers import log_in_with_backup_code as backup_login
from users.handlers.log_in_with_backup_code import log_in

NAME, PASSWORD = "ada", "open-Sesame-1!"
FIX = "embedded_cloud.moto_fixes.cognito_software_tokens"


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A pool as the platform's (optional TOTP, password sign-in) holding NAME, and the users table."""
    with context_table("users") as table:
        monkeypatch.setenv("TABLE_NAME", table)
        fix = importlib.import_module(FIX)
        fix.install()
        now = time.time()  # Cognito's codes and the login's are dated alike, and no step passes during a test
        monkeypatch.setattr(fix, "clock", lambda: now)
        monkeypatch.setattr(backup_login, "clock", lambda: now)
        try:
            idp = boto3.client("cognito-idp", region_name=region())
            pool_id = idp.create_user_pool(PoolName="users", MfaConfiguration="OPTIONAL")["UserPool"]["Id"]
            client_id = idp.create_user_pool_client(
                UserPoolId=pool_id, ClientName="spa", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH",
                                                                         "ALLOW_REFRESH_TOKEN_AUTH"],
            )["UserPoolClient"]["ClientId"]
            monkeypatch.setenv("USER_POOL_ID", pool_id)
            monkeypatch.setenv("USER_POOL_CLIENT_ID", client_id)
            idp.admin_create_user(UserPoolId=pool_id, Username=NAME, MessageAction="SUPPRESS")
            idp.admin_set_user_password(UserPoolId=pool_id, Username=NAME, Password=PASSWORD, Permanent=True)
            yield idp
        finally:
            fix.uninstall()


def _password_only(idp: Any) -> bool:
    """Whether a login with the password alone gets tokens now (from a client of its own)."""
    answer = idp.initiate_auth(ClientId=identity._client_id(), AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": NAME, "PASSWORD": PASSWORD})
    return "AuthenticationResult" in answer


def _turn_on(idp: Any, keep_secret: bool = True) -> tuple[str, list[str], str]:
    """Two-factor sign-in on, as the set-up routes leave it: (the user's id, backup codes, secret)."""
    tokens = identity.log_in(NAME, PASSWORD)
    user_id = identity.account_status(NAME)[0]  # type: ignore[index]
    secret = identity.start_totp(tokens.access_token)
    if keep_secret:
        authenticator.keep_pending(user_id, secret)
    identity.confirm_totp(tokens.access_token, authenticator.code_at(secret, backup_login.clock()))
    authenticator.confirm(user_id)
    return user_id, backup_codes.issue(user_id), secret


def test_a_password_alone_never_signs_in_while_a_backup_code_login_runs(pool: Any) -> None:
    user_id, codes, _ = _turn_on(pool)
    probes: list[bool] = []

    def probe(**_: Any) -> None:  # before each of the login's calls to Cognito
        probes.append(_password_only(pool))

    cognito = client("cognito-idp")
    cognito.meta.events.register("before-call.cognito-idp", probe)
    try:
        tokens = log_in(NAME, PASSWORD, codes[0])
    finally:
        cognito.meta.events.unregister("before-call.cognito-idp", probe)
    probes.append(_password_only(pool))

    assert tokens.access_token and len(probes) >= 3
    assert not any(probes), probes  # each password-only login was asked for a code
    assert backup_codes.remaining(user_id) == len(codes) - 1


def test_when_cognito_takes_neither_code_now_the_backup_code_is_given_back_until_the_next_step(
        pool: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    user_id, codes, secret = _turn_on(pool)  # the set-up took this step's code
    with pytest.raises(identity.SecondStepNeeded) as second:
        identity.log_in(NAME, PASSWORD)
    identity.answer_code(NAME, second.value.session,  # and the next
                         authenticator.code_at(secret, backup_login.clock() + 30))

    with pytest.raises(TooManyRequests):
        log_in(NAME, PASSWORD, codes[0])
    assert backup_codes.remaining(user_id) == len(codes)
    later = backup_login.clock() + 60
    monkeypatch.setattr(importlib.import_module(FIX), "clock", lambda: later)
    monkeypatch.setattr(backup_login, "clock", lambda: later)
    assert log_in(NAME, PASSWORD, codes[0]).access_token
    with pytest.raises(Unauthorized):
        log_in(NAME, PASSWORD, codes[0])  # used up


def test_without_a_kept_secret_a_backup_code_signs_nobody_in_and_stays_good(pool: Any) -> None:
    user_id, codes, _ = _turn_on(pool, keep_secret=False)

    with pytest.raises(Unauthorized):
        log_in(NAME, PASSWORD, codes[0])
    assert backup_codes.remaining(user_id) == len(codes)
    assert not _password_only(pool)
