"""The inbox's store against the notifications table of the template (in-process moto): a notification stored once
per (fact, recipient) with its unread count, only types of the vocabulary, and the notifications stored before the
vocabulary was one (dotted names) read under their new names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.context_tables import context_table

FACT, AT, RECIPIENT = "fact-1", "2026-11-22T02:00:00.000Z", "user-1"


@pytest.fixture(autouse=True)
def table() -> Iterator[None]:
    with context_table("notifications"):
        yield


def listed(user_id: str = RECIPIENT) -> list[dict]:
    from notifications import inbox

    notes, _ = inbox.page(user_id, unread_only=False, limit=50, start_key=None)
    return [inbox.view(note) for note in notes]


def test_a_notification_is_stored_once_per_fact_and_recipient() -> None:
    from notifications import inbox

    first = inbox.store(RECIPIENT, "like", {"eventId": "e-1"}, FACT, AT)
    again = inbox.store(RECIPIENT, "like", {"eventId": "e-1"}, FACT, AT)
    assert again == first
    assert [n["id"] for n in listed()] == [first["id"]]
    assert inbox.unread_count(RECIPIENT) == 1


def test_a_notification_stored_under_an_old_dotted_name_reads_under_its_new_one() -> None:
    from notifications import inbox
    from notifications.store import Note, note_key, user_key

    Note(user_key(RECIPIENT), note_key("n-1"), id="n-1", userId=RECIPIENT, type="order.confirmed",  # as stored
         metadata={"orderId": "o-1"}, read=False, createdAt=AT, updatedAt=AT).save()     # before the vocabulary
    assert [(n["id"], n["type"]) for n in listed()] == [("n-1", "order_confirmed")]
    assert inbox.view(inbox.find(RECIPIENT, "n-1"))["type"] == "order_confirmed"


def test_an_old_name_still_on_its_way_is_stored_under_its_new_one() -> None:
    from notifications import inbox
    from notifications.store import Note, note_key, user_key

    view = inbox.store(RECIPIENT, "event.cancelled", {"orderId": "o-1"}, FACT, AT)
    assert view["type"] == "event_cancelled"
    assert Note.get(user_key(RECIPIENT), note_key(view["id"])).type == "event_cancelled"


def test_a_type_outside_the_vocabulary_is_refused_and_nothing_is_stored() -> None:
    from notifications import inbox

    with pytest.raises(ValueError):
        inbox.store(RECIPIENT, "order.lost", {}, FACT, AT)
    assert listed() == []
    assert inbox.unread_count(RECIPIENT) == 0
