"""Connections and presence against the notifications table (in-process moto): open and close keep the count of
a user's connections in the same transaction; a second close (the other path of a GoneException) changes nothing;
the online flag is announced once per change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.context_tables import context_table

USER = "user-1"


@pytest.fixture(autouse=True)
def delivery_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The table, and the delivery queue the presence frames go to (in the same moto)."""
    import boto3
    from kernel.aws import region

    with context_table("notifications"):
        sqs = boto3.client("sqs", region_name=region())
        url = sqs.create_queue(QueueName="deliveries")["QueueUrl"]
        monkeypatch.setenv("DELIVERY_QUEUE_URL", url)
        yield url


def told(url: str) -> list[tuple[str, str, str]]:
    """(kind, user, frame type) of each message on the delivery queue."""
    import json

    import boto3
    from kernel.aws import region

    sqs, found = boto3.client("sqs", region_name=region()), []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            body = json.loads(message["Body"])
            found.append((body["kind"], body["of"], body["frame"]["type"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return sorted(found)


def token():
    import time

    from notifications.connections import Token

    now = int(time.time())
    return Token(session_id="s-1", issued_at=now, expires_at=now + 3600)


def presence() -> tuple[int, bool | None]:
    from notifications.store import PRESENCE, Presence, user_key

    item = Presence.get(user_key(USER), PRESENCE)
    return int(item.connections), item.online


def test_two_connections_open_and_close_and_the_user_is_announced_online_and_offline_once(delivery_queue) -> None:
    from notifications import connections

    connections.open("c-1", USER, token())
    connections.open("c-2", USER, token())
    assert presence() == (2, True) and connections.is_online(USER)
    assert told(delivery_queue) == [("followers", USER, "user-online"), ("partners", USER, "user-online")]
    connections.close("c-1")
    connections.close("c-1")  # the other path: nothing more
    assert presence() == (1, True)
    connections.close("c-2")
    assert presence() == (0, False) and not connections.is_online(USER)
    assert told(delivery_queue) == [("followers", USER, "user-offline"), ("partners", USER, "user-offline")]
