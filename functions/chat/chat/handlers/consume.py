"""The chat queue: the user replica (names, avatars, roles, the name index of the search) from `user.*`, and
what a deleted user leaves behind. Each handler is safe to run again for the same fact, under the same or another
eventId: every write is guarded by the version it applies (user.created/updated run without an idempotency
record, user.deleted once per eventId: kernel.consumer)."""

from __future__ import annotations

from typing import Any

from kernel import consumer

from .. import users


def on_user_changed(envelope: dict[str, Any]) -> None:
    users.keep_user(envelope["payload"], envelope["occurredAt"])


def on_user_deleted(envelope: dict[str, Any]) -> None:
    users.bury_user(envelope["payload"]["id"], envelope["occurredAt"])


handler = consumer.entrypoint({
    "user.created": on_user_changed,
    "user.updated": on_user_changed,
    "user.deleted": on_user_deleted,
}, repeatable={"user.created", "user.updated"})  # replica writes: safe to repeat; user.deleted (it deletes the
# user's side of every conversation and renames the partners' sides) once per eventId
