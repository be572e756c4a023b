"""The mail ledger on the template's table in moto: a letter goes once per (topic, recipient) even when two
deliveries race or one is retried after SES failed, and an event's updates within the coalescing window start
one announcement, which tells the newest time and place."""

from __future__ import annotations

import json
import os
import uuid

import boto3
import pytest
from support.context_tables import context_table

PUBLISHED, FIRST, SECOND, THIRD = ("2026-12-05T10:00:00.000Z", "2026-12-05T11:00:00.000Z",
                                   "2026-12-05T11:00:00.400Z", "2026-12-05T11:05:00.000Z")


@pytest.fixture(scope="module", autouse=True)
def table():
    from kernel.table import ContextTable

    os.environ["TABLE_NAME"] = ContextTable.Meta.table_name
    with context_table("ticketing"):
        sqs = boto3.client("sqs", region_name="us-east-1")
        os.environ["ANNOUNCE_QUEUE_URL"] = sqs.create_queue(QueueName="announce")["QueueUrl"]
        yield


def test_a_letter_goes_once_per_topic_and_recipient() -> None:
    from ticketing.mail import ledger

    sent: list[str] = []
    topic = f"ORDER#{uuid.uuid4()}#confirmed"
    assert ledger.once(topic, "ann", lambda: sent.append("ann"))
    assert not ledger.once(topic, "ann", lambda: sent.append("ann again"))
    assert ledger.once(topic, "bob", lambda: sent.append("bob"))
    assert sent == ["ann", "bob"]


def test_a_failed_sending_is_retried() -> None:
    from ticketing.mail import ledger

    topic, sent = f"ORDER#{uuid.uuid4()}#confirmed", []

    def ses_down() -> None:
        raise RuntimeError("SES is down")

    with pytest.raises(RuntimeError):
        ledger.once(topic, "ann", ses_down)
    assert ledger.once(topic, "ann", lambda: sent.append("ann"))
    assert sent == ["ann"]


def _update(event_id: str, occurred_at: str, starts_at: str, place: str) -> None:
    from ticketing.handlers import send_mail

    send_mail.on_event_updated({"occurredAt": occurred_at, "payload": {
        "eventId": event_id, "startsAt": starts_at, "locationName": place}})


def _announcements() -> list[str]:
    sqs = boto3.client("sqs", region_name="us-east-1")
    messages = sqs.receive_message(QueueUrl=os.environ["ANNOUNCE_QUEUE_URL"], MaxNumberOfMessages=10)
    for m in messages.get("Messages", []):
        sqs.delete_message(QueueUrl=os.environ["ANNOUNCE_QUEUE_URL"], ReceiptHandle=m["ReceiptHandle"])
    return [json.loads(m["Body"])["eventId"] for m in messages.get("Messages", [])]


def test_updates_within_the_window_start_one_announcement_of_the_newest() -> None:
    from ticketing.handlers import send_mail
    from ticketing.mail import ledger, rules

    event_id = str(uuid.uuid4())
    send_mail.on_event_published({"occurredAt": PUBLISHED, "payload": {
        "eventId": event_id, "startsAt": "2027-01-10T20:00:00Z", "locationName": "Terrazza"}})
    _update(event_id, PUBLISHED, "2027-01-10T20:00:00Z", "Terrazza")  # a description edit: nothing to tell
    assert _announcements() == []

    _update(event_id, FIRST, "2027-01-11T20:00:00Z", "Terrazza")
    _update(event_id, SECOND, "2027-01-11T20:00:00Z", "Teatro")
    assert _announcements() == [event_id]  # one window for both

    ledger.clear_pending(event_id)  # the announcement runs
    item = ledger.current(event_id)
    assert ledger.whereabouts(item) == rules.Whereabouts("2027-01-11T20:00:00Z", "Teatro")
    assert ledger.told(event_id, ledger.whereabouts(item))
    _update(event_id, SECOND, "2027-01-11T20:00:00Z", "Teatro")  # a redelivery of what was told
    assert _announcements() == []
    _update(event_id, THIRD, "2027-01-12T20:00:00Z", "Teatro")  # a change after it: a window of its own
    assert _announcements() == [event_id]


def test_an_older_announcement_finishing_after_a_newer_one_leaves_what_holders_heard_last() -> None:
    """Two announcements of one event at once: the first read the first change, the second (a window opened
    after the first cleared its mark) the next one, and told it first. The first recording what it told last
    would say holders heard the first change: the change back to it would then go untold."""
    from ticketing.handlers import announce_change, send_mail
    from ticketing.mail import ledger, rules

    event_id = str(uuid.uuid4())
    send_mail.on_event_published({"occurredAt": PUBLISHED, "payload": {
        "eventId": event_id, "startsAt": "2027-01-10T20:00:00Z", "locationName": "Terrazza"}})
    _update(event_id, FIRST, "2027-01-11T20:00:00Z", "Terrazza")
    assert _announcements() == [event_id]
    ledger.clear_pending(event_id)  # the first announcement runs: what it reads, it tells ...
    first = ledger.whereabouts(ledger.current(event_id))
    assert first == rules.Whereabouts("2027-01-11T20:00:00Z", "Terrazza")
    _update(event_id, SECOND, "2027-01-12T20:00:00Z", "Terrazza")  # ... a window of its own, told whole meanwhile
    assert _announcements() == [event_id]
    announce_change.announce(event_id)
    assert _announcements() == [event_id]  # its holders' letters
    assert not ledger.told(event_id, first)  # ... the first one records what it told, last
    _update(event_id, THIRD, "2027-01-11T20:00:00Z", "Terrazza")  # back to the first time: holders heard another
    assert _announcements() == [event_id]


def test_an_event_never_published_announces_nothing() -> None:
    event_id = str(uuid.uuid4())
    _update(event_id, FIRST, "2027-01-11T20:00:00Z", "Terrazza")
    assert _announcements() == []


def test_an_event_is_found_under_the_hour_it_starts_in_and_moves_with_it() -> None:
    from ticketing.mail import ledger

    event_id = str(uuid.uuid4())
    ledger.keep(event_id, FIRST, rules_whereabouts("2031-05-01T20:30:00Z"))
    assert [i.PK for i in ledger.starting_in("2031-05-01T20")] == [f"EVENT#{event_id}"]
    ledger.keep(event_id, SECOND, rules_whereabouts("2031-05-02T09:00:00Z"))
    assert ledger.starting_in("2031-05-01T20") == []
    assert [i.PK for i in ledger.starting_in("2031-05-02T09")] == [f"EVENT#{event_id}"]
    ledger.keep(event_id, FIRST, rules_whereabouts("2031-05-01T20:30:00Z"))  # an older message: no effect
    assert ledger.starting_in("2031-05-01T20") == []


def rules_whereabouts(starts_at: str):
    from ticketing.mail.rules import Whereabouts

    return Whereabouts(starts_at, "Teatro")


def test_a_change_of_time_reads_the_whereabouts_from_its_own_writes() -> None:
    from ticketing.handlers import send_mail
    from ticketing.mail.ledger import EventWhereabouts

    event_id = str(uuid.uuid4())
    send_mail.on_event_published({"occurredAt": PUBLISHED, "payload": {
        "eventId": event_id, "startsAt": "2027-01-10T20:00:00Z", "locationName": "Terrazza"}})
    sent: list[str] = []
    client = EventWhereabouts._get_connection().connection.client
    record = lambda model, **_: sent.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb", record)
    try:
        _update(event_id, FIRST, "2027-01-11T20:00:00Z", "Terrazza")
    finally:
        client.meta.events.unregister("before-call.dynamodb", record)
    # the newest place and time, the reminder's hour, the window opened (each answers with the item: no GetItem)
    assert sent == ["UpdateItem", "UpdateItem", "UpdateItem"]
    assert _announcements() == [event_id]  # the window's message, sent with the item as the writes left it
