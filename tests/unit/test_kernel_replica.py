"""kernel.replica against a context's table in in-process moto: late, repeated and out-of-order messages, and
tombstones, as a consumer receives them."""

from __future__ import annotations

import itertools
import time

import pytest
from kernel import replica
from kernel.table import get
from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute
from support.context_tables import table_per_module

RANK = {"DRAFT": 0, "PUBLISHED": 1, "CANCELLED": 2, "COMPLETED": 2}
T1, T2, T3, T4, T5 = (f"2026-12-05T10:00:0{n}.000Z" for n in range(1, 6))


class Person(replica.Replica):
    userId = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    avatar = UnicodeAttribute(null=True)
    followers = NumberAttribute(null=True)  # a counter of the keeping context, not from the messages


class Show(replica.Replica):
    name = UnicodeAttribute(null=True)
    collaboratorIds = ListAttribute(of=UnicodeAttribute, null=True)
    status = UnicodeAttribute(null=True)
    statusRank = NumberAttribute(null=True)


moto_table, table = table_per_module("interactions")  # one table for the module, emptied after each test


def person(key=("USER#u1", "PROFILE")) -> Person | None:
    return get(Person, *key)


def show(key=("EVENT#e1", "PROFILE")) -> Show | None:
    return get(Show, *key)


def keep_show(at: str, key=("EVENT#e1", "PROFILE"), **fields) -> bool:
    return replica.keep(Show, key, at, fields, forward_only={"status": RANK})


USER = ("USER#u1", "PROFILE")
EVENT = ("EVENT#e1", "PROFILE")


# --- newest wins ---------------------------------------------------------------------------------------------------


def test_the_first_message_creates_the_replica():
    assert replica.keep(Person, USER, T1, {"userId": "u1", "name": "Ada", "avatar": None})
    item = person()
    assert (item.userId, item.name, item.avatar, item.deletedAt) == ("u1", "Ada", None, None)
    assert replica.alive(item)


def test_a_newer_message_overwrites_and_none_removes_a_field():
    replica.keep(Person, USER, T1, {"name": "Ada", "avatar": "a.png"})
    assert replica.keep(Person, USER, T2, {"name": "Ada L.", "avatar": None})
    item = person()
    assert (item.name, item.avatar) == ("Ada L.", None)


def test_a_late_message_changes_nothing():
    replica.keep(Person, USER, T2, {"name": "New", "avatar": None})
    assert not replica.keep(Person, USER, T1, {"name": "Old", "avatar": "old.png"})
    item = person()
    assert (item.name, item.avatar) == ("New", None)


def test_a_message_says_nothing_of_the_fields_it_does_not_carry():
    replica.keep(Person, USER, T1, {"name": "Ada", "avatar": "a.png"})
    replica.keep(Person, USER, T3, {"name": "Ada L."})  # newer, without the avatar
    assert replica.keep(Person, USER, T2, {"name": "Ada", "avatar": "b.png"})  # older: only its avatar is news
    item = person()
    assert (item.name, item.avatar) == ("Ada L.", "b.png")


def test_a_repeated_message_applies_again_and_changes_nothing():
    replica.keep(Person, USER, T1, {"name": "Ada"})
    before = person().attribute_values
    assert replica.keep(Person, USER, T1, {"name": "Ada"})  # True: a handler that failed halfway goes on
    assert person().attribute_values == before


def test_fields_the_keeper_owns_are_left_alone():
    Person(*USER, followers=3).save()
    replica.keep(Person, USER, T1, {"name": "Ada"})
    assert person().followers == 3


# --- tombstones ----------------------------------------------------------------------------------------------------


def test_a_deletion_replaces_the_replica_with_a_tombstone_that_expires():
    replica.keep(Person, USER, T1, {"userId": "u1", "name": "Ada", "avatar": "a.png"})
    Person(*USER).update(actions=[Person.followers.set(3)])
    before = int(time.time())
    assert replica.bury(Person, USER, T2, userId="u1")
    after = int(time.time())
    item = person()
    assert (item.userId, item.name, item.avatar, item.followers, item.deletedAt) == ("u1", None, None, None, T2)
    assert item.buried and not replica.alive(item)
    assert before + replica.TOMBSTONE_SECONDS <= item.expiresAt <= after + replica.TOMBSTONE_SECONDS


def test_a_tombstone_may_be_kept_for_good():
    replica.bury(Person, USER, T1, expires_after=None)
    assert person().expiresAt is None and person().buried


@pytest.mark.parametrize("at", [T1, T2, T3], ids=["older", "same instant", "newer"])
def test_no_later_keep_revives_a_tombstone(at):
    replica.bury(Person, USER, T2)
    assert not replica.keep(Person, USER, at, {"name": "Ghost"})
    item = person()
    assert item.buried and item.name is None and item.deletedAt == T2


def test_a_deletion_that_arrives_before_the_creation_wins():
    replica.bury(Show, EVENT, T3)
    assert not keep_show(T1, name="Gig", status="DRAFT")
    assert not keep_show(T2, status="PUBLISHED")
    item = show()
    assert item.buried and (item.name, item.status) == (None, None)


def test_a_repeated_deletion_keeps_the_first_date():
    assert replica.bury(Person, USER, T2)
    assert not replica.bury(Person, USER, T3)
    assert person().deletedAt == T2


def test_alive_is_false_for_no_item():
    assert not replica.alive(None)


# --- forward only ----------------------------------------------------------------------------------------------------


def test_a_late_status_still_moves_forward_but_its_stale_fields_do_not_apply():
    keep_show(T1, name="Gig", status="DRAFT")
    keep_show(T3, name="Gig (renamed)")
    assert keep_show(T2, name="Gig", status="PUBLISHED")  # published before the rename, delivered after it
    item = show()
    assert (item.name, item.status, item.statusRank) == ("Gig (renamed)", "PUBLISHED", 1)


def test_a_newer_message_with_a_lower_status_applies_its_fields_but_not_the_status():
    keep_show(T1, name="Gig", status="CANCELLED")
    assert keep_show(T2, name="Gig II", status="PUBLISHED")
    item = show()
    assert (item.name, item.status) == ("Gig II", "CANCELLED")


def test_a_terminal_status_is_not_replaced_by_another_of_the_same_rank():
    keep_show(T1, status="CANCELLED")
    assert not keep_show(T2, status="COMPLETED")
    assert show().status == "CANCELLED"


def test_a_repeated_status_applies_again_and_changes_nothing():
    keep_show(T2, name="Gig", status="PUBLISHED")
    before = show().attribute_values
    assert keep_show(T2, name="Gig", status="PUBLISHED")
    assert keep_show(T1, status="PUBLISHED")  # same status, older message: still where it was
    assert show().attribute_values == before


def test_a_status_with_no_rank_is_refused_before_anything_is_written():
    with pytest.raises(KeyError):
        keep_show(T1, name="Gig", status="POSTPONED")
    assert show() is None


# --- any order of delivery, any repeat: the same replica -------------------------------------------------------------

LIFECYCLE = [
    (T1, {"name": "Gig", "collaboratorIds": [], "status": "DRAFT"}),
    (T3, {"name": "Gig", "collaboratorIds": ["o2"], "status": "PUBLISHED"}),
    (T4, {"name": "Gig!", "collaboratorIds": ["o2", "o3"]}),
    (T5, {"status": "CANCELLED"}),
]


def test_every_delivery_order_with_repeats_ends_in_the_state_of_in_order_delivery():
    for at, fields in LIFECYCLE:
        keep_show(at, key=("EVENT#in-order", "PROFILE"), **fields)
    expected = show(("EVENT#in-order", "PROFILE"))
    assert (expected.name, expected.collaboratorIds, expected.status) == ("Gig!", ["o2", "o3"], "CANCELLED")
    for n, order in enumerate(itertools.permutations(LIFECYCLE)):
        key = (f"EVENT#order{n}", "PROFILE")
        for at, fields in (*order, order[0], order[-1]):  # and two repeats, one of them after the last
            keep_show(at, key=key, **fields)
        got = show(key)
        assert (got.name, got.collaboratorIds, got.status, got.statusRank) == (
            expected.name, expected.collaboratorIds, expected.status, expected.statusRank), order


def test_every_delivery_order_with_a_deletion_ends_in_the_tombstone():
    kept = (LIFECYCLE[0], LIFECYCLE[1], LIFECYCLE[3])  # the last one newer than the deletion
    messages = [*((lambda key, at=at, fields=fields: keep_show(at, key=key, **fields)) for at, fields in kept),
                lambda key: replica.bury(Show, key, T4)]
    for n, order in enumerate(itertools.permutations(messages)):
        key = (f"EVENT#gone{n}", "PROFILE")
        for deliver in order:
            deliver(key)
        got = show(key)
        assert got.buried and (got.name, got.status, got.collaboratorIds, got.deletedAt) == (None, None, None, T4)


# --- one conditional update, never a read ------------------------------------------------------------------------


@pytest.fixture
def calls():
    """The DynamoDB operations pynamodb sends, in order."""
    sent: list[str] = []
    client = Show._get_connection().connection.client
    record = lambda model, **_: sent.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb", record)
    yield sent
    client.meta.events.unregister("before-call.dynamodb", record)


def test_a_message_newest_in_every_respect_is_one_update_and_no_read(calls):
    keep_show(T1, name="Gig", status="DRAFT")
    keep_show(T2, name="Gig", status="PUBLISHED")
    assert calls == ["UpdateItem", "UpdateItem"]


def test_a_message_stale_in_one_respect_tries_each_part_on_its_own_and_never_reads(calls):
    keep_show(T2, name="Gig II", status="DRAFT")
    calls.clear()
    assert keep_show(T1, name="Gig", status="PUBLISHED")
    assert calls == ["UpdateItem"] * 3  # the whole message; its name (stale); its status (forward)
    assert (show().name, show().status) == ("Gig II", "PUBLISHED")


def test_kept_answers_the_item_as_its_update_left_it_without_a_read(calls):
    keep_show(T1, name="Gig", collaboratorIds=["org2"])
    calls.clear()
    item = replica.kept(Show, EVENT, T2, {"status": "PUBLISHED"}, forward_only={"status": RANK})
    assert calls == ["UpdateItem"]
    assert item is not None and (item.name, item.collaboratorIds, item.status) == ("Gig", ["org2"], "PUBLISHED")


def test_kept_answers_none_when_nothing_applied(calls):
    keep_show(T2, name="Gig II")
    assert replica.kept(Show, EVENT, T1, {"name": "Gig"}) is None
    replica.bury(Show, EVENT, T3)
    assert replica.kept(Show, EVENT, T4, {"name": "Gig III"}) is None


def test_replicas_kept_from_one_message_are_one_transaction(calls):
    replica.keep_all((Person, USER, T2, {"name": "Ada"}), (Show, EVENT, T2, {"name": "Gig"}))
    assert calls == ["TransactWriteItems"]
    assert (person().name, show().name) == ("Ada", "Gig")


def test_a_stale_replica_among_them_sends_each_keep_on_its_own(calls):
    keep_show(T3, name="Newer")
    calls.clear()
    replica.keep_all((Person, USER, T2, {"name": "Ada"}), (Show, EVENT, T2, {"name": "Gig"}))
    assert calls == ["TransactWriteItems", "UpdateItem", "UpdateItem"]  # refused whole; then each keep
    assert (person().name, show().name) == ("Ada", "Newer")
