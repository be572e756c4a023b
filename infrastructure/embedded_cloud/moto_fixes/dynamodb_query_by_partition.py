"""Query reads the queried partition, not the whole table.

moto 5.2.5's `Table.query` calls `self.all_items()`, which sorts every item of the table, then keeps the
ones whose key matches (9-12 ms for one item among 2,000). Here `Table.query` runs unchanged on a view of
the table whose `all_items()` returns only the candidates:
- the base table and every index whose partition key is the table's (LSIs): the partition, which moto
  already keeps in `table.items[hash_key]`;
- a GSI with another partition key: the items `GsiKeyIndex` lists under the queried value.
moto still checks every key condition, sorts, pages (Limit, ExclusiveStartKey, ScanIndexForward) and
filters exactly as before, so the candidates only have to include every match. A query now costs what
its partition holds (moto sorts it each time): one GSI value shared by thousands of items stays slow.

The GSI index follows every write: `Table.put_item` (PutItem, BatchWriteItem, transactions, PartiQL,
imports), `Table.delete_item`, `DynamoDBBackend.update_item` (which edits the stored item in place), and
`item_changed` for code that writes `table.items` itself (the transaction rollback). An index is built on
the first GSI query of a table, and again if the table's GSIs or its `items` dict are replaced.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any
from weakref import WeakKeyDictionary

from moto.dynamodb.exceptions import ResourceNotFoundException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

_QUERY_SIGNATURE = inspect.signature(Table.query)
_KEY_TYPES = frozenset({"S", "N", "B"})

Key = tuple[DynamoType, DynamoType | None]


def indexable(value: DynamoType | None) -> tuple[str, Any] | None:
    """A hashable form equal where DynamoType compares equal; None for what no key condition can match."""
    if value is None or value.type not in _KEY_TYPES:
        return None
    return (value.type, value.cast_value)


class GsiKeyIndex:
    """A table's item keys by the value of each GSI's (first) partition-key attribute."""

    def __init__(self, table: Table) -> None:
        self.items = table.items  # replaced wholesale by restores: then this index is stale
        self.attrs = gsi_hash_attrs(table)
        self.keys_by_value: dict[str, dict[tuple[str, Any], dict[Key, None]]] = {
            a: {} for a in self.attrs.values()
        }
        self.value_by_key: dict[str, dict[Key, tuple[str, Any]]] = {a: {} for a in self.attrs.values()}
        for item in stored_items(table):
            self.update((item.hash_key, item.range_key), item)

    def update(self, key: Key, item: Item | None) -> None:
        for attr in self.keys_by_value:
            new = indexable(item.attrs.get(attr)) if item is not None else None
            old = self.value_by_key[attr].get(key)
            if old == new:
                continue
            if old is not None:
                keys = self.keys_by_value[attr][old]
                del keys[key]
                if not keys:
                    del self.keys_by_value[attr][old]
                del self.value_by_key[attr][key]
            if new is not None:
                self.keys_by_value[attr].setdefault(new, {})[key] = None
                self.value_by_key[attr][key] = new

    def keys_with(self, attr: str, value: tuple[str, Any]) -> list[Key]:
        return list(self.keys_by_value[attr].get(value, ()))


_indexes: WeakKeyDictionary[Table, GsiKeyIndex] = WeakKeyDictionary()


def gsi_hash_attrs(table: Table) -> dict[str, str]:
    attrs = {}
    for gsi in table.global_indexes:
        hash_keys = [k["AttributeName"] for k in gsi.schema if k["KeyType"] == "HASH"]
        if hash_keys:
            attrs[gsi.name] = hash_keys[0]
    return attrs


def stored_items(table: Table) -> Iterable[Item]:
    for partition in list(table.items.values()):
        if isinstance(partition, dict):
            yield from list(partition.values())
        else:
            yield partition


def stored_item(table: Table, hash_key: DynamoType, range_key: DynamoType | None) -> Item | None:
    """The item at a key, without creating an empty partition in moto's defaultdict."""
    partition = table.items.get(hash_key)
    if isinstance(partition, dict):
        return partition.get(range_key) if range_key is not None else None
    return partition


def partition_items(table: Table, hash_key: DynamoType) -> list[Item]:
    partition = table.items.get(hash_key)
    if partition is None:
        return []
    return list(partition.values()) if isinstance(partition, dict) else [partition]


def gsi_index(table: Table) -> GsiKeyIndex:
    index = _indexes.get(table)
    if index is None or index.items is not table.items or index.attrs != gsi_hash_attrs(table):
        index = _indexes[table] = GsiKeyIndex(table)
    return index


def item_changed(table: Table, hash_key: DynamoType, range_key: DynamoType | None) -> None:
    """Tell the GSI index (if the table has one yet) that the item at this key was written or removed."""
    index = _indexes.get(table)
    if index is None:
        return
    if index.items is not table.items:
        del _indexes[table]
        return
    index.update((hash_key, range_key), stored_item(table, hash_key, range_key))


class _CandidatesView:
    """The table as `Table.query` sees it, with `all_items()` narrowed to the candidates."""

    def __init__(self, table: Table, candidates: list[Item]) -> None:
        self._table = table
        self._candidates = candidates

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)

    def all_items(self) -> list[Item]:
        return self._candidates


def query_candidates(table: Table, args: dict[str, Any]) -> list[Item] | None:
    """Every item the query can match, or None to let moto scan the table."""
    index_name = args.get("index_name")
    if not index_name:
        hash_key = args.get("hash_key")
        return partition_items(table, hash_key) if hash_key is not None else None
    index = {i.name: i for i in table.all_indexes()}.get(index_name)
    if index is None:
        return None  # moto raises its own error
    hash_attrs = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
    conditions = dict(args.get("hash_key_conditions") or [])
    if not hash_attrs or hash_attrs[0] not in conditions:
        return None
    value = conditions[hash_attrs[0]]
    if hash_attrs[0] == table.hash_key_attr:
        return partition_items(table, value)
    wanted = indexable(value)
    if wanted is None or index not in table.global_indexes:
        return None
    keys = gsi_index(table).keys_with(hash_attrs[0], wanted)
    return [item for key in keys if (item := stored_item(table, *key)) is not None]


def query(self: Table, *args: Any, **kwargs: Any) -> Any:
    bound = _QUERY_SIGNATURE.bind(self, *args, **kwargs)
    try:
        candidates = query_candidates(self, bound.arguments)
    except TypeError:  # an unhashable key value in the request: nothing can match, moto says so
        candidates = None
    if candidates is None:
        return _wrapped["query"](self, *args, **kwargs)
    return _wrapped["query"](_CandidatesView(self, candidates), *args, **kwargs)


def put_item(self: Table, item_attrs: dict[str, Any], *args: Any, **kwargs: Any) -> Item:
    try:
        return _wrapped["put_item"](self, item_attrs, *args, **kwargs)
    finally:
        if self in _indexes:
            key = _key_of(self, item_attrs)
            if key is not None:
                item_changed(self, *key)


def delete_item(self: Table, hash_key: DynamoType, range_key: DynamoType | None) -> Item | None:
    try:
        return _wrapped["delete_item"](self, hash_key, range_key)
    finally:
        item_changed(self, hash_key, range_key)


def update_item(
    self: DynamoDBBackend, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any
) -> Item:
    try:
        return _wrapped["update_item"](self, table_name, key, *args, **kwargs)
    finally:
        try:
            table = self.get_table(table_name)
        except ResourceNotFoundException:
            table = None  # nothing was written
        if table is not None and table in _indexes:
            item_key = _key_of(table, key)
            if item_key is not None:
                item_changed(table, *item_key)


def _key_of(table: Table, attrs: dict[str, Any]) -> Key | None:
    """The key moto stores these attributes under, or None if they do not name one."""
    try:
        hash_key = DynamoType(attrs[table.hash_key_attr])
        range_key = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
        hash(hash_key), hash(range_key)
    except (KeyError, TypeError, IndexError, AttributeError):
        return None
    return hash_key, range_key


_PATCHED: tuple[tuple[type, str, Any], ...] = (
    (Table, "query", query),
    (Table, "put_item", put_item),
    (Table, "delete_item", delete_item),
    (DynamoDBBackend, "update_item", update_item),
)
_wrapped: dict[str, Any] = {}  # what install() wrapped: moto's methods, or wrappers installed before ours


def install() -> None:
    if _wrapped:
        return
    _indexes.clear()  # writes made while uninstalled were not indexed
    for owner, name, replacement in _PATCHED:
        _wrapped[name] = getattr(owner, name)
        setattr(owner, name, replacement)


def uninstall() -> None:
    """Put back what install() wrapped (for tests and benchmarks; drops wrappers installed on top since)."""
    for owner, name, _ in _PATCHED:
        if name in _wrapped:
            setattr(owner, name, _wrapped.pop(name))
    _indexes.clear()
