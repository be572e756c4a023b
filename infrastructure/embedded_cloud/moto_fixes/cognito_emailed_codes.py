"""Codes Cognito e-mails (password reset, e-mail verification), as Cognito makes, sends and checks them.

moto 5.2.5 sends no mail: ForgotPassword hands its code back in a moto-only response header, and
ConfirmForgotPassword takes any code that does not start with "moto-confirmation-code:" (so "123456" resets
anyone's password). GetUserAttributeVerificationCode and VerifyUserAttribute are missing (HTTP 500).

Here, as in Cognito: each code is 6 random digits, e-mailed to the user's address (through SES, into the
embedded cloud's mailbox) with the text of the pool's CustomMessage trigger if it has one
(cognito_custom_message), else its VerificationMessageTemplate (`{####}` stands for the code); it
expires (a reset code after an hour, a verification code after a day), is single-use, and a newer code of the
same kind replaces the older once it is sent (a failing CustomMessage trigger fails the request and leaves it).
A wrong code answers CodeMismatchException; after MAX_WRONG wrong tries the code is gone. An expired, used or
replaced code answers ExpiredCodeException. ForgotPassword needs a verified address (InvalidParameterException
otherwise); for someone without an account, a client with PreventUserExistenceErrors answers as if a code had
gone out, and ConfirmForgotPassword answers CodeMismatchException.
VerifyUserAttribute sets `email_verified`. `clock` is the time codes are dated with (tests move it).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException, NotAuthorizedError, ResourceNotFoundError
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUser,
    CognitoIdpUserPool,
    UserStatus,
    cognitoidp_backends,
    find_account_region_by_value,
)
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult

from .cognito_custom_message import custom_message
from .cognito_fix_support import MethodFix, pool_of_client
from .cognito_prevent_user_existence_errors import hides_users

_fix = MethodFix()
clock = time.time
RESET, VERIFY = "reset", "verify"
LIFETIME = {RESET: 3600, VERIFY: 24 * 3600}
MAX_WRONG = 5
DEFAULT_SENDER = "no-reply@verificationemail.com"  # Cognito's own address, with EmailSendingAccount COGNITO_DEFAULT
DEFAULT_SUBJECT = "Your verification code"
DEFAULT_MESSAGE = "Your verification code is {####}."


class CodeMismatchException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("CodeMismatchException", "Invalid verification code provided, please try again.")


class ExpiredCodeException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("ExpiredCodeException", "Invalid code provided, please request a code again.")


@dataclass
class Code:
    value: str
    expires_at: float
    wrong: int = 0


def _codes(pool: CognitoIdpUserPool) -> dict[tuple[str, str], Code]:
    if not hasattr(pool, "emailed_codes"):
        pool.emailed_codes = {}
    return pool.emailed_codes  # type: ignore[no-any-return]




def _check_code(pool: CognitoIdpUserPool, kind: str, user: CognitoIdpUser, given: str) -> None:
    """The code is right and fresh (and from now on used), or CodeMismatch / ExpiredCode."""
    codes = _codes(pool)
    code = codes.get((kind, user.id))
    if code is None or code.expires_at <= clock():
        codes.pop((kind, user.id), None)
        raise ExpiredCodeException()
    if not secrets.compare_digest(code.value, str(given or "")):
        code.wrong += 1
        if code.wrong >= MAX_WRONG:
            del codes[(kind, user.id)]
        raise CodeMismatchException()
    del codes[(kind, user.id)]


def _masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain[:1]}***"


def _send_new_code(pool: CognitoIdpUserPool, kind: str, user: CognitoIdpUser, trigger: str) -> dict[str, str]:
    """E-mail a new code of `kind` to the user with the pool's CustomMessage trigger's text, or else its template;
    Cognito's CodeDeliveryDetails. `trigger` is the trigger's source (CustomMessage_ForgotPassword, ...). The code
    replaces the older one only once it is sent: a failing trigger fails the request and leaves the older code."""
    from moto.ses.models import ses_backends

    email = user.attribute_lookup.get("email", "")
    template = pool.extended_config.get("VerificationMessageTemplate") or {}
    subject = template.get("EmailSubject") or pool.extended_config.get("EmailVerificationSubject") or DEFAULT_SUBJECT
    message = template.get("EmailMessage") or pool.extended_config.get("EmailVerificationMessage") or DEFAULT_MESSAGE
    subject, message = custom_message(pool, user, trigger, subject, message)
    sender = (pool.extended_config.get("EmailConfiguration") or {}).get("From") or DEFAULT_SENDER
    sender = sender.rsplit("<", 1)[-1].rstrip(">").strip()
    account, region = pool.arn.split(":")[4], pool.arn.split(":")[3]
    ses = ses_backends[account][region]
    if not ses._is_verified_address(sender):  # Cognito's own sender needs no identity of ours
        ses.verify_email_identity(sender)
    code = f"{secrets.randbelow(1_000_000):06d}"
    ses.send_email(sender, subject, message.replace("{####}", code), {"ToAddresses": [email]})
    _codes(pool)[(kind, user.id)] = Code(code, clock() + LIFETIME[kind])
    return {"Destination": _masked(email), "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def _user_of_token(backend: CognitoIdpBackend, access_token: str) -> tuple[CognitoIdpUserPool, CognitoIdpUser]:
    for pool in backend.user_pools.values():
        if access_token in pool.access_tokens:
            return pool, backend.get_user(access_token)
    raise NotAuthorizedError("Invalid Access Token")


def _only_email(attribute: str) -> None:
    if attribute != "email":
        raise InvalidParameterException(f"Auto verification not turned on for {attribute}")


@_fix.replaces(CognitoIdpBackend, "forgot_password")
def forgot_password(original: Any, self: CognitoIdpBackend, client_id: str, username: str) -> tuple[None, dict]:
    pool = pool_of_client(self, client_id)
    if pool is None:
        raise ResourceNotFoundError("Username/client id combination not found.")
    user = pool._get_user(username)
    if user is None:
        if hides_users(pool, client_id):
            return None, {"CodeDeliveryDetails": {"Destination": "u***@e***", "DeliveryMedium": "EMAIL",
                                                  "AttributeName": "email"}}
        raise ResourceNotFoundError("Username/client id combination not found.")
    if user.attribute_lookup.get("email_verified") != "true":
        raise InvalidParameterException("Cannot reset password for the user as there is no registered/verified "
                                        "email or phone_number")
    return None, {"CodeDeliveryDetails": _send_new_code(pool, RESET, user, "CustomMessage_ForgotPassword")}


@_fix.replaces(CognitoIdpResponse, "forgot_password")
def forgot_password_action(original: Any, self: CognitoIdpResponse) -> Any:
    client_id = self._get_param("ClientId")
    account, region = find_account_region_by_value("client_id", client_id,
                                                   fallback=(self.current_account, self.region))
    _, answer = cognitoidp_backends[account][region].forgot_password(client_id, self._get_param("Username"))
    return ActionResult(answer)  # and no code in a response header


@_fix.replaces(CognitoIdpBackend, "confirm_forgot_password")
def confirm_forgot_password(original: Any, self: CognitoIdpBackend, client_id: str, username: str, password: str,
                            confirmation_code: str) -> None:
    pool = pool_of_client(self, client_id)
    if pool is None:
        raise ResourceNotFoundError(client_id)
    user = pool._get_user(username)
    if user is None:
        raise CodeMismatchException()
    self._validate_password(pool.id, password)
    _check_code(pool, RESET, user, confirmation_code)
    user.password = password
    if user.status in (UserStatus.FORCE_CHANGE_PASSWORD, UserStatus.RESET_REQUIRED):
        user.status = UserStatus.CONFIRMED


def get_user_attribute_verification_code(backend: CognitoIdpBackend, access_token: str,
                                         attribute: str) -> dict[str, Any]:
    pool, user = _user_of_token(backend, access_token)
    _only_email(attribute)
    return {"CodeDeliveryDetails": _send_new_code(pool, VERIFY, user, "CustomMessage_VerifyUserAttribute")}


def verify_user_attribute(backend: CognitoIdpBackend, access_token: str, attribute: str, code: str) -> None:
    pool, user = _user_of_token(backend, access_token)
    _only_email(attribute)
    _check_code(pool, VERIFY, user, code)
    user.update_attributes([{"Name": "email_verified", "Value": "true"}])


def _backend_of_token(response: CognitoIdpResponse, access_token: str) -> CognitoIdpBackend:
    return response._get_region_agnostic_backend()._find_backend_by_access_token(access_token)


@_fix.replaces(CognitoIdpResponse, "get_user_attribute_verification_code")
def get_user_attribute_verification_code_action(original: Any, self: CognitoIdpResponse) -> Any:
    token = self._get_param("AccessToken")
    return ActionResult(get_user_attribute_verification_code(
        _backend_of_token(self, token), token, self._get_param("AttributeName")))


@_fix.replaces(CognitoIdpResponse, "verify_user_attribute")
def verify_user_attribute_action(original: Any, self: CognitoIdpResponse) -> Any:
    token = self._get_param("AccessToken")
    verify_user_attribute(_backend_of_token(self, token), token, self._get_param("AttributeName"),
                          self._get_param("Code"))
    return EmptyResult()


install, uninstall = _fix.install, _fix.uninstall
