"""Helpers of the notifications end-to-end tests: real WebSocket clients of the platform's WebSocket API, events
and users made through the public APIs, and the notifications table as the AWS API shows it."""

from __future__ import annotations

import json
import time
import uuid
from contextlib import ExitStack, suppress
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from support.bus import publish
from support.platform import Platform, Response, User
from support.polling import eventually
from support.queues import drained
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect


def socket_url(platform: Platform, token: str | None) -> str:
    return f"{platform.cloud.websocket_url}/live" + (f"?token={token}" if token is not None else "")


class Socket:
    """One open WebSocket connection of a user (one browser tab): the frames it receives, by type."""

    def __init__(self, platform: Platform, user: User) -> None:
        self.user = user
        self._open = ExitStack()
        self.connection: ClientConnection = self._open.enter_context(
            connect(socket_url(platform, user.access_token), open_timeout=20))
        self.frames: list[dict[str, Any]] = []

    def __enter__(self) -> Socket:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._open.close()

    def send(self, message: dict[str, Any]) -> None:
        self.connection.send(json.dumps(message))

    def _receive(self, timeout: float) -> None:
        with suppress(TimeoutError):
            self.frames.append(json.loads(self.connection.recv(timeout=timeout)))

    def wait_for(self, frame_type: str, timeout: float = 20.0, **data: Any) -> dict[str, Any]:
        """The first frame of `frame_type` whose data has these values (received meanwhile, or already)."""
        def matching() -> list[dict[str, Any]]:
            return [f for f in self.frames if f.get("type") == frame_type
                    and all(_get(f.get("data") or {}, k) == v for k, v in data.items())]

        deadline = time.monotonic() + timeout
        while not matching():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {frame_type} frame with {data} within {timeout}s; got {self.frames}")
            self._receive(min(left, 0.5))
        return matching()[0]

    def wait_closed(self, timeout: float = 30.0) -> int | None:
        """Wait for the server to close the socket (frames meanwhile are kept); its close code."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.frames.append(json.loads(self.connection.recv(timeout=min(left, 0.5))))
            except TimeoutError:
                continue
            except ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd else None
        raise AssertionError(f"the server did not close {self.user.username}'s socket within {timeout}s")

    def is_open(self, within: float = 1.0) -> bool:
        """Whether the socket is still open after listening `within` seconds more."""
        try:
            self.received("-", within)  # listening is the point here: a closing frame is awaited
        except ConnectionClosed:
            return False
        return True

    def received(self, frame_type: str, within: float = 0.0) -> list[dict[str, Any]]:
        """Every frame of `frame_type` received so far (after listening `within` seconds more). To prove a frame
        never comes, `settled()` first: a window of listening proves nothing under load."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            self._receive(min(left, 0.2))
        return [f for f in self.frames if f.get("type") == frame_type]


def _get(data: dict[str, Any], dotted: str) -> Any:
    """`metadata__eventId` reads data["metadata"]["eventId"]."""
    value: Any = data
    for part in dotted.split("__"):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def local_in(days: float = 30, zone: str = "Europe/Rome") -> str:
    return (datetime.now(ZoneInfo(zone)) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")


def published_event(platform: Platform, organization: User, title: str = "Jazz on the Roof") -> dict[str, Any]:
    """An event the organization creates as PUBLISHED (event.published goes out)."""
    body = {"title": title, "description": "Three bands, one roof.", "status": "PUBLISHED", "tags": ["Live Music"],
            "date": local_in(30), "timezone": "Europe/Rome",
            "location": {"name": "Terrazza Martini", "country": "Italy", "countryCode": "it", "city": "Milano",
                         "road": "Piazza Diaz", "postcode": "20123", "lat": 45.4642, "lon": 9.19}}
    response = platform.request("POST", "/events", body, user=organization)
    assert response.status == 201, response.raw
    return response.json


def known_to_interactions(platform: Platform, user: User) -> User:
    eventually(lambda: platform.request("GET", f"/interactions/users/{user.id}").status == 200,
               what=f"the interactions replica of {user.username}")
    return user


def like(platform: Platform, user: User, event_id: str) -> Response:
    """Like an event, once interactions knows it (its event.created/published may still be on the way)."""
    def liked() -> Response | None:
        response = platform.request("POST", f"/interactions/events/{event_id}/likes", user=user)
        return response if response.status != 404 else None

    response = eventually(liked, what=f"interactions to know event {event_id}")
    assert response.status == 201, response.raw
    return response


def follow(platform: Platform, follower: User, followed: User) -> None:
    response = platform.request("POST", f"/interactions/users/{follower.id}/following", {"followedId": followed.id},
                                user=follower)
    assert response.status == 201, response.raw


def start_chat(platform: Platform, sender: User, recipient: User, content: str) -> str:
    """A conversation from `sender` to `recipient` with its first message, once chat knows both; its id."""
    def started() -> str | None:
        answer = platform.request("POST", f"/chat/users/{sender.id}/conversations",
                                  {"recipientId": recipient.id, "content": content}, user=sender)
        return answer.json["conversationId"] if answer.status == 201 else None

    return eventually(started, what="chat to know both users")  # type: ignore[no-any-return]


def notifications(platform: Platform, user: User, **params: Any) -> Response:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return platform.request("GET", "/notifications" + (f"?{query}" if query else ""), user=user)


def unread_count(platform: Platform, user: User) -> int:
    response = platform.request("GET", "/notifications/unread-count", user=user)
    assert response.status == 200, response.raw
    return response.json["count"]


def is_online(platform: Platform, asker: User, user_id: str) -> bool:
    response = platform.request("GET", f"/notifications/users/{user_id}/is-online", user=asker)
    assert response.status == 200, response.raw
    return response.json["isOnline"]


class Table:
    """The notifications table, read through the AWS API (what a connection left behind)."""

    def __init__(self, platform: Platform) -> None:
        self.name = platform.cloud.deployment.function_by_logical_id(
            "NotificationsConnectFunction").environment["TABLE_NAME"]
        self.dynamodb = platform.cloud.client("dynamodb")

    def connections_of(self, user_id: str) -> list[str]:
        items = self.dynamodb.query(TableName=self.name, KeyConditionExpression="PK = :pk AND begins_with(SK, :c)",
                                    ExpressionAttributeValues={":pk": {"S": f"USER#{user_id}"},
                                                               ":c": {"S": "CONN#"}}, ConsistentRead=True)["Items"]
        return [item["connectionId"]["S"] for item in items]

    def follower(self, followed_id: str, follower_id: str) -> dict[str, bool] | None:
        item = self.dynamodb.get_item(TableName=self.name, Key={"PK": {"S": f"USER#{followed_id}"},
                                                                "SK": {"S": f"FOLLOWER#{follower_id}"}},
                                      ConsistentRead=True).get("Item")
        return {"active": item["active"]["BOOL"]} if item else None

    def partners(self, one: str, other: str) -> bool:
        """Whether notifications knows the two have chatted (they may see each other's presence)."""
        return "Item" in self.dynamodb.get_item(TableName=self.name, Key={"PK": {"S": f"USER#{one}"},
                                                                          "SK": {"S": f"PARTNER#{other}"}},
                                                ConsistentRead=True)

    def event_name(self, event_id: str) -> str | None:
        item = self.dynamodb.get_item(TableName=self.name, Key={"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "NAME"}},
                                      ConsistentRead=True).get("Item")
        return item["name"]["S"] if item else None

    def add_stale_connection(self, user_id: str, connection_id: str) -> None:
        """A connection whose socket is long gone without a $disconnect (as after a gateway crash)."""
        long_ago = (datetime.now(UTC) - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        expires = {"N": str(int(time.time()) + 3600)}
        self.dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": self.name, "Item": {"PK": {"S": f"CONN#{connection_id}"}, "SK": {"S": "CONNECTION"},
                                                      "userId": {"S": user_id}, "expiresAt": expires}}},
            {"Put": {"TableName": self.name, "Item": {"PK": {"S": f"USER#{user_id}"},
                                                      "SK": {"S": f"CONN#{connection_id}"},
                                                      "connectionId": {"S": connection_id},
                                                      "connectedAt": {"S": long_ago}, "expiresAt": expires}}},
            {"Update": {"TableName": self.name, "Key": {"PK": {"S": f"USER#{user_id}"}, "SK": {"S": "PRESENCE"}},
                        "UpdateExpression": "ADD connections :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        ])


def order_confirmed(platform: Platform, buyer: User, occurred_at: datetime | None = None,
                    event_id: str | None = None) -> dict[str, Any]:
    """payments.order.confirmed for the buyer, as ticketing publishes it; returns the envelope."""
    return publish(platform.cloud, "payments.order.confirmed", {
        "orderId": f"order_{uuid.uuid4()}", "userId": buyer.id, "eventId": event_id or str(uuid.uuid4()),
        "ticketCount": 2}, producer="ticketing", occurred_at=occurred_at)


def notified(platform: Platform, user: User, count: int) -> None:
    """Wait until the user has `count` unread notifications."""
    eventually(lambda: unread_count(platform, user) == count, what=f"{count} unread notifications of {user.username}")


MARKER_TYPE = "order_confirmed"


def settled(platform: Platform, *tabs: Socket) -> None:
    """Every frame on its way to these tabs has arrived: the consumer's and the delivery queue's messages are
    handled, then a marker notification pushed to each tab's user after them is awaited (a socket keeps order,
    so what was pushed before the marker was received before it). The marker is an `order_confirmed`
    notification of its own (stored, unread) for each tab's user."""
    drained(platform, "NotificationsConsumerFunction", "NotificationsFanOutFunction")
    for tab in tabs:
        marker = order_confirmed(platform, tab.user)["payload"]["orderId"]
        tab.wait_for(MARKER_TYPE, metadata__orderId=marker)
