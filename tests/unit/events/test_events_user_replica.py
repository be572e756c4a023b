"""The users the events context knows (role and name, from user.*), kept by kernel.replica on the context's table:
collaborators must be organizations it knows, and event views show their creator's current name."""

from __future__ import annotations

from events import store
from support.context_tables import table_per_module

T1, T2, T3 = (f"2026-12-05T10:00:0{n}.000Z" for n in range(1, 4))


moto_table, table = table_per_module("events")  # one table for the module, emptied after each test


def known() -> dict[str, tuple[str | None, str | None]]:
    return {user_id: (item.role, item.name) for user_id, item in store.users(["u1", "u2"]).items()}


def test_the_newest_role_and_name_win_whatever_the_order():
    store.remember_user("u1", "organization", "Club B", T2)
    store.remember_user("u1", "organization", "Club A", T1)  # late
    store.remember_user("u1", "organization", "Club B", T2)  # again
    assert known() == {"u1": ("organization", "Club B")}


def test_a_deleted_user_is_unknown_even_to_a_later_message():
    store.remember_user("u1", "organization", "Club", T1)
    store.forget_user("u1", T2)
    store.remember_user("u1", "organization", "Club", T1)
    store.remember_user("u1", "organization", "Club again", T3)
    assert known() == {}


def test_a_deletion_first_then_its_creation_leaves_the_user_unknown():
    store.forget_user("u2", T2)
    store.remember_user("u2", "member", "Ada", T1)
    store.remember_user("u1", "member", "Bob", T1)
    assert known() == {"u1": ("member", "Bob")}
