"""The user and event replicas as the interactions consumer keeps them (kernel.replica on the context's table):
whatever order event.* and user.* messages arrive in, the context acts on the newest facts, never on a deleted
user or event, and its own counters on the same items survive the updates."""

from __future__ import annotations

import itertools

import pytest
from interactions import replicas
from interactions.domain import Event
from interactions.store import PROFILE, EventReplica, event_key
from kernel.errors import NotFound
from support.context_tables import table_per_module

T1, T2, T3, T4, T5 = (f"2026-12-05T10:00:0{n}.000Z" for n in range(1, 6))


moto_table, table = table_per_module("interactions")  # one table for the module, emptied after each test


def _user(name: str, user_id: str = "u1") -> dict:
    return {"id": user_id, "role": "organization", "username": "ada", "name": name, "avatar": None}


# The consumer's calls for one event's life (consume.py: event.published, collaborator.accepted, completed),
# with the fields each message carries: event.completed carries no collaborators (any order of the rest of the
# messages: tests/unit/test_kernel_replica.py).
LIFE = [
    (T1, {"creator_id": "org1", "name": "Gig", "collaborator_ids": [], "status": "PUBLISHED"}),
    (T2, {"creator_id": "org1", "name": "Gig", "collaborator_ids": ["org2"]}),
    (T4, {"creator_id": "org1", "name": "Gig", "status": "COMPLETED"}),
]


def test_any_delivery_order_gives_the_completed_event_with_its_accepted_collaborator():
    for n, order in enumerate(itertools.permutations(LIFE)):
        for at, fields in (*order, *order):  # and everything delivered again
            replicas.keep_event(f"e{n}", at, **fields)
        assert replicas.require_event(f"e{n}") == Event(f"e{n}", "org1", ("org2",), "COMPLETED", "Gig"), order


def test_a_deleted_event_is_gone_and_stays_gone():
    replicas.keep_event("e1", T1, creator_id="org1", name="Gig", collaborator_ids=[], status="DRAFT")
    replicas.bury_event("e1", T3)
    replicas.keep_event("e1", T2, creator_id="org1", name="Gig", status="PUBLISHED")  # late
    replicas.keep_event("e1", T4, creator_id="org1", name="Gig", status="COMPLETED")  # after (cannot be, still)
    with pytest.raises(NotFound):
        replicas.require_event("e1")


def test_the_likes_counter_survives_newer_event_messages():
    replicas.keep_event("e1", T1, creator_id="org1", name="Gig", collaborator_ids=[], status="PUBLISHED")
    EventReplica(event_key("e1"), PROFILE).update(actions=[EventReplica.likes.add(2)])
    replicas.keep_event("e1", T2, creator_id="org1", name="Gig!", collaborator_ids=["org2"])
    _, item = replicas.require_visible_event("e1", None)
    assert (item.likes, item.name) == (2, "Gig!")


def test_a_late_user_update_is_ignored_and_a_repeat_changes_nothing():
    assert replicas.keep_user(_user("Ada Lovelace"), T2)
    assert not replicas.keep_user(_user("Ada"), T1)
    assert replicas.keep_user(_user("Ada Lovelace"), T2)
    assert replicas.require_person("u1").name == "Ada Lovelace"


def test_a_deleted_user_is_not_revived_by_a_late_update():
    replicas.keep_user(_user("Ada"), T1)
    replicas.bury_user("u1", T3)
    assert not replicas.keep_user(_user("Ada again"), T2)
    assert replicas.person("u1") is None and replicas.people(["u1"]) == {}
