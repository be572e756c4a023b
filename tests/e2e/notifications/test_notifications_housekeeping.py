"""Notification housekeeping (reference §12.35): a user deletes one notification or all of them (only their own),
and a deleted account leaves no notification, counter or preference behind."""

from __future__ import annotations

import uuid

import pytest
from notifications_e2e import Socket, Table, notifications, notified, order_confirmed, unread_count
from support.platform import Platform, User
from support.polling import eventually
from support.queues import drained


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/notifications"),
                                              ("DELETE", "/notifications/0d21136c-9867-4ab6-9019-71f6d789d46b")])
def test_deleting_needs_a_token(platform: Platform, method: str, path: str) -> None:
    assert platform.request(method, path).status == 401
    assert platform.request(method, path, headers={"authorization": "Bearer nonsense"}).status == 401


def test_a_user_deletes_one_of_their_notifications_and_nobody_elses(platform: Platform, member: User,
                                                                    other_member: User) -> None:
    with Socket(platform, member) as tab:
        orders = [order_confirmed(platform, member)["payload"]["orderId"] for _ in range(2)]
        kept, gone = (tab.wait_for("order_confirmed", metadata__orderId=o)["data"]["id"] for o in orders)
    notified(platform, member, 2)
    for stranger, target in ((other_member, gone), (member, str(uuid.uuid4()))):
        refused = platform.request("DELETE", f"/notifications/{target}", user=stranger)
        assert refused.status == 404 and refused.headers["content-type"].startswith("application/problem+json")
    assert platform.request("DELETE", "/notifications/not-an-id", user=member).status == 404
    assert platform.request("DELETE", f"/notifications/{gone}", user=member).status == 204
    assert platform.request("DELETE", f"/notifications/{gone}", user=member).status == 404
    assert [n["id"] for n in notifications(platform, member).json["items"]] == [kept]
    assert unread_count(platform, member) == 0  # the listing read the one left; the deleted one counts no more


def test_deleting_an_unread_notification_takes_it_off_the_unread_count(platform: Platform, member: User) -> None:
    with Socket(platform, member) as tab:
        order = order_confirmed(platform, member)["payload"]["orderId"]
        note_id = tab.wait_for("order_confirmed", metadata__orderId=order)["data"]["id"]
    notified(platform, member, 1)
    assert platform.request("DELETE", f"/notifications/{note_id}", user=member).status == 204
    assert unread_count(platform, member) == 0


def test_a_user_deletes_all_their_notifications(platform: Platform, member: User, other_member: User) -> None:
    for user in (member, other_member):
        with Socket(platform, user) as tab:
            for order in [order_confirmed(platform, user)["payload"]["orderId"] for _ in range(3)]:
                tab.wait_for("order_confirmed", metadata__orderId=order)
        notified(platform, user, 3)
    response = platform.request("DELETE", "/notifications", user=member)
    assert response.status == 200 and response.json == {"deleted": 3}
    assert notifications(platform, member).json["items"] == [] and unread_count(platform, member) == 0
    assert unread_count(platform, other_member) == 3
    assert platform.request("DELETE", "/notifications", user=member).json == {"deleted": 0}


def test_a_deleted_account_leaves_no_notification_counter_or_preference_and_gets_none_later(
        platform: Platform, member: User) -> None:
    with Socket(platform, member) as tab:
        order = order_confirmed(platform, member)["payload"]["orderId"]
        tab.wait_for("order_confirmed", metadata__orderId=order)
    notified(platform, member, 1)
    chosen = {"preferences": {"like": {"inApp": False, "email": True}}}
    assert platform.request("PUT", f"/notifications/users/{member.id}/preferences", chosen, user=member).status == 200
    table = Table(platform)
    assert {"NOTE", "COUNTERS", "PREF"} <= kinds(table, member.id)
    assert platform.request("DELETE", f"/users/{member.id}", user=member).status == 204
    eventually(lambda: not ({"NOTE", "COUNTERS", "PREF"} & kinds(table, member.id)),
               what="the deleted account's notifications, counter and preferences to go")
    order_confirmed(platform, member)  # a notification still on its way for the deleted account
    drained(platform, "NotificationsConsumerFunction", "NotificationsFanOutFunction")
    left = kinds(table, member.id)
    assert "ERASED" in left and not ({"NOTE", "COUNTERS"} & left), left


def kinds(table: Table, user_id: str) -> set[str]:
    """The kinds of item (NOTE, COUNTERS, PREF, CONN, ...) under the user's partition."""
    items = table.dynamodb.query(TableName=table.name, KeyConditionExpression="PK = :pk",
                                 ExpressionAttributeValues={":pk": {"S": f"USER#{user_id}"}},
                                 ConsistentRead=True)["Items"]
    return {item["SK"]["S"].split("#")[0] for item in items}
