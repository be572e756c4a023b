"""Replicas: a context's copy of another context's data, kept from domain events (never fetched).

Messages come late, twice or out of order, and each carries only some fields, so a replica item is never read
before it is written; each change is a conditional update that refuses what is older than what the item holds:

- newest wins, field by field: beside each field it keeps, the item holds the `occurredAt` of the message that
  set it (`<field>At`, written here, not declared on the model), and a message sets a field only when it is at
  least as new (a repeat applies again and changes nothing, so a handler that failed halfway redoes its next
  steps). A message that does not carry a field says nothing about it: an older one that does still applies;
- forward only: a field named in `forward_only` (an event's status) takes a value only when it ranks higher than
  the one held, whatever the times say (`<field>Rank`, declared on the model, holds the rank);
- tombstones: `bury` replaces the item with a tombstone (`deletedAt`, and `expiresAt` for the table's TTL, longer
  than any message can wait in a queue and its DLQ) that no `keep` brings back to life, however new.

    class UserReplica(Replica):
        name = UnicodeAttribute(null=True)

    replica.keep(UserReplica, (f"USER#{id}", "PROFILE"), occurred_at, {"name": name})
    replica.keep(EventReplica, key, occurred_at, {"name": name, "status": status}, forward_only={"status": RANK})
    replica.kept(EventReplica, key, occurred_at, {...})   # the item as the update left it (None: nothing applied)
    replica.keep_all((HolderLanguage, key, occurred_at, {...}), (UsernameLookup, key2, occurred_at, {...}))
    replica.bury(UserReplica, key, occurred_at, userId=id)
    replica.alive(item)   # read side: an item that exists and is not a tombstone
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, TypeVar

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.expressions.operand import Path

from .table import ContextTable, put_if, update_if

TOMBSTONE_SECONDS = 30 * 24 * 3600  # longer than any message can wait (DLQs keep 14 days)

R = TypeVar("R", bound="Replica")


class Replica(ContextTable):
    """The attributes every replica item carries; a context's replica model adds the fields it keeps (and a
    `<field>Rank` number for each forward-only field)."""

    deletedAt = UnicodeAttribute(null=True)  # occurredAt of the deletion: the item is a tombstone
    expiresAt = NumberAttribute(null=True)  # the table's TTL, on tombstones only

    @property
    def buried(self) -> bool:
        return self.deletedAt is not None


def alive(item: Replica | None) -> bool:
    """The replica exists and is not a tombstone."""
    return item is not None and not item.buried


def _newest(model: type[Replica], name: str, value: Any, occurred_at: str) -> tuple[list[Any], Any]:
    """The actions and condition setting a newest-wins field (None removes it) with the time of its message."""
    attribute, at = getattr(model, name), Path(f"{name}At")
    stamp = {"S": occurred_at}
    return ([attribute.remove() if value is None else attribute.set(value), at.set(stamp)],
            at.does_not_exist() | (at <= stamp))


def keep(model: type[R], key: tuple[str, str], occurred_at: str, fields: Mapping[str, Any],
         forward_only: Mapping[str, Mapping[str, int]] | None = None) -> bool:
    """The replica as of this message: each of its `fields` (model attribute names; None removes one) unless a
    newer message set that field, or the item is a tombstone; a field of `forward_only` ({field: {value: rank}})
    takes its value only when that ranks higher than the value held (or is the value held).

    One conditional update when the message is the newest for every field it carries; otherwise each field is
    tried on its own, one conditional update each. True when anything applied (a repeat included)."""
    return kept(model, key, occurred_at, fields, forward_only) is not None


def kept(model: type[R], key: tuple[str, str], occurred_at: str, fields: Mapping[str, Any],
         forward_only: Mapping[str, Mapping[str, int]] | None = None) -> R | None:
    """`keep`, answering with the whole item as the last update that applied left it (UpdateItem's ALL_NEW: what
    a GetItem right after would read, without it), or None when nothing applied."""
    parts = _parts(model, occurred_at, fields, forward_only)
    if not parts:
        return None
    item, actions, condition = _whole(model, key, parts)
    if update_if(item, actions, condition):
        return item
    standing = model.deletedAt.does_not_exist()
    if len(parts) == 1:
        return None  # that update was the only one: the message is stale or the item a tombstone
    applied = False
    for part_actions, part_condition in parts:
        applied = update_if(item, part_actions, standing & part_condition) or applied
    return item if applied else None


def _parts(model: type[Replica], occurred_at: str, fields: Mapping[str, Any],
           forward_only: Mapping[str, Mapping[str, int]] | None) -> list[tuple[list[Any], Any]]:
    ranks = forward_only or {}
    return [_rise(model, name, value, ranks[name]) if name in ranks else _newest(model, name, value, occurred_at)
            for name, value in fields.items() if not (name in ranks and value is None)]


def _whole(model: type[R], key: tuple[str, str], parts: list[tuple[list[Any], Any]]) -> tuple[R, list[Any], Any]:
    item, condition = model(*key), model.deletedAt.does_not_exist()
    actions: list[Any] = []
    for part_actions, part_condition in parts:
        actions += part_actions
        condition &= part_condition
    return item, actions, condition


def whole_message(model: type[R], key: tuple[str, str], occurred_at: str, fields: Mapping[str, Any],
                  forward_only: Mapping[str, Mapping[str, int]] | None = None) -> tuple[R, list[Any], Any] | None:
    """The one conditional update `keep` tries first (item, actions, condition), to put in a transaction with
    other writes: it applies when the message is the newest for every field it carries (None: no field). When the
    transaction is refused, `keep` does the rest (each field on its own)."""
    parts = _parts(model, occurred_at, fields, forward_only)
    return _whole(model, key, parts) if parts else None


def keep_all(*keeps: tuple[type[Replica], tuple[str, str], str, Mapping[str, Any]]) -> None:
    """Several replicas kept from one message, each as `keep(model, key, occurred_at, fields)` would: one
    transaction of their whole-message updates when the message is the newest for every field of each (one
    request instead of one each); when that is refused, each `keep` on its own."""
    wholes = [whole_message(*each) for each in keeps]
    if len(wholes) > 1 and all(whole is not None for whole in wholes):
        from pynamodb.exceptions import TransactWriteError

        from .unit_of_work import transaction

        try:
            with transaction() as writes:
                for item, actions, condition in wholes:  # type: ignore[misc]
                    writes.update(item, actions=actions, condition=condition)
            return
        except TransactWriteError as error:
            if not error.cancellation_reasons:
                raise
    for each in keeps:
        keep(*each)


def _rise(model: type[Replica], name: str, value: Any, ranks: Mapping[str, int]) -> tuple[list[Any], Any]:
    """The actions and condition moving a forward-only field to `value`: a higher rank, or the same value."""
    rank = ranks[value]  # a value with no rank is a producer's bug: the message goes to the DLQ
    attribute, rank_attribute = getattr(model, name), getattr(model, f"{name}Rank")
    return ([attribute.set(value), rank_attribute.set(rank)],
            rank_attribute.does_not_exist() | (rank_attribute < rank) | (attribute == value))


def bury(model: type[R], key: tuple[str, str], occurred_at: str, expires_after: int | None = TOMBSTONE_SECONDS,
         **attributes: Any) -> bool:
    """A tombstone replaces the replica (its copied fields go, `attributes` such as the id stay on it); no later
    `keep` revives it. False when the item was a tombstone already (a repeated deletion keeps the first date; the
    caller's clean-ups run again all the same, they may have failed halfway the first time). `expires_after`
    None keeps the tombstone for good."""
    expires = {"expiresAt": int(time.time()) + expires_after} if expires_after is not None else {}
    tombstone = model(*key, deletedAt=occurred_at, **expires, **attributes)
    return put_if(tombstone, model.deletedAt.does_not_exist())
