"""What the chat tests share: users the chat context knows (its replica of them arrived from `user.*`), users
known only from a `user.*` event put on the bus as the users context would, and the requests of the chat API.

Whether chat knows a user is read from the chat table itself (through the embedded cloud's DynamoDB API): the
replica has no endpoint of its own.
"""

from __future__ import annotations

import uuid
from typing import Any

from support.bus import publish
from support.platform import Platform, Response, User
from support.polling import eventually


def assert_problem(response: Response, status: int, detail: str | None = None) -> dict[str, Any]:
    assert response.status == status, (response.status, response.raw)
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json
    assert body["status"] == status
    if detail is not None:
        assert body["detail"] == detail, body
    return body


def new_id() -> str:
    return str(uuid.uuid4())


class Chat:
    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        consumer = platform.cloud.deployment.function_by_logical_id("ChatConsumerFunction")
        self.table = consumer.environment["TABLE_NAME"]
        self.dynamodb, self.sqs = platform.cloud.client("dynamodb"), platform.cloud.client("sqs")
        self.queue_url = next(q.queue_url for q in platform.cloud.deployment.queue_sources
                              if q.function == consumer.name)

    # --- users ---
    def replica(self, user_id: str) -> dict[str, Any] | None:
        item = self.dynamodb.get_item(TableName=self.table, Key={"PK": {"S": f"USER#{user_id}"},
                                                                  "SK": {"S": "PROFILE"}}, ConsistentRead=True)
        return item.get("Item")

    def wait_known(self, user_id: str, name: str | None = None) -> None:
        """Until chat's replica of the user holds this name (or exists, without a name to wait for)."""
        def known() -> bool:
            item = self.replica(user_id)
            return item is not None and "name" in item and (name is None or item["name"]["S"] == name)

        eventually(known, timeout=30, what=f"chat's replica of {user_id} ({name})")

    def user(self, role: str = "member") -> User:
        """A registered, logged-in user whom chat knows."""
        user = self.platform.register(role)
        self.wait_known(user.id)
        return user

    def announce(self, role: str = "organization", name: str | None = None, user_id: str | None = None,
                 event: str = "user.created") -> str:
        """A user as the users context announces them (no account to log in with); waits until chat has it."""
        user_id = user_id or new_id()
        username = f"{role[:3]}{user_id[:8]}"
        name = name or username
        publish(self.platform.cloud, event, {
            "id": user_id, "username": username, "name": name,
            "avatar": f"http://127.0.0.1:3000/media/users/{user_id}/avatar.png", "language": "en", "role": role},
            producer="users")
        self.wait_known(user_id, name)
        return user_id

    def settle(self) -> None:
        """Until the chat consumer has taken every message off its queue (the bus delivers as it is called)."""
        def drained() -> bool:
            counts = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=[
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
            return counts["ApproximateNumberOfMessages"] == counts["ApproximateNumberOfMessagesNotVisible"] == "0"

        eventually(drained, timeout=60, what="the chat consumer to take every message")

    def delete(self, user_id: str) -> None:
        publish(self.platform.cloud, "user.deleted", {"id": user_id}, producer="users")
        eventually(lambda: "deletedAt" in (self.replica(user_id) or {}), timeout=30,
                   what=f"chat to learn that {user_id} was deleted")

    # --- requests ---
    def start(self, sender: User, recipient_id: str, content: str = "Hello!", **headers: str) -> Response:
        return self.platform.request("POST", f"/chat/users/{sender.id}/conversations",
                                     {"recipientId": recipient_id, "content": content}, user=sender,
                                     headers=headers or None)

    def started(self, sender: User, recipient_id: str, content: str = "Hello!") -> dict[str, Any]:
        response = self.start(sender, recipient_id, content)
        assert response.status == 201, response.raw
        return response.json  # type: ignore[no-any-return]

    def send(self, sender: User, conversation_id: str, content: str) -> Response:
        return self.platform.request("POST", f"/chat/users/{sender.id}/conversations/{conversation_id}/messages",
                                     {"content": content}, user=sender)

    def sent(self, sender: User, conversation_id: str, content: str) -> dict[str, Any]:
        response = self.send(sender, conversation_id, content)
        assert response.status == 201, response.raw
        return response.json  # type: ignore[no-any-return]

    def get(self, user: User, path: str) -> Any:
        response = self.platform.request("GET", path, user=user)
        assert response.status == 200, response.raw
        return response.json

    def conversations(self, user: User, query: str = "") -> dict[str, Any]:
        return self.get(user, f"/chat/users/{user.id}/conversations{query}")  # type: ignore[no-any-return]

    def messages(self, user: User, conversation_id: str, query: str = "") -> dict[str, Any]:
        return self.get(user, f"/chat/users/{user.id}/conversations/{conversation_id}/messages{query}")  # type: ignore[no-any-return]

    def unread(self, user: User) -> int:
        return self.get(user, f"/chat/users/{user.id}/unread/count")["unreadCount"]  # type: ignore[no-any-return]


def all_pages(platform: Platform, user: User, path: str, limit: int) -> list[dict[str, Any]]:
    """Every item of a paged list, following nextCursor."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        separator = "&" if "?" in path else "?"
        response = platform.request("GET", f"{path}{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else ""),
                                    user=user)
        assert response.status == 200, response.raw
        items += response.json["items"]
        cursor = response.json["nextCursor"]
        if not cursor:
            return items
