"""The notifications queue: other contexts' domain events become stored notifications pushed live to every open
connection of the recipient, `new_event` for every follower (through the delivery queue), chat messages pushed
only. Each handler runs once per eventId (kernel.consumer), and again safely: a notification is stored once per
(fact, recipient) and the follow replica ignores older messages."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kernel import consumer

from .. import connections, deliveries, follows, presence, sockets
from ..domain import NoteType
from ..store import EventName
from .fan_out import deliver


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _fact(envelope: dict[str, Any]) -> str:
    """What a notification is stored once for: the fact (type, moment, payload), not the message's eventId - a
    producer telling the same fact again under a new eventId must not notify twice."""
    payload = json.dumps(envelope["payload"], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{envelope['eventType']}|{envelope['occurredAt']}|{payload}".encode()).hexdigest()


def _notify(envelope: dict[str, Any], recipient: str, note_type: NoteType, metadata: dict[str, Any]) -> None:
    note = deliveries.note(note_type, _clean(metadata), _fact(envelope), envelope["occurredAt"])
    deliver(recipient, note_type, {}, note)


def on_like(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    if p["userId"] != p["creatorId"]:  # liking one's own event tells nobody
        _notify(envelope, p["creatorId"], NoteType.LIKE, {k: p.get(k) for k in (
            "eventId", "eventName", "userId", "userName", "userAvatar")})


def on_review(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    if p["userId"] != p["creatorId"]:
        _notify(envelope, p["creatorId"], NoteType.REVIEW, {k: p.get(k) for k in (
            "eventId", "eventName", "reviewId", "rating", "title", "userId", "userName", "userAvatar")})


def on_follow(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    follows.keep(p["followerId"], p["followedId"], True, envelope["occurredAt"])
    _notify(envelope, p["followedId"], NoteType.FOLLOW, {k: p.get(k) for k in (
        "followerId", "followerName", "followerUsername", "followerAvatar")})


def on_unfollow(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    follows.keep(p["followerId"], p["followedId"], False, envelope["occurredAt"])


def on_event_published(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    metadata = _clean({"creatorId": p["creatorId"], "eventId": p["eventId"], "eventName": p["name"],
                       "creatorName": p["creatorName"], "startsAt": p.get("startsAt")})
    EventName(f"EVENT#{p['eventId']}", "NAME", name=p["name"]).save()
    note = deliveries.note(NoteType.NEW_EVENT, metadata, _fact(envelope), envelope["occurredAt"])
    deliveries.to_followers(p["creatorId"], NoteType.NEW_EVENT, {}, note)


def on_collaboration_invited(envelope: dict[str, Any]) -> None:
    """The invited organization hears of it (it accepts or declines from its invitations)."""
    p = envelope["payload"]
    _notify(envelope, p["organizationId"], NoteType.COLLABORATION_INVITE, {k: p.get(k) for k in (
        "eventId", "creatorId", "creatorName", "startsAt")} | {"eventName": p.get("name")})


def _event_name(event_id: str) -> str | None:
    """The title of a published event, for a buyer's notification (None for one we never saw published)."""
    try:
        return EventName.get(f"EVENT#{event_id}", "NAME").name
    except EventName.DoesNotExist:
        return None


def on_chat_message(envelope: dict[str, Any]) -> None:
    """Live only (the chat context stores messages): the receiver's tabs and the sender's (its other tabs), each
    a delivery message of its own - one request, and no push here, so a retry of this message never pushes a
    frame that one recipient already got because the other one's failed."""
    p = envelope["payload"]
    presence.note_partners(p["senderId"], p["receiverId"])  # they may see each other's presence from now on
    data = {k: p[k] for k in ("conversationId", "messageId", "senderId", "senderName", "senderAvatar",
                              "receiverId", "message", "createdAt")}
    deliveries.enqueue([{"kind": "one", "to": recipient, "frame": {"type": "message", "data": data}, "note": None}
                        for recipient in (p["receiverId"], p["senderId"])])


def on_order_confirmed(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    _notify(envelope, p["userId"], NoteType.ORDER_CONFIRMED,
            {"orderId": p["orderId"], "eventId": p["eventId"], "eventName": _event_name(p["eventId"]),
             "ticketCount": p["ticketCount"]})


def on_order_rejected(envelope: dict[str, Any]) -> None:
    p = envelope["payload"]
    _notify(envelope, p["userId"], NoteType.ORDER_CANCELLED,
            {"orderId": p["orderId"], "eventId": p["eventId"], "eventName": _event_name(p["eventId"]),
             "reason": p["reason"]})


def on_order_refunded(envelope: dict[str, Any]) -> None:
    """A refund because the event was cancelled is `event_cancelled`; one for a payment that came after the hold
    expired (the tickets were released) is `order_refunded`."""
    p = envelope["payload"]
    note_type = NoteType.EVENT_CANCELLED if p["reason"] == "event_cancelled" else NoteType.ORDER_REFUNDED
    _notify(envelope, p["userId"], note_type, {"orderId": p["orderId"], "eventId": p["eventId"],
                                               "eventName": _event_name(p["eventId"]), "ticketIds": p["ticketIds"],
                                               "amount": p["amount"], "reason": p["reason"]})


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
    for connection in connections.of_user(envelope["payload"]["id"]):
        sockets.hang_up(connection.connection_id)


handler = consumer.entrypoint({
    "user.session.revoked": on_session_revoked,
    "user.password.changed": on_password_changed,
    "user.deleted": on_user_deleted,
    "interactions.like.created": on_like,
    "interactions.review.created": on_review,
    "interactions.follow.created": on_follow,
    "interactions.follow.deleted": on_unfollow,
    "event.published": on_event_published,
    "event.collaborator.invited": on_collaboration_invited,
    "chat.message.created": on_chat_message,
    "payments.order.confirmed": on_order_confirmed,
    "payments.order.rejected": on_order_rejected,
    "payments.order.refunded": on_order_refunded,
})
