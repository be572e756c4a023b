"""Query reads the queried partition, and of it only the slice the request can return.

moto 5.2.5's `Table.query` calls `self.all_items()`, which sorts every item of the table, then keeps the
ones whose key matches (9-12 ms for one item among 2,000), sorts them and walks them from the first. Here
`Table.query` runs unchanged on a view of the table whose `all_items()` returns only the candidates.

Ordered path: `TableIndex` keeps, for the base table (if it has a sort key) and for every index with one
partition-key and at most one sort-key attribute, each partition's entries in moto's order (the index sort
key, then the table's key for ties, as `Table.sorted_items` orders them; numbers by value, strings by code
point = by UTF-8 bytes; binary as moto compares it, its base64 text). A query bisects that order for the
sort-key condition (=, <, <=, >, >=, BETWEEN, begins_with) and ExclusiveStartKey, and hands moto the
matches from the first one in the query's direction until moto stops (Limit + 1 items, or the item that
passes 1 MB), plus the next item past the matches when they all fit (moto returns a LastEvaluatedKey if
any item follows the last match). moto then checks the key conditions, sorts, pages, filters, projects and
counts exactly as before, on a slice of about Limit items: a Query costs log(partition) + what it reads.

Fallback path (anything else: legacy QueryFilter, multi-attribute keys, a Limit below 1, operand types the
order cannot compare, an ExclusiveStartKey of another partition or missing key attributes): the candidates
are the whole partition, as before: the base table and LSIs: `table.items[hash_key]`; a GSI: the items the
index lists under the queried partition value.

The index follows every write: `Table.put_item` (PutItem, BatchWriteItem, transactions, PartiQL, imports),
`Table.delete_item`, `DynamoDBBackend.update_item` (which edits the stored item in place: the index keeps
each entry's old sort key to find it), and `item_changed` for code that writes `table.items` itself (the
transaction rollback). It is built on the first query of a table, and again if the table's indexes or its
`items` dict are replaced (restores).
"""

from __future__ import annotations

import inspect
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any
from weakref import WeakKeyDictionary

from moto.dynamodb.exceptions import ResourceNotFoundException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import RESULT_SIZE_LIMIT, GlobalSecondaryIndex, Table

from .replacements import Replacements

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
        self.keys_by_value: dict[str, dict[tuple[str, Any], dict[Key, None]]] = {a: {} for a in self.attrs.values()}
        self.value_by_key: dict[str, dict[Key, tuple[str, Any]]] = {a: {} for a in self.attrs.values()}
        self.signature = index_signature(table)
        self.orders = orderings(table)
        for item in stored_items(table):
            self.update((item.hash_key, item.range_key), item)

    def update(self, key: Key, item: Item | None) -> None:
        for order in self.orders.values():
            order.update(key, item)
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
    if index is None or index.items is not table.items or index.signature != index_signature(table):
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


class Unorderable(Exception):
    """A key value the order cannot hold (not S, N or B)."""


def sortable(value: DynamoType | None) -> Any:
    """What moto compares a key value by (`DynamoType.__lt__`: its cast value)."""
    if value is None or value.type not in _KEY_TYPES:
        raise Unorderable(value)
    return value.cast_value


Entry = tuple[tuple[Any, ...], Key]


def _sort_of(entry: Entry) -> tuple[Any, ...]:
    return entry[0]


def _first_of(entry: Entry) -> Any:
    return entry[0][0]


class Ordering:
    """One index's (or the base table's) partitions, each a list of entries in moto's query order."""

    def __init__(self, part_attr: str, sort_attrs: list[str], required: list[str], range_attr: str | None):
        self.part_attr = part_attr
        self.sort_attrs = sort_attrs  # moto's sort attributes after the partition key
        self.required = required  # an item without these is not in the index (sparse)
        self.range_attr = range_attr  # what a sort-key condition compares, None if the index has no sort key
        self.partitions: dict[tuple[str, Any], list[Entry]] = {}
        self.entries: dict[Key, tuple[tuple[str, Any], tuple[Any, ...]]] = {}
        self.broken = False  # holds a value it cannot order: queries take the fallback path

    def entry_for(self, item: Item) -> tuple[tuple[str, Any], tuple[Any, ...]] | None:
        part = indexable(item.attrs.get(self.part_attr))
        if part is None or any(a not in item.attrs for a in self.required):
            return None
        return part, tuple(sortable(item.attrs.get(a)) for a in self.sort_attrs)

    def update(self, key: Key, item: Item | None) -> None:
        if self.broken:
            return
        try:
            new = self.entry_for(item) if item is not None else None
            old = self.entries.get(key)
            if old == new:
                return
            if old is not None:
                entries = self.partitions[old[0]]
                at = bisect_left(entries, old[1], key=_sort_of)
                if at < len(entries) and entries[at] == (old[1], key):
                    del entries[at]
                else:  # not where its sort key says: find it the slow way
                    entries.remove((old[1], key))
                if not entries:
                    del self.partitions[old[0]]
                del self.entries[key]
            if new is not None:
                entries = self.partitions.setdefault(new[0], [])
                entries.insert(bisect_right(entries, new[1], key=_sort_of), (new[1], key))
                self.entries[key] = new
        except (Unorderable, TypeError, ValueError):
            self.broken = True
            self.partitions.clear()
            self.entries.clear()


def index_signature(table: Table) -> Any:
    return (
        table.hash_key_attr,
        table.range_key_attr,
        tuple((i.name, repr(i.schema)) for i in table.all_indexes()),
    )


def orderings(table: Table) -> dict[str | None, Ordering]:
    """An Ordering for the base table (None) and for each index moto sorts by one key attribute each."""
    orders: dict[str | None, Ordering] = {}
    if table.range_key_attr:
        orders[None] = Ordering(table.hash_key_attr, [table.range_key_attr], [], table.range_key_attr)
    for index in table.all_indexes():
        hash_keys = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
        range_keys = [k["AttributeName"] for k in index.schema if k["KeyType"] == "RANGE"]
        if len(hash_keys) != 1 or len(range_keys) > 1:
            continue  # multi-attribute keys: the fallback path
        # The attributes moto's `Table.query` sorts an index by (see its "Build range_attrs for sorting").
        if range_keys:
            first_range: str | None = range_keys[0]
        elif isinstance(index, GlobalSecondaryIndex) and table.range_key_attr:
            first_range = table.range_key_attr
        else:
            first_range = table.hash_key_attr
        sort_by = table._generate_attr_to_sort_by(
            [hash_keys[0], table.hash_key_attr], [first_range, table.range_key_attr]
        )
        if sort_by[0] != hash_keys[0]:
            continue
        range_attr = range_keys[0] if range_keys else None
        orders[index.name] = Ordering(hash_keys[0], sort_by[1:], range_keys, range_attr)
    return orders


_COMPARISONS = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE"}


def _successor(prefix: Any) -> Any:
    """The least value above every value that begins with prefix (None: no such value)."""
    while prefix:
        if isinstance(prefix, str):
            if ord(prefix[-1]) < 0x10FFFF:
                return prefix[:-1] + chr(ord(prefix[-1]) + 1)
        elif prefix[-1] < 0xFF:
            return prefix[:-1] + bytes([prefix[-1] + 1])
        prefix = prefix[:-1]
    return None


def range_bounds(entries: list[Entry], comparison: str, operands: list[Any]) -> tuple[int, int] | None:
    """The entries whose sort key meets the condition, as positions [lo, hi); None: let moto decide."""
    comparison = _COMPARISONS.get(comparison, comparison).upper()
    values = [sortable(o) for o in operands]
    n = len(entries)

    def left(value: Any) -> int:
        return bisect_left(entries, value, key=_first_of)

    def right(value: Any) -> int:
        return bisect_right(entries, value, key=_first_of)

    if comparison in ("EQ", "LT", "LE", "GT", "GE") and len(values) == 1:
        (v,) = values
        return {
            "EQ": lambda: (left(v), right(v)),
            "LT": lambda: (0, left(v)),
            "LE": lambda: (0, right(v)),
            "GT": lambda: (right(v), n),
            "GE": lambda: (left(v), n),
        }[comparison]()
    if comparison == "BETWEEN" and len(values) == 2:
        return left(values[0]), right(values[1])
    if comparison == "BEGINS_WITH" and len(values) == 1 and isinstance(values[0], (str, bytes)):
        above = _successor(values[0])
        return left(values[0]), (left(above) if above is not None else n)
    return None


def ordered_candidates(table: Table, args: dict[str, Any]) -> list[Item] | None:
    """The slice of the partition moto reads for this query, or None for the fallback path."""
    limit = args.get("limit")
    if args.get("filter_kwargs") or (limit is not None and (type(limit) is not int or limit < 1)):
        return None
    index_name = args.get("index_name") or None
    order = gsi_index(table).orders.get(index_name)
    if order is None or order.broken:
        return None
    if index_name:
        conditions = dict(args.get("hash_key_conditions") or [])
        if list(conditions) != [order.part_attr]:
            return None
        part = indexable(conditions[order.part_attr])
    else:
        part = indexable(args.get("hash_key"))
    range_conditions = args.get("range_key_conditions") or []
    if part is None or len(range_conditions) > 1:
        return None
    if range_conditions and range_conditions[0][0] != order.range_attr:
        return None
    entries = order.partitions.get(part, [])
    lo, hi = 0, len(entries)
    comparison = args.get("range_comparison")
    if comparison:
        if order.range_attr is None:
            return None  # moto refuses it
        bounds = range_bounds(entries, comparison, list(args.get("range_objs") or []))
        if bounds is None:
            return None
        lo, hi = bounds
    forward = args.get("scan_index_forward") is not False
    start_key = args.get("exclusive_start_key")
    if start_key is not None:
        start = _start_position(order, start_key, part)
        if start is None:
            return None
        if forward:
            lo = max(lo, bisect_right(entries, start, key=_sort_of))
        else:
            hi = min(hi, bisect_left(entries, start, key=_sort_of))
    if lo >= hi:
        return []
    return _read(table, entries, lo, hi, forward, limit)


def _start_position(order: Ordering, start_key: dict[str, Any], part: tuple[str, Any]) -> tuple[Any, ...] | None:
    """The ExclusiveStartKey as a sort key of this partition, or None if it is not one."""
    try:
        if indexable(DynamoType(start_key[order.part_attr])) != part:
            return None
        return tuple(sortable(DynamoType(start_key[a])) for a in order.sort_attrs)
    except (KeyError, TypeError, IndexError, AttributeError, Unorderable):
        return None


def _read(table: Table, entries: list[Entry], lo: int, hi: int, forward: bool, limit: int | None) -> list[Item] | None:
    """The matches at [lo, hi) from the query's first, up to where moto stops, and the item past them."""
    picked: list[Item] = []
    size = 0
    for at in range(lo, hi) if forward else range(hi - 1, lo - 1, -1):
        item = stored_item(table, *entries[at][1])
        if item is None:
            return None  # the index is out of step: let moto read the partition
        picked.append(item)
        size += item.size()
        if (limit is not None and len(picked) > limit) or size > RESULT_SIZE_LIMIT:
            return picked
    past = hi if forward else lo - 1
    if 0 <= past < len(entries):
        item = stored_item(table, *entries[past][1])
        if item is None:
            return None
        picked.append(item)
    return picked


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
        candidates = ordered_candidates(self, bound.arguments)
    except (TypeError, Unorderable):  # an operand the order cannot compare with its keys
        candidates = None
    if candidates is None:
        try:
            candidates = query_candidates(self, bound.arguments)
        except TypeError:  # an unhashable key value in the request: nothing can match, moto says so
            candidates = None
    if candidates is None:
        return replaced.originals["Table.query"](self, *args, **kwargs)
    return replaced.originals["Table.query"](_CandidatesView(self, candidates), *args, **kwargs)


def put_item(self: Table, item_attrs: dict[str, Any], *args: Any, **kwargs: Any) -> Item:
    try:
        return replaced.originals["Table.put_item"](self, item_attrs, *args, **kwargs)
    finally:
        if self in _indexes:
            key = _key_of(self, item_attrs)
            if key is not None:
                item_changed(self, *key)


def delete_item(self: Table, hash_key: DynamoType, range_key: DynamoType | None) -> Item | None:
    try:
        return replaced.originals["Table.delete_item"](self, hash_key, range_key)
    finally:
        item_changed(self, hash_key, range_key)


def update_item(self: DynamoDBBackend, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any) -> Item:
    try:
        return replaced.originals["DynamoDBBackend.update_item"](self, table_name, key, *args, **kwargs)
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


replaced = Replacements((Table, "query", query), (Table, "put_item", put_item), (Table, "delete_item", delete_item),
                        (DynamoDBBackend, "update_item", update_item))


def install() -> None:
    if not replaced.installed:
        _indexes.clear()  # writes made while uninstalled were not indexed
        replaced.install()


def uninstall() -> None:
    """Put back what install() wrapped (for tests and benchmarks)."""
    replaced.uninstall()
    _indexes.clear()
