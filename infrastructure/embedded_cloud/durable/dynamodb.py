"""DynamoDB: the image of every item written (its DynamoDB JSON, or its absence) and every stream record.

Indexes need nothing of their own: moto (and our query index) derive them from the items. A stream record and
the item write that caused it are journalled in the same commit, so the outbox relay never sees one without the
other. Stream positions (the pollers' checkpoints) are journalled by the cloud (`durable_runtime`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.table import StreamRecord, StreamShard, Table

log = logging.getLogger("eventonight.durable")

_installed = False
_tracking = False
_items: dict[tuple[int, Any, Any], tuple[Table, DynamoType, DynamoType | None]] = {}
_shards: dict[int, StreamShard] = {}
_journalled: dict[int, tuple[StreamShard, int]] = {}  # shard -> how many of its records are in the journal


def start_tracking(on: bool) -> None:
    global _tracking
    _items.clear()
    _shards.clear()
    _journalled.clear()
    if on:
        for table in _tables():
            if table.stream_shard is not None:
                _journalled[id(table.stream_shard)] = (table.stream_shard, len(table.stream_shard.items))
    _tracking = on


def _tables() -> list[Table]:
    return [table for account in dynamodb_backends.values() for backend in account.values()
            for table in backend.tables.values()]


def mark(table: Table, hash_key: DynamoType, range_key: DynamoType | None) -> None:
    if _tracking:
        _items[(id(table), hash_key, range_key)] = (table, hash_key, range_key)


def install() -> None:
    global _installed
    if _installed:
        return
    put_item, delete_item, update_item, add_record = (
        Table.put_item, Table.delete_item, DynamoDBBackend.update_item, StreamShard.add)

    def put_and_mark(self: Table, *args: Any, **kwargs: Any) -> Any:
        item = put_item(self, *args, **kwargs)
        mark(self, item.hash_key, item.range_key)
        return item

    def delete_and_mark(self: Table, hash_key: DynamoType, range_key: DynamoType | None = None) -> Any:
        try:
            return delete_item(self, hash_key, range_key)
        finally:
            mark(self, hash_key, range_key)

    def update_and_mark(self: DynamoDBBackend, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return update_item(self, table_name, key, *args, **kwargs)
        finally:
            table = self.tables.get(table_name)
            if table is not None and table.hash_key_attr in key:
                range_value = key.get(table.range_key_attr) if table.range_key_attr else None
                mark(table, DynamoType(key[table.hash_key_attr]),
                     DynamoType(range_value) if range_value is not None else None)

    def add_and_mark(self: StreamShard, *args: Any, **kwargs: Any) -> None:
        add_record(self, *args, **kwargs)
        if _tracking:
            _shards[id(self)] = self

    Table.put_item, Table.delete_item = put_and_mark, delete_and_mark
    DynamoDBBackend.update_item, StreamShard.add = update_and_mark, add_and_mark
    _installed = True


def _stored(table: Table, hash_key: DynamoType, range_key: DynamoType | None) -> Item | None:
    stored = table.items.get(hash_key)
    if stored is None or range_key is None:
        return stored
    return stored.get(range_key)


def collect(_journal: Any) -> list[Any]:
    entries: list[Any] = []
    for table, hash_key, range_key in _items.values():
        item = _stored(table, hash_key, range_key)
        entries.append(["ddb.item", table.account_id, table.region_name, table.name, hash_key.to_json(),
                        range_key.to_json() if range_key is not None else None,
                        item.to_json()["Attributes"] if item is not None else None])
    _items.clear()
    for shard in _shards.values():
        _, done = _journalled.get(id(shard), (shard, 0))
        table = shard.table
        entries.extend(["ddb.stream", table.account_id, table.region_name, table.name, _plain(record.record)]
                       for record in shard.items[done:])
        _journalled[id(shard)] = (shard, len(shard.items))
    _shards.clear()
    return entries


def _item(hash_key: DynamoType, range_key: DynamoType | None, attributes: dict[str, Any]) -> Item:
    """moto's Item, without the size check its attribute dict makes on every attribute set (it sums the sizes of
    all of them each time: 90 % of a restart): the item passed it when it was written."""
    item = Item.__new__(Item)
    item.hash_key, item.range_key = hash_key, range_key
    item.attrs = LimitedSizeDict()
    dict.update(item.attrs, {name: _value(value) for name, value in attributes.items()})
    return item


def _value(wire: dict[str, Any]) -> DynamoType:
    """`DynamoType(wire)` without its two method calls and two lists per value: a restore of 10,000 events builds a
    million of them."""
    value = _new(DynamoType)
    for kind, inner in wire.items():  # one: {"S": "text"}
        value.type = kind
        if kind == "M":
            inner = {name: _value(member) for name, member in inner.items()}
        elif kind == "L":
            inner = [_value(member) for member in inner]
        value.value = inner
    return value


_new = object.__new__


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its time as ISO text: plain JSON, which reads back several times faster."""
    when = record["dynamodb"].get("ApproximateCreationDateTime")
    if not isinstance(when, datetime):
        return record
    return {**record, "dynamodb": {**record["dynamodb"], "ApproximateCreationDateTime": when.isoformat()}}


def _timed(record: dict[str, Any]) -> dict[str, Any]:
    when = record["dynamodb"].get("ApproximateCreationDateTime")
    if isinstance(when, str):
        record["dynamodb"]["ApproximateCreationDateTime"] = datetime.fromisoformat(when)
    return record


def snapshot_entries(streams_read: Mapping[str, int] | None = None) -> Iterator[list[Any]]:
    """Every table's items and stream records, as journal entries: a snapshot's DynamoDB data, moto-independent
    and restored as fast as the journal (pickling moto's objects took longer to load back).

    `streams_read` (stream ARN -> the last sequence number every poller of that stream has processed) leaves out
    the records no one will read again: they were half of what a start read back at 10,000 events. A stream
    missing from it keeps all its records. The shard's first sequence number goes with them (`ddb.stream-start`),
    so the records kept, and those written after the restart, keep their numbers."""
    for table in _tables():
        where = [table.account_id, table.region_name, table.name]
        for partition in list(table.items.values()):
            for item in (partition.values() if isinstance(partition, dict) else [partition]):
                yield ["ddb.item", *where, item.hash_key.to_json(),
                       item.range_key.to_json() if item.range_key is not None else None, item.to_json()["Attributes"]]
        shard = table.stream_shard
        if shard is not None:
            first = _first_unread(table, shard, streams_read)
            if first:
                yield ["ddb.stream-start", *where, str(shard.starting_sequence_number + first)]
            yield from (["ddb.stream", *where, _plain(record.record)] for record in shard.items[first:])


def _first_unread(table: Table, shard: StreamShard, streams_read: Mapping[str, int] | None) -> int:
    """Where in the shard the records some poller has not read yet begin."""
    read = (streams_read or {}).get(f"{table.table_arn}/stream/{table.latest_stream_label}")
    return 0 if read is None else min(max(read + 1 - shard.starting_sequence_number, 0), len(shard.items))


def snapshot_spans(streams_read: Mapping[str, int] | None = None) -> tuple[dict[str, tuple[int, int]], int]:
    """What a snapshot taken now holds: of each stream (by ARN) the sequence numbers from its first record kept to
    past its last, and how many entries (items and stream records) in all."""
    spans: dict[str, tuple[int, int]] = {}
    entries = 0
    for table in _tables():
        entries += sum(len(p) if isinstance(p, dict) else 1 for p in table.items.values())
        shard = table.stream_shard
        if shard is not None:
            first = _first_unread(table, shard, streams_read)
            start = shard.starting_sequence_number
            spans[f"{table.table_arn}/stream/{table.latest_stream_label}"] = (start + first, start + len(shard.items))
            entries += len(shard.items) - first
    return spans, entries


def stale_records(spans: Mapping[str, tuple[int, int]], streams_read: Mapping[str, int]) -> int:
    """How many of the stream records a snapshot holds (`spans`) every poller has read by now."""
    return sum(max(0, min(streams_read[arn] + 1, end) - first)
               for arn, (first, end) in spans.items() if arn in streams_read)


@contextmanager
def without_data() -> Iterator[None]:
    """The tables and streams emptied while the rest of moto's state is pickled (the caller holds the moto lock)."""
    held = []
    for table in _tables():
        shard = table.stream_shard
        held.append((table, table.items, shard, shard.items if shard is not None else None))
        table.items = defaultdict(dict)
        if shard is not None:
            shard.items = []
    try:
        yield
    finally:
        for table, items, shard, records in held:
            table.items = items
            if shard is not None:
                shard.items = records


def apply(entry: list[Any], _journal_dir: Any) -> None:
    kind, account, region, name = entry[:4]
    table = dynamodb_backends[account][region].tables[name]
    if kind == "ddb.item":
        hash_json, range_json, attributes = entry[4:]
        hash_key = _value(hash_json)
        range_key = _value(range_json) if range_json is not None else None
        if attributes is None:
            if range_key is None:
                table.items.pop(hash_key, None)
            else:
                table.items.get(hash_key, {}).pop(range_key, None)
        elif range_key is None:
            table.items[hash_key] = _item(hash_key, None, attributes)
        else:
            table.items[hash_key][range_key] = _item(hash_key, range_key, attributes)
        from ..moto_fixes.dynamodb_query_by_partition import item_changed

        item_changed(table, hash_key, range_key)
    elif kind == "ddb.stream-start":  # a snapshot without the records every poller had read
        shard = table.stream_shard
        if shard is not None and not shard.items:
            shard.starting_sequence_number = int(entry[4])
    elif kind == "ddb.stream":
        shard, record = table.stream_shard, entry[4]
        if shard is None:
            return
        position = int(record["dynamodb"]["SequenceNumber"]) - shard.starting_sequence_number
        if position < len(shard.items):
            return  # in the snapshot already
        if position > len(shard.items):
            log.warning("stream of %s: records %d-%d missing from the saved state", name, len(shard.items), position)
        restored = StreamRecord.__new__(StreamRecord)
        restored.record = _timed(record)
        shard.items.append(restored)
