"""The notifications queue: other contexts' domain events become stored notifications pushed live to every open
connection of the recipient, `new_event` for every follower (through the delivery queue), chat messages pushed
to both sides and notified to their receiver, and read with their conversation. Each handler runs once per
eventId (kernel.consumer), and again safely: a notification is stored once per (fact, recipient) and the follow
replica ignores older messages; the replicas' alone (user.created/updated, follow.deleted) run without an
idempotency record."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kernel import consumer, replica
from kernel.table import get

from .. import (
    connections,
    consent,
    conversation_reads,
    deliveries,
    domain,
    follows,
    inbox,
    languages,
    presence,
    sockets,
)
from ..domain import Notice
from ..store import EventName
from .fan_out import deliver

READ_FRAME = "notifications-read"  # some of the user's notifications were read elsewhere: count again


def _fact(envelope: dict[str, Any]) -> str:
    """What a notification is stored once for: the fact (type, moment, payload), not the message's eventId - a
    producer telling the same fact again under a new eventId must not notify twice."""
    payload = json.dumps(envelope["payload"], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{envelope['eventType']}|{envelope['occurredAt']}|{payload}".encode()).hexdigest()


def _notify(envelope: dict[str, Any], notice: Notice | None) -> None:
    if notice is not None:
        note = deliveries.note(notice.type, notice.metadata, _fact(envelope), envelope["occurredAt"])
        deliver(notice.recipient, notice.type, {}, note)


def on_like(envelope: dict[str, Any]) -> None:
    _notify(envelope, domain.of_like(envelope["payload"]))


def on_review(envelope: dict[str, Any]) -> None:
    _notify(envelope, domain.of_review(envelope["payload"]))


def on_follow(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    follows.keep(p["followerId"], p["followedId"], True, envelope["occurredAt"])
    _notify(envelope, domain.of_follow(p))


def on_unfollow(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    follows.keep(p["followerId"], p["followedId"], False, envelope["occurredAt"])


def on_event_published(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    replica.keep(EventName, (f"EVENT#{p['eventId']}", "NAME"), envelope["occurredAt"], {"name": p["name"]})
    notice = domain.of_event_published(p)
    note = deliveries.note(notice.type, notice.metadata, _fact(envelope), envelope["occurredAt"])
    deliveries.to_followers(notice.recipient, notice.type, {}, note)


def on_collaboration_invited(envelope: dict[str, Any]) -> None:
    _notify(envelope, domain.of_collaboration_invite(envelope["payload"]))


def _event_name(event_id: str) -> str | None:
    """The title of a published event, for a buyer's notification (None for one we never saw published)."""
    known = get(EventName, f"EVENT#{event_id}", "NAME")
    return known.name if replica.alive(known) else None


def on_chat_message(envelope: dict[str, Any]) -> None:
    """The message live (the chat context stores it) to the receiver's tabs and the sender's (its other tabs),
    and a `chat_message` notification stored for the receiver (the daily digest tells the unread ones to those
    who chose it): each a delivery message of its own - one request, and no push here, so a retry of this message
    never pushes a frame that one recipient already got because another one's failed."""
    p = envelope["payload"]
    presence.note_partners(p["senderId"], p["receiverId"])  # they may see each other's presence from now on
    data = {k: p[k] for k in ("conversationId", "messageId", "senderId", "senderName", "senderAvatar",
                              "receiverId", "message", "createdAt")}
    work = [{"kind": "one", "to": recipient, "frame": {"type": "message", "data": data}, "note": None}
            for recipient in (p["receiverId"], p["senderId"])]
    notice = domain.of_chat_message(p)
    if notice is not None:
        note = deliveries.note(notice.type, notice.metadata, _fact(envelope), envelope["occurredAt"])
        work.append({"kind": "one", "to": notice.recipient, "frame": {"type": notice.type, "data": {}}, "note": note})
    deliveries.enqueue(work)


def on_conversation_read(envelope: dict[str, Any]) -> None:
    """The reader's chat_message notifications of the messages read are read too (and one still on its way is
    stored read: conversation_reads); their open tabs hear `notifications-read` and ask for the unread count."""
    p = envelope["payload"]
    conversation_reads.keep(p["userId"], p["conversationId"], p["readUpTo"])
    if inbox.mark_conversation_read(p["userId"], p["conversationId"], p["readUpTo"]):
        sockets.push(p["userId"], sockets.frame(READ_FRAME))


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    _notify(envelope, domain.of_order_confirmed(p, _event_name(p["eventId"])))


def on_order_rejected(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    _notify(envelope, domain.of_order_rejected(p, _event_name(p["eventId"])))


def on_order_refunded(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    _notify(envelope, domain.of_order_refunded(p, _event_name(p["eventId"])))


def on_waiting_list_offer(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    _notify(envelope, domain.of_waiting_list_offer(p, _event_name(p["eventId"])))


def on_session_revoked(envelope: dict[str, Any]) -> None:
    """Logout: the sockets the ended logins opened are closed."""
    p = envelope["payload"]
    for connection in connections.of_user(p["id"]):
        if connection.session_id in p["sessionIds"]:
            sockets.hang_up(connection.connection_id)


def on_password_changed(envelope: dict[str, Any]) -> None:
    """Every socket opened with a token issued up to the change is closed (one of a later login stays)."""
    p = envelope["payload"]
    for connection in connections.of_user(p["id"]):
        if connection.token_issued_at is None or connection.token_issued_at <= p["revokedBefore"]:
            sockets.hang_up(connection.connection_id)


def on_user_deleted(envelope: dict[str, Any]) -> None:
    """The account's sockets close; its notifications, unread counter, preferences and the copy of its language
    and username are deleted (each step idempotent: a redelivery deletes what is left)."""
    user_id = envelope["payload"]["id"]
    for connection in connections.of_user(user_id):
        sockets.hang_up(connection.connection_id)
    inbox.erase(user_id)
    consent.forget(user_id)
    languages.forget(envelope)


handler = consumer.entrypoint({
    "user.session.revoked": on_session_revoked,
    "user.password.changed": on_password_changed,
    "user.deleted": on_user_deleted,
    "user.created": languages.on_user_changed,  # the e-mails' language and addressee
    "user.updated": languages.on_user_changed,
    "interactions.like.created": on_like,
    "interactions.review.created": on_review,
    "interactions.follow.created": on_follow,
    "interactions.follow.deleted": on_unfollow,
    "event.published": on_event_published,
    "event.collaborator.invited": on_collaboration_invited,
    "chat.message.created": on_chat_message,
    "chat.conversation.read": on_conversation_read,
    "payments.order.confirmed": on_order_confirmed,
    "payments.order.rejected": on_order_rejected,
    "payments.order.refunded": on_order_refunded,
    "waiting-list.offered": on_waiting_list_offer,
}, repeatable={
    "user.created", "user.updated",  # replica writes: safe to repeat
    "interactions.follow.deleted",  # the follower replica, newest wins: safe to repeat
    # The others once per eventId: each pushes a frame or starts a delivery (event.published keeps the event's
    # name, newest wins, but also starts a fan-out to every follower, whose stored notification is found again and
    # pushed again; follow.created notifies), or counts unread notifications, or hangs up sockets.
})
