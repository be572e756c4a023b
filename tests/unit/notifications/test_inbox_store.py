"""The inbox's store against the notifications table of the template (in-process moto): a notification stored once
per (fact, recipient) with its unread count, only types of the vocabulary, and the notifications stored before the
vocabulary was one (dotted names) read under their new names."""

from __future__ import annotations

import pytest
from support.context_tables import table_per_module

FACT, AT, RECIPIENT = "fact-1", "2026-11-22T02:00:00.000Z", "user-1"


moto_table, table = table_per_module("notifications")  # one table for the module, emptied after each test


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


def test_a_note_is_marked_read_once_and_the_count_goes_down_once() -> None:
    from notifications import inbox

    stored = inbox.store(RECIPIENT, "like", {}, FACT, AT)
    first, second = inbox.find(RECIPIENT, stored["id"]), inbox.find(RECIPIENT, stored["id"])  # two requests
    assert inbox.mark_read(first) is True
    assert inbox.mark_read(second) is False  # it was read meanwhile: nothing changes
    assert inbox.unread_count(RECIPIENT) == 0
    assert inbox.find(RECIPIENT, stored["id"]).read is True


def test_marking_all_read_marks_each_unread_note_once() -> None:
    from notifications import inbox

    for n in range(3):
        inbox.store(RECIPIENT, "like", {}, f"fact-{n}", AT)
    notes = list(inbox.all_unread(RECIPIENT))
    inbox.mark_read(notes[0])  # another request got there first
    assert inbox.mark_all_read(notes) == 2
    assert inbox.unread_count(RECIPIENT) == 0 and list(inbox.all_unread(RECIPIENT)) == []


def test_the_follow_replica_keeps_the_newest_message() -> None:
    from notifications import follows

    assert follows.keep("a", "b", False, "2026-11-22T02:00:02.000Z")  # the unfollow overtook the follow
    assert follows.keep("a", "b", True, "2026-11-22T02:00:01.000Z") is False
    assert follows.page("b", None) == ([], None)
    assert follows.keep("a", "b", True, "2026-11-22T02:00:03.000Z")
    assert follows.page("b", None) == (["a"], None)


def test_an_event_name_told_late_does_not_replace_a_newer_one() -> None:
    from kernel import replica
    from notifications.store import EventName

    key = ("EVENT#e-1", "NAME")
    assert replica.keep(EventName, key, "2026-11-22T02:00:02.000Z", {"name": "Second"})
    assert replica.keep(EventName, key, "2026-11-22T02:00:01.000Z", {"name": "First"}) is False
    assert EventName.get(*key).name == "Second"


def test_a_page_larger_than_one_transaction_is_marked_read_whole() -> None:
    from notifications import inbox

    for n in range(55):  # more than the 50 notes one transaction marks
        inbox.store(RECIPIENT, "order_confirmed", {"orderId": f"o-{n}"}, f"fact-{n}", AT)
    notes, _ = inbox.page(RECIPIENT, unread_only=False, limit=100, start_key=None)
    assert len(notes) == 55
    assert inbox.mark_all_read(notes) == 55
    assert inbox.unread_count(RECIPIENT) == 0 and list(inbox.all_unread(RECIPIENT)) == []
