"""The user replica, kept from `user.*` events (never fetched), and the name index the search suggests from
(NameTerm: each user's name from the start of each word).

Messages may come late, twice or out of order (kernel.replica): a user.created/updated sets each field only when
it is newer than the message that set it, and a deleted user becomes a tombstone (no names, out of the name index)
that no later message revives. The user's partners' participations carry the user's name key for the conversation
search; they are rewritten here when the name changes, off the request path.
"""

from __future__ import annotations

from typing import Any

from kernel import replica as kernel_replica
from kernel import unit_of_work
from kernel.errors import NotFound
from kernel.table import get, get_many, update_if
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from .domain import MAX_TERMS, USER_NOT_FOUND, Person, name_key, name_terms
from .store import (
    CONVERSATION,
    PROFILE,
    UNREAD,
    NameTerm,
    Pair,
    Participation,
    UnreadTotal,
    UserReplica,
    pair_key,
    recent_partition,
    user_key,
)


def _person(item: UserReplica | None) -> Person | None:
    if item is None or not item.live:
        return None
    return Person(user_id=item.userId or "", role=item.role or "", name=item.name or item.username or "",
                  avatar=item.avatar)


def replica(user_id: str) -> UserReplica | None:
    return get(UserReplica, user_key(user_id), PROFILE)


def person(user_id: str) -> Person | None:
    return _person(replica(user_id))


def require_person(user_id: str) -> Person:
    found = person(user_id)
    if found is None:
        raise NotFound(USER_NOT_FOUND)
    return found


def replicas(user_ids: list[str]) -> dict[str, UserReplica]:
    """The replicas (live or tombstones) of these users, by id: one BatchGetItem per 100."""
    items = get_many(UserReplica, [(user_key(u), PROFILE) for u in user_ids])
    return {pk.removeprefix("USER#"): item for (pk, _), item in items.items()}


def live_condition() -> Any:
    return UserReplica.userId.exists() & UserReplica.deletedAt.does_not_exist()


def suggestions(caller_id: str, role: str, name: str | None, id_prefix: str | None, limit: int,
                skip: set[str]) -> list[UserReplica]:
    """Up to `limit` users of `role` with a word of their name starting with `name` (as name_key compares), in
    the order of the matching words, who are not in `skip` and have no conversation with the caller: Queries of
    the name index (its partition is the role) that read what they return plus the terms they skip, and
    BatchGetItems of their replicas and of their pairs with the caller; `id_prefix` filters what they read."""
    condition = NameTerm.GSI1SK.startswith(name_key(name)) if name else None
    id_filter = NameTerm.userId.startswith(id_prefix) if id_prefix else None
    found: dict[str, UserReplica] = {}
    start_key = None
    for _ in range(3):  # a few more terms for those skipped, those with two matching words, the just deleted
        terms = NameTerm.by_name.query(f"NAMES#{role}", range_key_condition=condition, filter_condition=id_filter,
                                       limit=limit + len(skip), page_size=limit + len(skip),
                                       last_evaluated_key=start_key)
        ids = list(dict.fromkeys(t.userId for t in terms if t.userId not in skip and t.userId not in found))
        live = replicas(ids)
        paired = get_many(Pair, [(pair_key(caller_id, u), CONVERSATION) for u in ids])
        found.update((u, live[u]) for u in ids if u in live and live[u].live
                     and (pair_key(caller_id, u), CONVERSATION) not in paired)
        start_key = terms.last_evaluated_key
        if len(found) >= limit or not start_key:
            break
    return list(found.values())[:limit]


# --- kept from domain events (the consumer) ---

def keep_user(payload: dict[str, Any], occurred_at: str) -> None:
    """user.created / user.updated: the replica as of this message unless a newer one was applied; then the
    user's partners find them under the new name. A message newest in every respect (the common case: a
    registration, a profile edit) writes the replica and the name's terms in one transaction; otherwise the
    replica field by field (kernel.replica), then the terms."""
    user_id = payload["id"]
    fields = {"userId": user_id, **{k: payload[k] for k in ("role", "name", "username", "avatar")}}
    key = (user_key(user_id), PROFILE)
    whole = kernel_replica.whole_message(UserReplica, key, occurred_at, fields)
    if whole is None or not _index_name(user_id, payload["role"], payload["name"], occurred_at, with_replica=whole):
        if not kernel_replica.keep(UserReplica, key, occurred_at, fields):
            return
        _index_name(user_id, payload["role"], payload["name"], occurred_at)
    _rename_for_partners(user_id, name_key(payload["name"]), occurred_at)


def _index_name(user_id: str, role: str, name: str, occurred_at: str,
                with_replica: tuple[UserReplica, list[Any], Any] | None = None) -> bool:
    """The name's terms as of this message (a term written by a newer message stays); a surplus term leaves the
    index (its keys go: the index is sparse). One transaction of a conditional update per term (the terms are
    written together, so their versions agree); when a term refuses (newer, or a message that failed halfway),
    one conditional update per term, each as its version allows. `with_replica` (the replica's update of the
    whole message) goes in the same transaction, and then nothing else is tried: False when it was refused."""
    terms = name_terms(name)
    fresh = NameTerm.version.does_not_exist() | (NameTerm.version <= occurred_at)
    updates = []
    for n in range(MAX_TERMS):
        indexed = [NameTerm.GSI1PK.set(f"NAMES#{role}"), NameTerm.GSI1SK.set(f"{terms[n]}#{user_id}")] \
            if n < len(terms) else [NameTerm.GSI1PK.remove(), NameTerm.GSI1SK.remove()]
        updates.append((NameTerm(user_key(user_id), f"TERM#{n}"),
                        [NameTerm.userId.set(user_id), NameTerm.version.set(occurred_at), *indexed]))
    try:
        with TransactWrite(connection=unit_of_work.connection()) as transaction:
            if with_replica is not None:
                transaction.update(with_replica[0], actions=with_replica[1], condition=with_replica[2])
            for item, actions in updates:
                transaction.update(item, actions=actions, condition=fresh)
        return True
    except TransactWriteError as error:
        if not error.cancellation_reasons:
            raise
    if with_replica is not None:
        return False
    for item, actions in updates:
        update_if(item, actions, fresh)
    return True


def _rename_for_partners(user_id: str, key: str, occurred_at: str) -> None:
    for own in Participation.by_recent.query(recent_partition(user_id)):
        theirs = Participation(user_key(own.partnerId), own.SK)
        update_if(theirs, [Participation.partnerName.set(key), Participation.partnerVersion.set(occurred_at)],
               Participation.PK.exists() & (Participation.partnerVersion.does_not_exist()
                                            | (Participation.partnerVersion <= occurred_at)))


def bury_user(user_id: str, occurred_at: str) -> None:
    """user.deleted: a tombstone replaces the replica (out of the name index); the user's own side of every
    conversation and their unread counter go; their partners keep the conversation, showing them as deleted."""
    kernel_replica.bury(UserReplica, (user_key(user_id), PROFILE), occurred_at, expires_after=None, userId=user_id)
    for n in range(MAX_TERMS):
        NameTerm(user_key(user_id), f"TERM#{n}").delete()
    for own in Participation.by_recent.query(recent_partition(user_id)):
        theirs = Participation(user_key(own.partnerId), own.SK)
        # "~" sorts after every instant: no later user.updated renames a deleted partner again
        update_if(theirs, [Participation.partnerName.set(""), Participation.partnerVersion.set("~deleted")],
               Participation.PK.exists())
        own.delete()
    UnreadTotal(user_key(user_id), UNREAD).delete()

