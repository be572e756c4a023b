"""Domain events of chat, ticketing and interactions, put on the bus as their producers publish them (see
events_schema/), become frames on the recipient's open connections; all but chat messages are stored once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from notifications_e2e import (
    MARKER_TYPE,
    Socket,
    Table,
    notifications,
    notified,
    order_confirmed,
    published_event,
    settled,
    unread_count,
)
from support.bus import publish, send
from support.platform import Platform, User
from support.polling import eventually
from support.queues import copy_of, drained


def test_a_chat_message_reaches_both_sides_live_and_only_the_receiver_is_notified(
        platform: Platform, organization: User, member: User) -> None:
    message_id = str(uuid.uuid4())
    payload = {"conversationId": str(uuid.uuid4()), "messageId": message_id, "senderId": member.id,
               "senderName": member.username, "senderAvatar": "http://127.0.0.1/media/users/default.png",
               "receiverId": organization.id, "message": "Is there parking nearby?",
               "createdAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")}
    with Socket(platform, organization) as receiver, Socket(platform, member) as sender_other_tab:
        publish(platform.cloud, "chat.message.created", payload, producer="chat")
        for tab in (receiver, sender_other_tab):
            assert tab.wait_for("message", messageId=message_id)["data"] == payload
        note = receiver.wait_for("chat_message", metadata__messageId=message_id)["data"]
    assert note["metadata"] == {**{k: payload[k] for k in ("conversationId", "messageId", "senderId", "senderName",
                                                           "senderAvatar")},
                                "sentAt": payload["createdAt"]}  # the words stay in chat
    drained(platform, "NotificationsConsumerFunction", "NotificationsFanOutFunction")

    def about_it(user: User) -> list[str]:
        return [n["id"] for n in notifications(platform, user).json["items"]
                if n["metadata"].get("messageId") == message_id]

    assert about_it(organization) == [note["id"]]
    assert about_it(member) == []  # its sender hears nothing


ORDER_OUTCOMES = [
    ("payments.order.rejected", {"reason": "expired"}, "order_cancelled"),
    ("payments.order.refunded", {"reason": "event_cancelled"}, "event_cancelled"),
]


@pytest.mark.parametrize(("event_type", "fields", "frame_type"), ORDER_OUTCOMES)
def test_the_buyer_hears_how_an_order_ended(platform: Platform, member: User, event_type: str, fields: dict,
                                            frame_type: str) -> None:
    order_id = f"order_{uuid.uuid4()}"
    payload = {"orderId": order_id, "userId": member.id, "eventId": str(uuid.uuid4()), **fields}
    if event_type == "payments.order.refunded":
        payload |= {"ticketIds": [f"ticket_{uuid.uuid4()}"], "amount": {"amount": 3000, "currency": "EUR"}}
    with Socket(platform, member) as tab:
        publish(platform.cloud, event_type, payload, producer="ticketing")
        frame = tab.wait_for(frame_type, metadata__orderId=order_id)
    assert frame["data"]["metadata"]["reason"] == fields["reason"]
    stored = notifications(platform, member).json["items"]
    assert [(n["type"], n["id"]) for n in stored] == [(frame_type, frame["data"]["id"])]


def test_an_order_for_a_published_event_names_the_event(platform: Platform, organization: User,
                                                         member: User) -> None:
    platform.verify_email(organization)  # it publishes
    event = published_event(platform, organization, title="Blue Note Sessions")
    eventually(lambda: Table(platform).event_name(event["eventId"]) == "Blue Note Sessions",
               what="the event's name known to notifications")
    with Socket(platform, member) as tab:
        order_id = order_confirmed(platform, member, event_id=event["eventId"])["payload"]["orderId"]
        metadata = tab.wait_for("order_confirmed", metadata__orderId=order_id)["data"]["metadata"]
    assert metadata == {"orderId": order_id, "eventId": event["eventId"], "eventName": "Blue Note Sessions",
                        "ticketCount": 2}


def test_a_confirmed_order_is_stored_once_however_often_it_is_delivered(platform: Platform, member: User) -> None:
    with Socket(platform, member) as tab:
        envelope = order_confirmed(platform, member)
        tab.wait_for("order_confirmed", metadata__orderId=envelope["payload"]["orderId"])
        send(platform.cloud, envelope)  # the same event again (an at-least-once redelivery)
        later = order_confirmed(platform, member)
        tab.wait_for("order_confirmed", metadata__orderId=later["payload"]["orderId"])
    drained(platform, "NotificationsConsumerFunction", "NotificationsFanOutFunction")  # the repeat handled too
    notified(platform, member, 2)
    stored = notifications(platform, member).json["items"]
    assert sorted(n["metadata"]["orderId"] for n in stored) == sorted(
        [envelope["payload"]["orderId"], later["payload"]["orderId"]])


def test_a_confirmed_order_told_again_under_a_new_event_id_is_stored_once(platform: Platform, member: User) -> None:
    """The same fact twice (not the same message: kernel.consumer would drop that before the handler)."""
    envelope = order_confirmed(platform, member)
    send(platform.cloud, copy_of(envelope))
    drained(platform, "NotificationsConsumerFunction", "NotificationsFanOutFunction")
    assert unread_count(platform, member) == 1
    stored = notifications(platform, member).json["items"]  # (which reads them)
    assert [n["metadata"]["orderId"] for n in stored] == [envelope["payload"]["orderId"]]


def test_a_review_tells_the_organizer_and_a_like_of_ones_own_event_tells_nobody(
        platform: Platform, organization: User, member: User) -> None:
    event_id = str(uuid.uuid4())
    avatar = "http://127.0.0.1/media/users/default.png"
    with Socket(platform, organization) as tab:
        publish(platform.cloud, "interactions.like.created", {
            "eventId": event_id, "creatorId": organization.id, "userId": organization.id,
            "userName": organization.username, "userAvatar": avatar}, producer="interactions")
        publish(platform.cloud, "interactions.review.created", {
            "reviewId": str(uuid.uuid4()), "eventId": event_id, "creatorId": organization.id, "collaboratorIds": [],
            "eventName": "Jazz on the Roof", "userId": member.id, "userName": member.username, "userAvatar": avatar,
            "rating": 4, "title": "Great sound"}, producer="interactions")
        review = tab.wait_for("review", metadata__eventId=event_id)
        assert review["data"]["metadata"]["rating"] == 4
        assert review["data"]["metadata"]["userId"] == member.id
        settled(platform, tab)
        assert tab.received("like") == []
    assert [n["type"] for n in notifications(platform, organization).json["items"] if n["type"] != MARKER_TYPE] \
        == ["review"]


def test_a_chat_frame_reaches_the_receiver_once_when_the_senders_push_fails_and_the_event_comes_again(
        platform: Platform, organization: User) -> None:
    """Each recipient's frame is a delivery message of its own: the sender's push failing (here on a connection
    row whose start cannot be read) neither fails the consumer's message nor, when EventBridge delivers the same
    event again, pushes the receiver's frame a second time."""
    sender, message_id = platform.register("member"), str(uuid.uuid4())
    table = Table(platform)
    broken = {"PK": {"S": f"USER#{sender.id}"}, "SK": {"S": "CONN#broken"}, "connectionId": {"S": "broken"},
              "connectedAt": {"S": "not a time"}, "expiresAt": {"N": str(int(datetime.now(UTC).timestamp()) + 600)}}
    table.dynamodb.put_item(TableName=table.name, Item=broken)
    payload = {"conversationId": str(uuid.uuid4()), "messageId": message_id, "senderId": sender.id,
               "senderName": sender.username, "senderAvatar": "http://127.0.0.1/media/users/default.png",
               "receiverId": organization.id, "message": "Still on for tonight?",
               "createdAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")}
    with Socket(platform, organization) as receiver:
        envelope = publish(platform.cloud, "chat.message.created", payload, producer="chat")
        receiver.wait_for("message", messageId=message_id)
        queues_drained(platform)  # the consumer's message is handled (it did not fail), the deliveries too
        send(platform.cloud, envelope)  # the same event again
        settled(platform, receiver)
        frames = [f for f in receiver.received("message") if f["data"]["messageId"] == message_id]
    assert len(frames) == 1


def queues_drained(platform: Platform) -> None:
    """The notifications consumer's and the delivery queue's messages all taken off (handled, or dead)."""
    sqs = platform.cloud.client("sqs")
    names = {platform.cloud.function_named(f) for f in ("NotificationsConsumerFunction", "NotificationsFanOutFunction")}
    urls = [q.queue_url for q in platform.cloud.deployment.queue_sources if q.function in names]

    def empty() -> bool:
        return all(int(v) == 0 for url in urls for v in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"].values())

    eventually(empty, timeout=30, what="the notifications queues to drain")
