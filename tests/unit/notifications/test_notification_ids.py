"""Notification ids: UUIDv7 ordered by the domain event's time, the same for a redelivered event and recipient."""

from __future__ import annotations

import uuid

from notifications.ids import notification_id


def test_an_id_is_a_version_7_uuid() -> None:
    value = uuid.UUID(notification_id("2026-11-22T02:00:00.123Z", "event-1", "user-1"))
    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_the_same_event_and_recipient_make_the_same_id() -> None:
    assert notification_id("2026-11-22T02:00:00.123Z", "event-1", "user-1") == \
        notification_id("2026-11-22T02:00:00.123Z", "event-1", "user-1")


def test_other_recipients_or_events_make_other_ids() -> None:
    ids = {notification_id("2026-11-22T02:00:00.123Z", event, user) for event in ("e1", "e2") for user in ("u1", "u2")}
    assert len(ids) == 4


def test_ids_sort_by_the_time_of_the_event() -> None:
    times = ["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.001Z", "2026-06-30T12:00:00.500Z",
             "2027-03-01T00:00:00.000Z"]
    made = [notification_id(moment, f"event-{i}", "user-1") for i, moment in enumerate(reversed(times))][::-1]
    assert sorted(made) == made


def test_the_id_carries_the_milliseconds_of_the_event() -> None:
    value = uuid.UUID(notification_id("1970-01-01T00:00:01.234Z", "e", "u"))
    assert value.int >> 80 == 1234
