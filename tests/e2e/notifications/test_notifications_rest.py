"""The notifications REST API (reference §2.6 with the fixes of §12): the caller's own notifications only, newest
first in cursor pages, `unreadOnly=false` means false, bad paging is a 400, unread count from a counter."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from notifications_e2e import Socket, notifications, notified, order_confirmed, unread_count
from support.platform import Platform, User


def three_notifications(platform: Platform, user: User) -> list[str]:
    """Three order_confirmed notifications a minute apart; their orderIds, oldest first."""
    start = datetime.now(UTC) - timedelta(minutes=5)
    orders = [order_confirmed(platform, user, occurred_at=start + timedelta(minutes=i))["payload"]["orderId"]
              for i in range(3)]
    notified(platform, user, 3)
    return orders


SOME_ID = "0d21136c-9867-4ab6-9019-71f6d789d46b"  # fixed: pytest-xdist workers must collect the same test ids


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/notifications"), ("GET", "/notifications/unread-count"), ("POST", "/notifications/read-all"),
    ("POST", f"/notifications/{SOME_ID}"), ("GET", f"/notifications/users/{SOME_ID}/is-online")])
def test_every_route_needs_a_token(platform: Platform, method: str, path: str) -> None:
    response = platform.request(method, path)
    assert response.status == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert platform.request(method, path, headers={"authorization": "Bearer nonsense"}).status == 401


def test_pages_newest_first_with_a_cursor_and_listing_marks_them_read(platform: Platform, member: User) -> None:
    orders = three_notifications(platform, member)
    first = notifications(platform, member, limit=2)
    assert first.status == 200
    assert [n["metadata"]["orderId"] for n in first.json["items"]] == orders[:0:-1]
    assert all(n["type"] == "order_confirmed" and n["read"] is False for n in first.json["items"])
    second = notifications(platform, member, limit=2, cursor=first.json["nextCursor"])
    assert [n["metadata"]["orderId"] for n in second.json["items"]] == orders[:1]
    assert unread_count(platform, member) == 0
    again = notifications(platform, member, limit=5).json
    assert [n["read"] for n in again["items"]] == [True, True, True]
    assert again["nextCursor"] is None


def test_unread_only_true_and_false(platform: Platform, member: User) -> None:
    orders = three_notifications(platform, member)
    newest = notifications(platform, member, limit=1, unreadOnly="true").json["items"][0]  # marks it read
    assert newest["metadata"]["orderId"] == orders[2]
    unread = notifications(platform, member, unreadOnly="true").json["items"]
    assert [n["metadata"]["orderId"] for n in unread] == orders[1::-1]
    everything = notifications(platform, member, unreadOnly="false").json["items"]
    assert [n["metadata"]["orderId"] for n in everything] == orders[::-1]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"cursor": "not-a-cursor"},
                                   {"unreadOnly": "yes"}, {"unreadOnly": "False"}])
def test_bad_paging_is_a_400(platform: Platform, member: User, query: dict) -> None:
    response = notifications(platform, member, **query)
    assert response.status == 400, response.raw
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_cursor_of_someone_elses_list_is_a_400(platform: Platform, member: User, other_member: User) -> None:
    three_notifications(platform, member)
    cursor = notifications(platform, member, limit=1).json["nextCursor"]
    assert notifications(platform, other_member, cursor=cursor).status == 400


def test_marking_one_read_is_only_for_its_owner(platform: Platform, member: User, other_member: User) -> None:
    with Socket(platform, member) as tab:
        order_id = order_confirmed(platform, member)["payload"]["orderId"]
        note_id = tab.wait_for("order_confirmed", metadata__orderId=order_id)["data"]["id"]
    notified(platform, member, 1)
    for stranger, target in ((other_member, note_id), (member, str(uuid.uuid4()))):
        response = platform.request("POST", f"/notifications/{target}", user=stranger)
        assert response.status == 404, response.raw
    assert platform.request("POST", "/notifications/not-an-id", user=member).status == 404
    assert unread_count(platform, member) == 1
    for _ in range(2):  # marking again changes nothing
        response = platform.request("POST", f"/notifications/{note_id}", user=member)
        assert response.status == 200, response.raw
        assert unread_count(platform, member) == 0
    listed = notifications(platform, member).json["items"]
    assert [(n["id"], n["read"]) for n in listed] == [(note_id, True)]


def test_read_all_marks_every_unread_one(platform: Platform, member: User, other_member: User) -> None:
    three_notifications(platform, member)
    order_confirmed(platform, other_member)
    notified(platform, other_member, 1)
    response = platform.request("POST", "/notifications/read-all", user=member)
    assert response.status == 200, response.raw
    assert response.json["success"] is True
    assert unread_count(platform, member) == 0
    assert notifications(platform, member, unreadOnly="true").json["items"] == []
    assert unread_count(platform, other_member) == 1


def test_the_api_describes_itself(platform: Platform) -> None:
    response = platform.request("GET", "/notifications/openapi.json")
    assert response.status == 200
    paths = response.json["paths"]
    assert {"/notifications", "/notifications/unread-count", "/notifications/read-all",
            "/notifications/{notificationId}", "/notifications/users/{userId}/is-online"} <= set(paths)
    assert paths["/notifications"]["get"]["security"] == [{"bearer": []}]
