"""An item's JSON is built in one pass: the very JSON moto 5.2.5 builds through deep copies, sharing nothing
mutable with the stored item; reads and stream records through the server answer the same both ways."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest
from embedded_cloud.moto_fixes import dynamodb_item_json
from moto.dynamodb.models.dynamo_type import DynamoType, Item

B64 = base64.b64encode(b"\x00\xffbin").decode()
ITEMS: dict[str, dict[str, Any]] = {
    "scalars": {"s": {"S": "text"}, "n": {"N": "12.50"}, "t": {"BOOL": True}, "f": {"BOOL": False},
                "z": {"NULL": True}, "empty": {"S": ""}},
    "binary as text": {"b": {"B": B64}},
    "binary as bytes": {"b": {"B": b"\x00\xffbin"}},
    "sets": {"ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": [B64, "AQID"]}},
    "map": {"m": {"M": {"amount": {"N": "6000"}, "currency": {"S": "EUR"}, "raw": {"B": B64},
                        "none": {"NULL": True}}}},
    "list": {"l": {"L": [{"S": "x"}, {"N": "1"}, {"B": B64}, {"BOOL": False}]}},
    "nested": {"lines": {"L": [{"M": {"type": {"S": "STANDARD"}, "tags": {"SS": ["vip"]},
                                      "deep": {"M": {"l": {"L": [{"M": {"b": {"B": B64}}}, {"L": []}]}}}}}]},
               "empty map": {"M": {}}, "empty list": {"L": []}},
}


def item(attributes: dict[str, Any]) -> Item:
    return Item(DynamoType({"S": "PK"}), DynamoType({"S": "SK"}), {"PK": {"S": "PK"}, "SK": {"S": "SK"},
                                                                   **copy.deepcopy(attributes)})


@pytest.fixture
def released() -> Any:
    """moto's own Item.to_json, whatever is installed now."""
    replaced = dynamodb_item_json.replaced
    return replaced.originals["Item.to_json"] if replaced.installed else Item.to_json  # a stale key: KeyError


@pytest.mark.parametrize("shape", ITEMS)
def test_the_json_is_moto_s_value_for_value(shape: str, released: Any) -> None:
    stored = item(ITEMS[shape])
    ours, moto_s = dynamodb_item_json.to_json(stored), released(stored)
    assert ours == moto_s
    assert _types(ours) == _types(moto_s)  # bytes stay bytes, text stays text, lists stay lists
    assert dynamodb_item_json.to_json(stored, "Item") == released(stored, "Item")


@pytest.mark.parametrize("shape", ["sets", "map", "list", "nested"])
def test_changing_the_json_leaves_the_item_as_it_was(shape: str, released: Any) -> None:
    stored = item(ITEMS[shape])
    before = released(stored)
    _scribble(dynamodb_item_json.to_json(stored))
    assert released(stored) == before


def test_reads_and_stream_images_answer_the_same(moto, dynamodb, make_events_table, stream_reader, streams) -> None:
    table = make_events_table()
    reader = stream_reader(table, start="LATEST")
    key = {"PK": {"S": "ORDER#1"}, "SK": {"S": "ORDER"}}
    written = _as_bytes(key | ITEMS["nested"] | ITEMS["map"] | ITEMS["binary as bytes"] | ITEMS["sets"])
    dynamodb.put_item(TableName=table, Item=written)
    dynamodb.update_item(TableName=table, Key=key, UpdateExpression="SET m.currency = :c",
                         ExpressionAttributeValues={":c": {"S": "CHF"}})
    changed = written | {"m": {"M": written["m"]["M"] | {"currency": {"S": "CHF"}}}}

    assert dynamodb.get_item(TableName=table, Key=key)["Item"] == changed
    records = streams.get_records(ShardIterator=reader.iterator)["Records"]
    assert [(r["eventName"], r["dynamodb"].get("OldImage"), r["dynamodb"]["NewImage"]) for r in records] == [
        ("INSERT", None, written), ("MODIFY", written, changed)]


def _as_bytes(value: Any) -> Any:
    """The value as a client writes it: binaries as bytes (boto3 encodes them)."""
    if isinstance(value, dict):
        return {k: _as_bytes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_bytes(v) for v in value]
    return base64.b64decode(value) if value in (B64, "AQID") else value


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def _scribble(value: Any) -> None:
    """Change every dict and list in a JSON value."""
    if isinstance(value, dict):
        for nested in list(value.values()):
            _scribble(nested)
        value["scribbled"] = 1
    elif isinstance(value, list):
        for nested in list(value):
            _scribble(nested)
        value.append("scribbled")
