"""Unsubscribe links of non-essential e-mail, one definition for every context that mails (notifications' digests,
ticketing's event-change and reminder letters): a signed token (HS256 JWT: sub = the user, typ = the notification
type, aud = "unsubscribe", exp) that lets its holder stop e-mail of one type for one user without logging in.
Notifications honours it (GET/POST /notifications/unsubscribe); which types are essential is its rule, checked by
the caller before signing and by notifications after verifying.

    link(user_id, note_type, locale)  the SPA page that shows and confirms it (the body of a non-essential e-mail)
    headers(user_id, note_type)       List-Unsubscribe (the API URL) and List-Unsubscribe-Post (RFC 8058 one-click)
    verify(token)                     (user_id, type), or BadLink (400) / LinkExpired (410)

The signing secret is the SSM SecureString parameter named by UNSUBSCRIBE_SECRET_PARAMETER (template parameter
UnsubscribeSecretParameter, no default), read through powertools' parameters utility and cached in the warm
container. Without it, or with one shorter than 32 characters, no link is made and none is honoured (fails closed).
A function that calls link()/headers() needs ssm:GetParameter on it and PUBLIC_BASE_URL in its environment.
"""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import quote

from .errors import DomainError, FieldError, ServiceUnavailable, ValidationFailed

AUDIENCE = "unsubscribe"
LINK_LIFETIME_SECONDS = 180 * 24 * 3600  # a link in an old e-mail keeps working for six months
SECRET_MAX_AGE = 300  # seconds: a rotated secret is used within five minutes
MIN_SECRET_LENGTH = 32


class UnsubscribeNotConfigured(ServiceUnavailable):
    """The deployment lacks a usable signing secret: no link is made or honoured (a 503, logged; README, Security)."""


class BadLink(ValidationFailed):
    """A token that is not one of ours (malformed, tampered with, signed with another secret)."""


class LinkExpired(DomainError):
    status, slug, title = 410, "link-expired", "Gone"


def secret() -> str:
    from aws_lambda_powertools.utilities import parameters

    name = os.environ.get("UNSUBSCRIBE_SECRET_PARAMETER")
    if not name:
        raise UnsubscribeNotConfigured("UNSUBSCRIBE_SECRET_PARAMETER is not set: it names the SSM SecureString "
                                       "parameter of the unsubscribe links' signing secret")
    try:
        value = str(parameters.get_parameter(name, decrypt=True, max_age=SECRET_MAX_AGE))
    except parameters.exceptions.GetParameterError as error:
        raise UnsubscribeNotConfigured(f"the SSM parameter {name} cannot be read: {error}. Create it with `aws ssm "
                                       f"put-parameter --type SecureString --name {name} --value "
                                       "$(openssl rand -hex 32)`") from error
    if len(value) < MIN_SECRET_LENGTH:
        raise UnsubscribeNotConfigured(f"the SSM parameter {name} holds fewer than {MIN_SECRET_LENGTH} characters")
    return value


def token(user_id: str, note_type: str, now: float | None = None) -> str:
    import jwt

    issued = int(time.time() if now is None else now)
    claims = {"sub": user_id, "typ": note_type, "aud": AUDIENCE, "iat": issued, "exp": issued + LINK_LIFETIME_SECONDS}
    return jwt.encode(claims, secret(), algorithm="HS256")


def _base() -> str:
    return os.environ["PUBLIC_BASE_URL"].rstrip("/")


def link(user_id: str, note_type: str, locale: str = "en") -> str:
    """The SPA's unsubscribe page for this user and type, in the user's language (it shows what stops and asks
    to confirm)."""
    return f"{_base()}/{quote(locale)}/unsubscribe?token={quote(token(user_id, note_type))}"


def headers(user_id: str, note_type: str) -> dict[str, str]:
    """The RFC 2369 / RFC 8058 headers: a mail client's one-click unsubscribe POSTs to the API itself."""
    url = f"{_base()}/notifications/unsubscribe?token={quote(token(user_id, note_type))}"
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def verify(value: str | None) -> tuple[str, str]:
    """(user_id, type) of a token signed with our secret and not expired; the caller judges the type."""
    import jwt

    if not value:
        raise BadLink("The unsubscribe link has no token", [FieldError("token", "is required")])
    signing_secret = secret()  # before the token is looked at: without a secret nothing is honoured
    try:
        claims: dict[str, Any] = jwt.decode(value, signing_secret, algorithms=["HS256"], audience=AUDIENCE,
                                            options={"require": ["sub", "typ", "exp", "aud"]})
    except jwt.ExpiredSignatureError:
        raise LinkExpired("The unsubscribe link has expired: change your preferences in the settings") from None
    except jwt.PyJWTError:
        raise BadLink("The unsubscribe link is not valid", [FieldError("token", "is not a valid link")]) from None
    if not isinstance(claims["sub"], str) or not isinstance(claims["typ"], str):
        raise BadLink("The unsubscribe link is not valid", [FieldError("token", "names no notification type")])
    return claims["sub"], claims["typ"]
