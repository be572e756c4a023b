"""The notifications context's rules, as plain Python (no AWS): its vocabulary (what a stored notification says
happened, its `type`: one snake_case name per kind, each with a text in every language of the SPA, web/src/i18n
`notifications.<type>`), and which notification each domain event causes, for whom, with which facts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kernel.errors import Conflict


class NoteType(StrEnum):
    LIKE = "like"                                  # someone liked the recipient's event
    REVIEW = "review"                              # someone reviewed it
    FOLLOW = "follow"                              # someone follows the recipient
    NEW_EVENT = "new_event"                        # an organization the recipient follows published an event
    COLLABORATION_INVITE = "collaboration_invite"  # the recipient (an organization) is invited to collaborate
    ORDER_CONFIRMED = "order_confirmed"            # the buyer's payment went through: the tickets are theirs
    ORDER_CANCELLED = "order_cancelled"            # the buyer's order ended unpaid (the hold expired, cancelled)
    ORDER_REFUNDED = "order_refunded"              # a payment came after the hold ended: it is refunded
    EVENT_CANCELLED = "event_cancelled"            # the event of the buyer's tickets was cancelled: refunded
    REFUND_APPROVED = "refund_approved"            # the organizer approved the holder's refund request: refunded
    WAITING_LIST_OFFER = "waiting_list_offer"      # a ticket the recipient waited for is held for them: pay it
    CHAT_MESSAGE = "chat_message"                  # a chat message to the recipient (the sender hears nothing)
    EVENT_CHANGED = "event_changed"                # e-mail only (ticketing's letter): a held event moved
    EVENT_REMINDER = "event_reminder"              # e-mail only (ticketing's letter): a held event is tomorrow

    @classmethod
    def of_stored(cls, stored: str) -> str:
        """The type of a stored notification as it is shown today: notifications stored before the vocabulary
        was one (dotted names such as `order.confirmed`) read as their snake_case name; an unknown one as is."""
        name = stored.replace(".", "_")
        return name if name in cls._value2member_map_ else stored


class AlreadyNotified(Conflict):
    """The recipient's notification of this fact is stored already (a repeated or re-told fact)."""


class AccountErased(Conflict):
    """The recipient's account was deleted: nothing is stored for it any more."""


@dataclass(frozen=True)
class Notice:
    """A notification a domain event causes: what to store for whom (for `new_event`: for each follower of
    `recipient`)."""

    recipient: str
    type: NoteType
    metadata: dict[str, Any]


def _picked(payload: dict[str, Any], *keys: str, **renamed: str) -> dict[str, Any]:
    """The payload's `keys` (and `renamed`: new name -> payload key) that have a value."""
    return _clean({k: payload.get(k) for k in keys} | {new: payload.get(old) for new, old in renamed.items()})


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Facts without a value are left out (an event never seen published has no name)."""
    return {k: v for k, v in values.items() if v is not None}


def of_like(p: dict[str, Any]) -> Notice | None:
    """The event's creator hears of a like, but of their own."""
    if p["userId"] == p["creatorId"]:
        return None
    return Notice(p["creatorId"], NoteType.LIKE,
                  _picked(p, "eventId", "eventName", "userId", "userName", "userAvatar"))


def of_review(p: dict[str, Any]) -> Notice | None:
    if p["userId"] == p["creatorId"]:
        return None
    return Notice(p["creatorId"], NoteType.REVIEW, _picked(
        p, "eventId", "eventName", "reviewId", "rating", "title", "userId", "userName", "userAvatar"))


def of_follow(p: dict[str, Any]) -> Notice:
    return Notice(p["followedId"], NoteType.FOLLOW,
                  _picked(p, "followerId", "followerName", "followerUsername", "followerAvatar"))


def of_event_published(p: dict[str, Any]) -> Notice:
    """For every follower of the creator (the recipient here)."""
    return Notice(p["creatorId"], NoteType.NEW_EVENT,
                  _picked(p, "creatorId", "eventId", "creatorName", "startsAt", "endsAt", eventName="name"))


def of_collaboration_invite(p: dict[str, Any]) -> Notice:
    """The invited organization hears of it (it accepts or declines from its invitations)."""
    return Notice(p["organizationId"], NoteType.COLLABORATION_INVITE,
                  _picked(p, "eventId", "creatorId", "creatorName", "startsAt", eventName="name"))


def of_chat_message(p: dict[str, Any]) -> Notice | None:
    """The receiver of a chat message hears of it (never its sender); the message itself stays in chat."""
    if p["receiverId"] == p["senderId"]:
        return None
    return Notice(p["receiverId"], NoteType.CHAT_MESSAGE,
                  _picked(p, "conversationId", "messageId", "senderId", "senderName", "senderAvatar",
                          sentAt="createdAt"))


def read_with_conversation(metadata: dict[str, Any], conversation_id: str, read_up_to: str) -> bool:
    """A chat_message notification is read with its conversation (chat.conversation.read) when its message is
    one the reader saw: of that conversation, sent up to `read_up_to`. A later message is news. (One stored
    before its notification said when it was sent is older than any read told since.)"""
    return metadata.get("conversationId") == conversation_id and str(metadata.get("sentAt", "")) <= read_up_to


def of_order_confirmed(p: dict[str, Any], event_name: str | None) -> Notice:
    return Notice(p["userId"], NoteType.ORDER_CONFIRMED,
                  _clean({"orderId": p["orderId"], "eventId": p["eventId"], "eventName": event_name,
                   "ticketCount": p["ticketCount"]}))


def of_order_rejected(p: dict[str, Any], event_name: str | None) -> Notice:
    return Notice(p["userId"], NoteType.ORDER_CANCELLED, _clean(
        {"orderId": p["orderId"], "eventId": p["eventId"], "eventName": event_name, "reason": p["reason"]}))


def of_waiting_list_offer(p: dict[str, Any], event_name: str | None) -> Notice:
    return Notice(p["userId"], NoteType.WAITING_LIST_OFFER, _clean({
        "orderId": p["orderId"], "eventId": p["eventId"], "eventName": event_name, "ticketTypeId": p["ticketTypeId"],
        "offerUntil": p["offerUntil"]}))


def of_order_refunded(p: dict[str, Any], event_name: str | None) -> Notice:
    """A refund because the event was cancelled is `event_cancelled`; one the organizer approved on request is
    `refund_approved`; one for a payment that came after the hold expired (the tickets were released) is
    `order_refunded`."""
    note_type = {"event_cancelled": NoteType.EVENT_CANCELLED,
                 "refund_requested": NoteType.REFUND_APPROVED}.get(p["reason"], NoteType.ORDER_REFUNDED)
    return Notice(p["userId"], note_type, _clean({"orderId": p["orderId"], "eventId": p["eventId"],
                                                  "eventName": event_name, "ticketIds": p["ticketIds"],
                                                  "amount": p["amount"], "reason": p["reason"]}))
