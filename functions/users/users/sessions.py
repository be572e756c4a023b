"""Ending logins: the deny-list kernel.auth reads (the shared revoked-tokens table), written in one transaction
with the domain event that makes notifications close the WebSockets those logins opened.

    id=session#<origin_jti>   one login's access tokens are refused; kept as long as its refresh token could
                              live, so that a refresh token whose revocation at Cognito failed stays useless
    id=user#<sub>             every token of the user issued (`iat`) up to and including `revokedBefore`
"""

from __future__ import annotations

import os
import time
from functools import cache
from typing import Any

from kernel import unit_of_work
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

PRODUCER = "users"
ACCESS_DENY_SECONDS = 24 * 3600  # longer than any access token lives (Cognito: at most a day)


def refresh_lifetime() -> int:
    return int(os.environ.get("REFRESH_TOKEN_SECONDS", "2592000"))  # Cognito's default, 30 days


@cache
def _model() -> Any:
    from kernel.aws import region

    class RevokedToken(Model):
        class Meta:
            table_name = os.environ["REVOKED_TOKENS_TABLE"]

        id = UnicodeAttribute(hash_key=True)
        expiresAt = NumberAttribute()
        revokedBefore = NumberAttribute(null=True)

    RevokedToken.Meta.region = region()
    return RevokedToken


def _session(session_id: str) -> Any:
    return _model()(f"session#{session_id}", expiresAt=int(time.time()) + refresh_lifetime())


def _user(user_id: str, up_to: int) -> Any:
    return _model()(f"user#{user_id}", expiresAt=int(time.time()) + ACCESS_DENY_SECONDS, revokedBefore=up_to)


def end_sessions(user_id: str, session_ids: list[str]) -> None:
    """Logout: these logins' tokens are refused from now on; `user.session.revoked` closes their sockets."""
    def write(unit: unit_of_work.Unit) -> None:
        for session_id in session_ids:
            unit.save(_session(session_id))
        unit.publish("user.session.revoked", {"id": user_id, "sessionIds": session_ids})

    unit_of_work.commit(PRODUCER, write)


def end_all(user_id: str, session_id: str | None, up_to: int) -> None:
    """Password change or reset: every token issued up to the second `up_to` (inclusive) is refused, and the
    caller's login (a change has one) for good; `user.password.changed` closes every socket opened with such a
    token."""
    def write(unit: unit_of_work.Unit) -> None:
        if session_id is not None:
            unit.save(_session(session_id))
        unit.save(_user(user_id, up_to))
        unit.publish("user.password.changed", {"id": user_id, "revokedBefore": up_to})

    unit_of_work.commit(PRODUCER, write)


def deny_user(unit: unit_of_work.Unit, user_id: str, up_to: int) -> None:
    """Account deletion: every token of the user issued up to `up_to` is refused, in the transaction that deletes
    the profile and publishes `user.deleted` (which closes the sockets)."""
    unit.save(_user(user_id, up_to))
