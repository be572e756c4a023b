"""Chat's store against the template's table (in-process moto): the user replica (newest wins, tombstones, the
same fact told twice changes nothing), the name index the search suggests from, and the conversation's
conditions (the first message of a pair creates it once; a message to a deleted partner is refused)."""

from __future__ import annotations

import uuid

import pytest
from kernel.errors import Conflict
from support.context_tables import table_per_module

T1, T2, T3 = "2026-11-22T02:00:01.000Z", "2026-11-22T02:00:02.000Z", "2026-11-22T02:00:03.000Z"


moto_table, table = table_per_module("chat")  # one table for the module, emptied after each test


@pytest.fixture(autouse=True)
def table_name(monkeypatch: pytest.MonkeyPatch, table: str) -> None:
    monkeypatch.setenv("TABLE_NAME", table)  # the outbox writes to the table its function is given


def user(role: str, name: str, at: str = T1, user_id: str | None = None) -> str:
    from chat import users

    user_id = user_id or str(uuid.uuid4())
    users.keep_user({"id": user_id, "role": role, "name": name, "username": name.lower().replace(" ", ""),
                     "avatar": None}, at)
    return user_id


def suggested(role: str, name: str) -> list[str]:
    from chat import users

    return [r.userId for r in users.suggestions(str(uuid.uuid4()), role, name, None, 10, set())]


def test_a_late_rename_loses_to_the_newer_one_in_the_replica_and_the_name_index() -> None:
    from chat import users

    org = user("organization", "Blue Club", T1)
    user("organization", "Red Club", T3, org)
    user("organization", "Stale Club", T2, org)  # late
    assert users.person(org).name == "Red Club"
    assert suggested("organization", "red") == [org]
    assert suggested("organization", "stale") == [] and suggested("organization", "blue") == []


def test_the_same_user_fact_twice_changes_nothing() -> None:
    from chat import users

    org = user("organization", "Blue Club", T2)
    before = users.replica(org).attribute_values
    user("organization", "Blue Club", T2, org)  # a copy of the same fact (another eventId)
    assert users.replica(org).attribute_values == before
    assert suggested("organization", "blue") == [org]


def test_a_deleted_user_stays_deleted_whatever_comes_late() -> None:
    from chat import users

    org = user("organization", "Blue Club", T1)
    users.bury_user(org, T2)
    user("organization", "Blue Club", T3, org)  # a late (or replayed) user.updated
    assert users.person(org) is None
    assert users.replica(org).deletedAt == T2 and users.replica(org).name is None
    assert suggested("organization", "blue") == []


def test_the_first_message_of_a_pair_creates_the_conversation_once() -> None:
    from chat import conversations
    from chat.conversations import ALREADY_EXISTS, Sender

    member, org = user("member", "Ann"), user("organization", "Blue Club")
    first = conversations.start(Sender(member, "member", "ann"), org, "Hello")
    with pytest.raises(Conflict, match=ALREADY_EXISTS):
        conversations.start(Sender(member, "member", "ann"), org, "Hello again")
    assert conversations.of_pair(org, member).conversationId == first.conversationId
    assert conversations.unread_total(org) == 1


def test_a_message_to_a_partner_who_deleted_their_account_is_refused_and_counts_nothing() -> None:
    from chat import conversations, users
    from chat.conversations import PARTNER_GONE, Sender

    member, org = user("member", "Ann"), user("organization", "Blue Club")
    conversation_id = conversations.start(Sender(member, "member", "ann"), org, "Hello").conversationId
    users.bury_user(org, T2)
    with pytest.raises(Conflict, match=PARTNER_GONE):
        conversations.reply(Sender(member, "member", "ann"), conversation_id, "Still there?")
    assert [m.content for m in conversations.messages_page(conversation_id, 10, None)[0]] == ["Hello"]


def test_reading_a_conversation_takes_its_messages_off_the_unread_total() -> None:
    from chat import conversations
    from chat.conversations import Sender

    member, org = user("member", "Ann"), user("organization", "Blue Club")
    conversation_id = conversations.start(Sender(member, "member", "ann"), org, "Hello").conversationId
    conversations.reply(Sender(member, "member", "ann"), conversation_id, "Are you open tonight?")
    assert conversations.unread_total(org) == 2
    conversations.mark_read(org, conversation_id)
    conversations.mark_read(org, conversation_id)  # again: nothing more
    assert conversations.unread_total(org) == 0
    assert conversations.participation(org, conversation_id).unreadCount == 0


def test_a_rename_to_a_shorter_name_takes_the_words_it_lost_out_of_the_index() -> None:
    org = user("organization", "Blue Night Club", T1)
    assert suggested("organization", "club") == [org]
    user("organization", "Red", T2, org)
    assert suggested("organization", "club") == [] and suggested("organization", "night") == []
    assert suggested("organization", "red") == [org]


def test_the_terms_a_newer_message_wrote_before_it_failed_stay_and_the_others_take_an_older_one() -> None:
    from chat.store import NameTerm, user_key
    from kernel.table import update_if

    org = str(uuid.uuid4())
    # a rename at T3 that wrote its first term, then failed (its message comes back later)
    update_if(NameTerm(user_key(org), "TERM#0"), [
        NameTerm.userId.set(org), NameTerm.version.set(T3), NameTerm.GSI1PK.set("NAMES#organization"),
        NameTerm.GSI1SK.set(f"red#{org}")], NameTerm.version.does_not_exist())
    user("organization", "Blue Club", T2, org)  # older: the index's other terms are its own
    assert suggested("organization", "red") == [org] and suggested("organization", "club") == [org]
    assert suggested("organization", "blue") == []


def test_a_new_users_replica_and_name_terms_are_one_transaction() -> None:
    from chat.store import UserReplica

    sent: list[str] = []
    client = UserReplica._get_connection().connection.client
    record = lambda model, **_: sent.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb", record)
    try:
        org = user("organization", "Green Room", T2)
        assert sent == ["TransactWriteItems", "Query"]  # the replica with its terms; the partners to rename
        sent.clear()
        user("organization", "Old Room", T1, org)  # late: refused whole, then field by field (all stale)
        assert sent[0] == "TransactWriteItems" and "Query" not in sent
    finally:
        client.meta.events.unregister("before-call.dynamodb", record)
    assert suggested("organization", "green") == [org] and suggested("organization", "old") == []
