"""The delivery queue's fan-out against the template's table and a queue (in-process moto): a follower list longer
than one page of the follow replica becomes one message per follower and one for the next page; a redelivered
message for one recipient stores its notification once."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support.context_tables import context_table

ORGANIZER, AT = "org-1", "2026-11-22T02:00:00.000Z"

MEMBER = "00000000-0000-4000-8000-00000000000a"  # a user id as on the bus


@pytest.fixture(autouse=True)
def delivery_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    import boto3
    from kernel.aws import region

    with context_table("notifications"):
        url = boto3.client("sqs", region_name=region()).create_queue(QueueName="deliveries")["QueueUrl"]
        monkeypatch.setenv("DELIVERY_QUEUE_URL", url)
        yield url


def taken(url: str) -> list[dict]:
    import boto3
    from kernel.aws import region

    sqs, found = boto3.client("sqs", region_name=region()), []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            found.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return found


def test_more_followers_than_a_page_each_get_one_message(delivery_queue: str) -> None:
    from notifications import follows
    from notifications.handlers import fan_out

    followers = [f"member-{n:03d}" for n in range(follows.PAGE + 1)]
    for follower in followers:
        follows.keep(follower, ORGANIZER, True, AT)
    follows.keep("gone", ORGANIZER, False, AT)  # unfollowed: not told
    work = {"kind": "followers", "of": ORGANIZER, "frame": {"type": "new_event", "data": {}}, "note": None,
            "cursor": None}
    fan_out._followers(work)
    first = taken(delivery_queue)
    [next_page] = [m for m in first if m["kind"] == "followers"]
    fan_out._followers(next_page)
    rest = taken(delivery_queue)
    told = [m["to"] for m in first + rest if m["kind"] == "one"]
    assert sorted(told) == followers  # each once, across both pages
    assert [m for m in rest if m["kind"] == "followers"] == []


def test_a_redelivered_message_for_one_follower_stores_one_notification(delivery_queue: str) -> None:
    from notifications import inbox
    from notifications.handlers import fan_out

    note = {"type": "new_event", "metadata": {"eventId": "e-1"}, "source": "fact-1", "occurredAt": AT}
    for _ in range(2):  # the delivery queue is at least once
        fan_out.deliver(MEMBER, "new_event", {}, note)
    assert inbox.unread_count(MEMBER) == 1
    assert len(inbox.page(MEMBER, unread_only=False, limit=10, start_key=None)[0]) == 1


def test_a_type_the_recipient_switched_off_in_the_app_is_not_stored(delivery_queue: str) -> None:
    from notifications import consent, inbox
    from notifications.domain import NoteType
    from notifications.handlers import fan_out
    from notifications.preferences import Choice

    consent.keep(consent.load(MEMBER).replaced({NoteType.NEW_EVENT: Choice(in_app=False, email=True)}))
    fan_out.deliver(MEMBER, "new_event", {}, {"type": "new_event", "metadata": {}, "source": "f-1",
                                                 "occurredAt": AT})
    fan_out.deliver("member-2", "new_event", {}, {"type": "new_event", "metadata": {}, "source": "f-1",
                                                 "occurredAt": AT})
    assert inbox.unread_count(MEMBER) == 0
    assert inbox.page(MEMBER, unread_only=False, limit=10, start_key=None)[0] == []
    assert inbox.unread_count("member-2") == 1
