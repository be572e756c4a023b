"""POST /users/{userId}/email: the owner asks to change their e-mail address, with their password (202).

A code goes to the new address (POST /users/{userId}/email/confirm makes it the account's); until then the old
address stays in force for sign-in and mail. An address another account holds is a 409; the account's own, or
not an address, a 400; a wrong password a 400 on `password` that counts as a failed login. Codes for the new
address count with the verification codes of the account (EmailCodesPerAccountPerHour, 429 beyond)."""

from __future__ import annotations

import time

from kernel import http
from kernel.errors import FieldError, ValidationFailed
from pydantic import Field

from .. import account_mail, email_change, identity, limits, store
from ..domain import EMAIL, EmailInUse, UserNotFound
from ..views import CodeSent, documented

router = http.router()


class NewAddress(http.Command):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


@router.post("/users/<userId>/email", security=http.AUTHENTICATED, status_code=202,
             responses=documented(202, "A code is on its way to the new address", 400, 401, 403, 404, 409, 429,
                                  model=CodeSent))
def change_email(userId: str, body: NewAddress) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    email = body.email.lower()
    if not (EMAIL.match(email) and email.isascii() and email.isprintable()):  # as Cognito and SES take them
        raise ValidationFailed("The address is not valid", [FieldError("email", "Invalid email")])
    if email == user.email.lower():
        raise ValidationFailed("That is the account's address already", [FieldError("email", "is the current one")])
    if store.holder_of_email(email) not in (None, user.id):
        raise EmailInUse()
    limits.require_unlocked(user.username)
    try:
        identity.prove_password(user.username, body.password)
    except ValidationFailed:
        limits.failed(user.username)
        raise
    limits.count_hourly("VERIFY", user.username, "EMAIL_CODES_PER_ACCOUNT_PER_HOUR")
    code = email_change.begin(user.id, email, previous=user.email, now=time.time())
    account_mail.send_code(email, code, user.language)
    return http.json_response(202, CodeSent(detail="A code is on its way to the new address"))


handler = http.entrypoint(http.create_app("users", router))
