"""POST /users/{userId}/email/confirm: the code e-mailed to the new address makes it the account's (200, the
owner's view): for sign-in (Cognito's alias) and mail, verified (the `verified` group: refresh the tokens). The
old address is told of the change. A wrong code is a 400 (after five the change is dropped), one that expired or
was used a 400 too; an address another account took meanwhile a 409. A retry after a confirmation that stopped
half-way finishes it."""

from __future__ import annotations

import time

from kernel import http
from pydantic import Field

from .. import account_mail, email_change, identity, store
from ..domain import UserNotFound
from ..views import OwnUser, documented, owner_view

router = http.router()


class EmailCode(http.Command):
    code: str = Field(min_length=1, max_length=16, pattern=r"^\s*[0-9]+\s*$")


@router.post("/users/<userId>/email/confirm", security=http.AUTHENTICATED,
             responses=documented(200, "The new address is the account's: refresh the tokens", 400, 401, 403, 404,
                                  409, model=OwnUser))
def confirm_email_change(userId: str, body: EmailCode) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    waiting = email_change.confirmed(userId, body.code.strip(), time.time())
    if not waiting.applied:
        store.change_email(userId, waiting)  # EmailInUse (409) when another account took the address meanwhile
    identity.set_verified_email(user.username, waiting.email)
    identity.mark_verified(user.username)
    email_change.finish(userId, waiting.code_hash)
    if waiting.previous.lower() != waiting.email.lower():
        account_mail.send_notice(waiting.previous, user.username, waiting.email, user.language)
    user.change_email(waiting.email)
    return http.json_response(200, owner_view(user))


handler = http.entrypoint(http.create_app("users", router))
