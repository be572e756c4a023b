"""Open WebSocket connections and presence.

A connection is two items written together (by user, to push; by id, for `$disconnect`) and counted on the
user's PRESENCE item in the same transaction. Presence changes are decided by a conditional flag on that item,
so that of two tabs opening (or closing) at once exactly one announces `user-online` (`user-offline`).

A connection lives no longer than the access token it was opened with: its login, `iat` and `exp` are kept with
it, so that a logout, a password change or the token's expiry closes it (consume.py, sweep.py, sockets.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from kernel import unit_of_work
from kernel.events import now_iso
from kernel.table import get, update_if
from kernel.unit_of_work import Stale, Unit

from . import deliveries
from .store import CONNECTION, PRESENCE, PRODUCER, ConnectionOwner, Presence, UserConnection, user_key

# API Gateway closes a WebSocket connection after 2 hours; the TTL only removes rows whose $disconnect was lost
LIFETIME_SECONDS = 2 * 3600 + 600
SETTLING_SECONDS = 10  # a connection this young may still be finishing its $connect: not gone yet


EXPIRY_BUCKET_SECONDS = 3600  # the expiry index groups connections by the hour their token expires in


@dataclass(frozen=True)
class Token:
    """What a connection keeps of the access token it was opened with."""
    session_id: str
    issued_at: int
    expires_at: int


@dataclass(frozen=True)
class OpenConnection:
    connection_id: str
    connected_at: str
    session_id: str | None = None
    token_issued_at: int | None = None
    token_expires_at: int | None = None

    def expired(self, now: float) -> bool:
        return self.token_expires_at is not None and self.token_expires_at <= now


def _connection_key(connection_id: str) -> str:
    return f"CONN#{connection_id}"


def _expiry_bucket(epoch: int) -> str:
    return f"CONNEXP#{epoch // EXPIRY_BUCKET_SECONDS}"


def open(connection_id: str, user_id: str, token: Token) -> None:  # noqa: A001 - the verb of the protocol
    expires_at = int(time.time()) + LIFETIME_SECONDS

    def write(unit: Unit) -> None:
        unit.save(ConnectionOwner(_connection_key(connection_id), CONNECTION, userId=user_id, expiresAt=expires_at,
                                  GSI1PK=_expiry_bucket(token.expires_at),
                                  GSI1SK=f"{token.expires_at:012d}#{connection_id}"),
                  condition=ConnectionOwner.PK.does_not_exist())  # API Gateway's ids are unique: Stale otherwise
        unit.save(UserConnection(user_key(user_id), _connection_key(connection_id), connectionId=connection_id,
                                 connectedAt=now_iso(), expiresAt=expires_at, sessionId=token.session_id,
                                 tokenIssuedAt=token.issued_at, tokenExpiresAt=token.expires_at))
        unit.update(Presence(user_key(user_id), PRESENCE), actions=[Presence.connections.add(1)])

    unit_of_work.commit(PRODUCER, write)
    _announce_if_changed(user_id, online=True)


def close(connection_id: str) -> None:
    """Forget the connection (from $disconnect, or after a GoneException); a second call does nothing."""
    owner = get(ConnectionOwner, _connection_key(connection_id), CONNECTION)
    if owner is None:
        return

    def write(unit: Unit) -> None:
        unit.delete(owner, condition=ConnectionOwner.PK.exists())
        unit.delete(UserConnection(user_key(owner.userId), _connection_key(connection_id)))
        unit.update(Presence(user_key(owner.userId), PRESENCE), actions=[Presence.connections.add(-1)])

    try:
        unit_of_work.commit(PRODUCER, write)
    except Stale:
        return  # closed meanwhile by the other path
    _announce_if_changed(owner.userId, online=False)


def close_if_settled(connection: OpenConnection) -> None:
    """A GoneException: close the connection, unless it is so young that its $connect may not have finished."""
    age = datetime.now(UTC) - datetime.fromisoformat(connection.connected_at.replace("Z", "+00:00"))
    if age.total_seconds() >= SETTLING_SECONDS:
        close(connection.connection_id)


def of_user(user_id: str) -> list[OpenConnection]:
    """The user's open connections, those whose token has expired included (see OpenConnection.expired)."""
    now = int(time.time())
    rows = UserConnection.query(user_key(user_id), UserConnection.SK.startswith("CONN#"), consistent_read=True)
    return [OpenConnection(row.connectionId, row.connectedAt, row.sessionId,
                           None if row.tokenIssuedAt is None else int(row.tokenIssuedAt),
                           None if row.tokenExpiresAt is None else int(row.tokenExpiresAt))
            for row in rows if row.expiresAt > now]


def expired(now: int) -> list[str]:
    """Ids of the connections whose token expired by `now`: one Query per hour bucket a live one can be in."""
    found, after_now = [], f"{now + 1:012d}"
    first = (now - LIFETIME_SECONDS - EXPIRY_BUCKET_SECONDS) // EXPIRY_BUCKET_SECONDS
    for bucket in range(first, now // EXPIRY_BUCKET_SECONDS + 1):
        sort_key = ConnectionOwner.GSI1SK
        rows = ConnectionOwner.expiry_index.query(f"CONNEXP#{bucket}", sort_key < after_now)
        found += [row.PK.removeprefix("CONN#") for row in rows]
    return found


def is_online(user_id: str) -> bool:
    now = int(time.time())
    rows = UserConnection.query(user_key(user_id), UserConnection.SK.startswith("CONN#"),
                                filter_condition=(UserConnection.expiresAt > now) & (
                                    UserConnection.tokenExpiresAt.does_not_exist()
                                    | (UserConnection.tokenExpiresAt > now)), consistent_read=True)
    return next(iter(rows), None) is not None


def _announce_if_changed(user_id: str, online: bool) -> None:
    presence = Presence(user_key(user_id), PRESENCE)
    if online:
        condition = (Presence.connections > 0) & (Presence.online.does_not_exist() | (Presence.online == False))  # noqa: E712
    else:
        condition = (Presence.connections <= 0) & (Presence.online == True)  # noqa: E712
    if not update_if(presence, [Presence.online.set(online)], condition):
        return  # another connection of the user already told (or no change)
    frame_type, data = "user-online" if online else "user-offline", {"userId": user_id, "timestamp": now_iso()}
    deliveries.to_followers(user_id, frame_type, data)  # the mutual ones only (presence.py)
    deliveries.to_partners(user_id, frame_type, data)
