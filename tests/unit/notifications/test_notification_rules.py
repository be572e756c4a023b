"""Which notification each domain event causes, for whom and with which facts (notifications.domain): the rules
of the reference behaviour for notifications, on plain objects."""

from __future__ import annotations

import pytest
from notifications import domain
from notifications.domain import NoteType, Notice

ORGANIZER, MEMBER, EVENT = "org-1", "member-1", "event-1"
ORDER = {"orderId": "order_1", "userId": MEMBER, "eventId": EVENT}


def test_a_like_tells_the_events_creator_who_liked_what() -> None:
    like = {"eventId": EVENT, "eventName": "Jazz", "userId": MEMBER, "userName": "Ann", "userAvatar": None,
            "creatorId": ORGANIZER}
    assert domain.of_like(like) == Notice(ORGANIZER, NoteType.LIKE,
                                          {"eventId": EVENT, "eventName": "Jazz", "userId": MEMBER, "userName": "Ann"})


@pytest.mark.parametrize("rule", [domain.of_like, domain.of_review])
def test_liking_or_reviewing_ones_own_event_tells_nobody(rule) -> None:
    assert rule({"eventId": EVENT, "userId": ORGANIZER, "creatorId": ORGANIZER}) is None


def test_a_review_tells_the_creator_its_rating_and_title() -> None:
    notice = domain.of_review({"eventId": EVENT, "reviewId": "r-1", "rating": 4, "title": "Solid",
                               "userId": MEMBER, "creatorId": ORGANIZER})
    assert (notice.recipient, notice.type) == (ORGANIZER, NoteType.REVIEW)
    assert notice.metadata == {"eventId": EVENT, "reviewId": "r-1", "rating": 4, "title": "Solid", "userId": MEMBER}


def test_a_follow_tells_the_followed_user_who_follows() -> None:
    notice = domain.of_follow({"followerId": MEMBER, "followedId": ORGANIZER, "followerName": "Ann"})
    assert notice == Notice(ORGANIZER, NoteType.FOLLOW, {"followerId": MEMBER, "followerName": "Ann"})


def test_a_published_event_is_news_for_the_creators_followers_under_the_events_name() -> None:
    notice = domain.of_event_published({"eventId": EVENT, "creatorId": ORGANIZER, "creatorName": "Blue Club",
                                        "name": "Jazz", "startsAt": "2026-12-24T21:00:00Z",
                                        "endsAt": "2026-12-25T01:00:00Z"})
    assert notice == Notice(ORGANIZER, NoteType.NEW_EVENT, {"creatorId": ORGANIZER, "eventId": EVENT,
                                                            "creatorName": "Blue Club", "startsAt":
                                                                "2026-12-24T21:00:00Z", "endsAt":
                                                                "2026-12-25T01:00:00Z", "eventName": "Jazz"})


def test_an_invitation_tells_the_invited_organization() -> None:
    notice = domain.of_collaboration_invite({"eventId": EVENT, "organizationId": "org-2", "creatorId": ORGANIZER,
                                             "creatorName": "Blue Club", "name": "Jazz"})
    assert (notice.recipient, notice.type, notice.metadata["eventName"]) == ("org-2", NoteType.COLLABORATION_INVITE,
                                                                              "Jazz")


def test_a_confirmed_order_tells_the_buyer_how_many_tickets_for_which_event() -> None:
    assert domain.of_order_confirmed(ORDER | {"ticketCount": 2}, "Jazz") == Notice(
        MEMBER, NoteType.ORDER_CONFIRMED, {"orderId": "order_1", "eventId": EVENT, "eventName": "Jazz",
                                           "ticketCount": 2})


def test_an_event_never_seen_published_leaves_the_name_out() -> None:
    assert "eventName" not in domain.of_order_confirmed(ORDER | {"ticketCount": 1}, None).metadata


def test_a_rejected_order_is_cancelled_for_the_buyer_with_the_reason() -> None:
    notice = domain.of_order_rejected(ORDER | {"reason": "expired"}, "Jazz")
    assert (notice.recipient, notice.type, notice.metadata["reason"]) == (MEMBER, NoteType.ORDER_CANCELLED, "expired")


@pytest.mark.parametrize(("reason", "note_type"), [("event_cancelled", NoteType.EVENT_CANCELLED),
                                                   ("late_payment", NoteType.ORDER_REFUNDED)])
def test_a_refund_says_why_the_money_comes_back(reason: str, note_type: NoteType) -> None:
    refund = ORDER | {"reason": reason, "ticketIds": ["ticket_1"], "amount": {"amount": 3000, "currency": "EUR"}}
    notice = domain.of_order_refunded(refund, "Jazz")
    assert (notice.recipient, notice.type) == (MEMBER, note_type)
    assert notice.metadata["ticketIds"] == ["ticket_1"] and notice.metadata["amount"]["amount"] == 3000


def test_a_chat_message_tells_its_receiver_who_wrote_and_where_but_not_what() -> None:
    message = {"conversationId": "c-1", "messageId": "m-1", "senderId": ORGANIZER, "senderName": "Club",
               "senderAvatar": "http://x/a.png", "receiverId": MEMBER, "message": "Doors open at nine",
               "createdAt": "2026-12-05T10:00:00.000Z"}
    assert domain.of_chat_message(message) == Notice(MEMBER, NoteType.CHAT_MESSAGE, {
        "conversationId": "c-1", "messageId": "m-1", "senderId": ORGANIZER, "senderName": "Club",
        "senderAvatar": "http://x/a.png", "sentAt": "2026-12-05T10:00:00.000Z"})  # the words stay in chat
    assert domain.of_chat_message({**message, "receiverId": ORGANIZER}) is None  # never to its sender


READ_UP_TO = "2026-12-05T10:00:00.000Z"


@pytest.mark.parametrize(("metadata", "read"), [
    ({"conversationId": "c-1", "sentAt": "2026-12-05T09:59:59.999Z"}, True),   # sent before the read
    ({"conversationId": "c-1", "sentAt": READ_UP_TO}, True),                   # the newest message read
    ({"conversationId": "c-1", "sentAt": "2026-12-05T10:00:00.001Z"}, False),  # sent after: news
    ({"conversationId": "c-2", "sentAt": "2026-12-05T09:00:00.000Z"}, False),  # another conversation
    ({"conversationId": "c-1"}, True),                                         # stored before sentAt was told
])
def test_a_chat_notification_is_read_with_its_conversation_up_to_the_newest_message_read(metadata: dict,
                                                                                       read: bool) -> None:
    assert domain.read_with_conversation(metadata, "c-1", READ_UP_TO) is read
