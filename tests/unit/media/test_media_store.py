"""The media store and consumer against the media table of the template (in-process moto): the event replica
(newest wins, the status only moves forward, a deletion is for good), an upload published once with its
announcement, and a poster refused once its event is gone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from support.context_tables import context_table

CREATOR = "0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a01"
EVENT, UPLOAD_ID = "1c8f4e63-ab52-4d2f-9a7b-3e6d8f0c2b01", "2d9a5f74-bc63-4e3a-8b8c-4f7e9a1d3c01"
T1, T2, T3 = "2026-12-05T01:00:00.000Z", "2026-12-05T02:00:00.000Z", "2026-12-05T03:00:00.000Z"
BUCKET = "media-test"


@pytest.fixture(autouse=True)
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from kernel.aws import client

    with context_table("media") as name:
        monkeypatch.setenv("TABLE_NAME", name)  # where kernel.outbox writes
        monkeypatch.setenv("MEDIA_BUCKET", BUCKET)
        client.cache_clear()  # a client of this moto
        boto3.client("s3").create_bucket(Bucket=BUCKET)
        yield name
        client.cache_clear()


def published(table: str) -> list[tuple[str, dict[str, Any]]]:
    found = boto3.client("dynamodb").scan(TableName=table)["Items"]
    return [(e["eventType"], e["payload"]) for e in (json.loads(i["envelope"]["S"]) for i in found if "envelope" in i)]


def told(event_type: str, occurred_at: str, status: str = "DRAFT", event_id: str = "m-1") -> dict[str, Any]:
    payload = {"eventId": EVENT} if event_type == "event.deleted" else \
        {"eventId": EVENT, "creatorId": CREATOR, "status": status}
    return {"eventId": event_id, "eventType": event_type, "occurredAt": occurred_at, "payload": payload}


def deliver(*messages: dict[str, Any]) -> None:
    from media.handlers.consume import on_event_changed, on_event_deleted

    for message in messages:
        (on_event_deleted if message["eventType"] == "event.deleted" else on_event_changed)(message)


def status() -> str | None:
    from media import store

    known = store.known_event(EVENT)
    return known.status if known else None


def test_the_replica_holds_the_newest_creator_and_the_furthest_status_in_any_order() -> None:
    deliver(told("event.updated", T2, "PUBLISHED"), told("event.created", T1, "DRAFT"))
    assert status() == "PUBLISHED"
    deliver(told("event.created", T1, "DRAFT", event_id="m-2"))  # the same fact again, under a new eventId
    assert status() == "PUBLISHED"


def test_a_deleted_event_stays_deleted_whatever_comes_late() -> None:
    deliver(told("event.created", T1), told("event.deleted", T2), told("event.updated", T3, "PUBLISHED"),
            told("event.deleted", T2, event_id="m-2"))
    assert status() is None


def avatar_upload(etag: str = "etag-1") -> Any:
    from media.domain import Target, Upload

    upload = Upload(Target("avatar", CREATOR).upload_key(UPLOAD_ID), etag, Target("avatar", CREATOR))
    upload.publish("https://media/users/a.jpg")
    return upload


def poster_upload() -> Any:
    from media.domain import Target, Upload

    upload = Upload(Target("poster", EVENT).upload_key(UPLOAD_ID), "etag-1", Target("poster", EVENT))
    upload.publish("https://media/events/p.jpg")
    return upload


def test_an_upload_is_published_once_however_often_s3_tells_of_it(table: str) -> None:
    from media import store

    assert store.publish(avatar_upload(), "users/a.jpg") is store.Outcome.PUBLISHED
    assert store.publish(avatar_upload(), "users/a.jpg") is store.Outcome.ALREADY_PUBLISHED
    assert published(table) == [("media.avatar.updated", {"userId": CREATOR, "url": "https://media/users/a.jpg"})]
    assert store.publish(avatar_upload("etag-2"), "users/a.jpg") is store.Outcome.PUBLISHED  # a new version


def test_a_poster_of_an_event_unknown_or_gone_is_not_published(table: str) -> None:
    from media import store

    assert store.publish(poster_upload(), "events/p.jpg") is store.Outcome.EVENT_GONE
    deliver(told("event.created", T1), told("event.deleted", T2))
    assert store.publish(poster_upload(), "events/p.jpg") is store.Outcome.EVENT_GONE
    assert published(table) == []


def test_a_poster_of_a_known_event_is_published(table: str) -> None:
    from media import store

    deliver(told("event.created", T1))
    assert store.publish(poster_upload(), "events/p.jpg") is store.Outcome.PUBLISHED
    assert [event_type for event_type, _ in published(table)] == ["media.poster.updated"]


def test_a_deleted_event_loses_its_posters_and_nothing_else() -> None:
    s3 = boto3.client("s3")
    keep = ["users/default.png", f"events/{CREATOR}/poster-1.jpg"]
    for key in [f"events/{EVENT}/poster-1.jpg", f"events/{EVENT}/poster-2.jpg", *keep]:
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"x")
    deliver(told("event.created", T1), told("event.deleted", T2), told("event.deleted", T2, event_id="m-2"))
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]) == sorted(keep)


def test_the_consumer_keeps_an_event_told_again_and_out_of_order_as_if_told_once() -> None:
    """event.created/updated run for every delivery (kernel.consumer `repeatable`, no idempotency record): the same
    fact under new eventIds, twice, and after a newer one, changes nothing."""
    from media.handlers import consume
    from support.consumer_calls import deliver as consume_all
    from support.consumer_calls import envelope, idempotency_records
    from support.queues import copy_of

    created = envelope("event.created", T1, eventId=EVENT, creatorId=CREATOR, status="DRAFT")
    updated = envelope("event.updated", T2, eventId=EVENT, creatorId=CREATOR, status="PUBLISHED")
    consume_all(consume.handler, created, copy_of(created), copy_of(created))
    assert status() == "DRAFT"
    consume_all(consume.handler, updated, copy_of(created), copy_of(updated), copy_of(created))
    assert status() == "PUBLISHED"
    assert idempotency_records() == []
