"""TOTP two-factor sign-in (software tokens) as Cognito does it: a secret of each user's own, codes checked.

moto 5.2.5 hands every user the same secret ("asdfasdfasdf", not even base32) and, unless an environment switch
is on, takes any code: VerifySoftwareToken and the SOFTWARE_TOKEN_MFA challenge succeed with "000000". Here, as
in Cognito: AssociateSoftwareToken makes a random base32 secret for the user (a new association replaces a
pending one); VerifySoftwareToken checks an RFC 6238 code of it (30-second steps, one step of drift either way)
and only then makes it the user's secret (EnableSoftwareTokenMFAException "Code mismatch" otherwise); the
SOFTWARE_TOKEN_MFA challenge checks the code against the user's secret and takes each code once
(CodeMismatchException "Invalid code received for user"); after MAX_WRONG wrong codes the session is gone
(NotAuthorizedException "Invalid session for the user, session is expired."). `clock` dates the codes; pyotp
computes them.
"""

from __future__ import annotations

import base64
import secrets
import time
from typing import Any

import pyotp
from moto.cognitoidp.exceptions import NotAuthorizedError, ResourceNotFoundError
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUser
from moto.core.exceptions import JsonRESTError

from .cognito_fix_support import MethodFix

_fix = MethodFix()
clock = time.time
STEP, DRIFT = 30, 1
MAX_WRONG = 3


class EnableSoftwareTokenMfaException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("EnableSoftwareTokenMFAException", "Code mismatch")


class CodeMismatchException(JsonRESTError):
    def __init__(self) -> None:
        super().__init__("CodeMismatchException", "Invalid code received for user")


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code `code` is (now, or one step either side), or None."""
    try:
        return pyotp.TOTP(secret, interval=STEP).verify_and_get_timecode(str(code or "").strip(), for_time=clock(),
                                                                         valid_window=DRIFT)
    except pyotp.OTPVerificationError:
        return None


def _user(backend: CognitoIdpBackend, access_token: str | None, session: str | None) -> CognitoIdpUser:
    if session:
        if session not in backend.sessions:
            raise NotAuthorizedError("Invalid session for the user, session is expired.")
        username, pool = backend.sessions[session]
        return backend.admin_get_user(pool.id, username)
    for pool in backend.user_pools.values():
        if access_token in pool.access_tokens:
            return backend.get_user(access_token)
    raise NotAuthorizedError("Invalid Access Token")


@_fix.replaces(CognitoIdpBackend, "associate_software_token")
def associate_software_token(original: Any, self: CognitoIdpBackend, access_token: str,
                             session: str) -> dict[str, str]:
    user = _user(self, access_token, session)
    user.pending_totp_secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    return {"SecretCode": user.pending_totp_secret, **({"Session": session} if session else {})}


@_fix.replaces(CognitoIdpBackend, "verify_software_token")
def verify_software_token(original: Any, self: CognitoIdpBackend, access_token: str, session: str,
                          user_code: str, friendly_device_name: str) -> dict[str, str]:
    user = _user(self, access_token, session)
    pending = getattr(user, "pending_totp_secret", None)
    step = _matching_step(pending, user_code) if pending else None
    if step is None:
        raise EnableSoftwareTokenMfaException()
    user.totp_secret, user.pending_totp_secret, user.totp_last_step = pending, None, step
    user.token_verified = True
    return {"Status": "SUCCESS", **({"Session": session} if session else {})}


@_fix.replaces(CognitoIdpBackend, "respond_to_auth_challenge")
def respond_to_auth_challenge(original: Any, self: CognitoIdpBackend, session: str, client_id: str,
                              challenge_name: str, challenge_responses: dict[str, str]) -> dict[str, Any]:
    if challenge_name == "SOFTWARE_TOKEN_MFA":
        if session not in self.sessions:
            raise ResourceNotFoundError(session)
        username, pool = self.sessions[session]
        user = self.admin_get_user(pool.id, username)
        secret = getattr(user, "totp_secret", None)
        step = _matching_step(secret, challenge_responses.get("SOFTWARE_TOKEN_MFA_CODE", "")) if secret else None
        if step is None or step <= getattr(user, "totp_last_step", -1):  # wrong, or used already
            wrong = getattr(self, "totp_wrong", {})
            self.totp_wrong = wrong
            wrong[session] = wrong.get(session, 0) + 1
            if wrong[session] >= MAX_WRONG:
                del self.sessions[session]
                wrong.pop(session, None)
            raise CodeMismatchException()
        user.totp_last_step = step
    return original(self, session, client_id, challenge_name, challenge_responses)  # type: ignore[no-any-return]


install, uninstall = _fix.install, _fix.uninstall
