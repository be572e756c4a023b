"""Cognito's CustomMessage trigger: the code e-mails (sign-up, new code, password reset, address verification)
in the user's language, from the account's `locale` attribute. Other messages keep Cognito's own text."""

from __future__ import annotations

from typing import Any

from ..code_mail import RESET, VERIFY, code_mail

KINDS = {
    "CustomMessage_SignUp": VERIFY,
    "CustomMessage_ResendCode": VERIFY,
    "CustomMessage_VerifyUserAttribute": VERIFY,
    "CustomMessage_UpdateUserAttribute": VERIFY,
    "CustomMessage_ForgotPassword": RESET,
}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    kind = KINDS.get(event.get("triggerSource", ""))
    if kind is None:  # AdminCreateUser, Authentication (SMS): Cognito's default message
        return event
    request = event["request"]
    subject, message = code_mail(kind, (request.get("userAttributes") or {}).get("locale"), request["codeParameter"])
    event.setdefault("response", {}).update(emailSubject=subject, emailMessage=message)
    return event
