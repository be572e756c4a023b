"""FilterCriteria of event source mappings: what moto's EventBridge matcher decides, on a record pruned to what
the pattern can look at (a stream record's item images are not copied and flattened for every record)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from embedded_cloud.event_sources import matches_any
from moto.events.models import EventPattern

OUTBOX = {"eventName": ["INSERT"], "dynamodb": {"Keys": {"PK": {"S": [{"prefix": "OUTBOX#"}]}}}}
PATTERNS: list[dict[str, Any]] = [
    OUTBOX,
    {"dynamodb": {"NewImage": {"status": {"S": ["PAID", "REFUNDED"]}}}},
    {"dynamodb": {"OldImage": [{"exists": False}]}},
    {"dynamodb": {"OldImage": [{"exists": True}]}, "eventName": [{"anything-but": "REMOVE"}]},
    {"$or": [{"eventName": ["REMOVE"]}, {"dynamodb": {"Keys": {"SK": {"S": ["ORDER"]}}}}]},
    {"body": {"type": ["order.paid"], "detail": {"amount": [{"numeric": [">", 100]}]}}},
    {"a.b": ["dotted"]},
    {"dynamodb": {"Keys": [{"exists": True}]}},
    {"dynamodb": {"Keys": {"PK": [{"exists": False}]}}},
]


def stream_record(event_name: str, pk: str, sk: str, new: dict | None, old: dict | None) -> dict[str, Any]:
    image = {"dynamodb": {"Keys": {"PK": {"S": pk}, "SK": {"S": sk}}, "SequenceNumber": "42",
                          "StreamViewType": "NEW_AND_OLD_IMAGES", "SizeBytes": 90}}
    if new is not None:
        image["dynamodb"]["NewImage"] = new
    if old is not None:
        image["dynamodb"]["OldImage"] = old
    return {"eventID": "e1", "eventName": event_name, "eventVersion": "1.1", "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1", **image}


ORDER = {"PK": {"S": "ORDER#1"}, "SK": {"S": "ORDER"}, "status": {"S": "PAID"}, "lines": {"L": [{"S": "x"}]}}
RECORDS: list[dict[str, Any]] = [
    stream_record("INSERT", "OUTBOX#1", "OUTBOX", {"PK": {"S": "OUTBOX#1"}}, None),
    stream_record("MODIFY", "OUTBOX#2", "OUTBOX", {"PK": {"S": "OUTBOX#2"}}, {"PK": {"S": "OUTBOX#2"}}),
    stream_record("INSERT", "ORDER#1", "ORDER", ORDER, None),
    stream_record("MODIFY", "ORDER#1", "ORDER", ORDER, {**ORDER, "status": {"S": "PENDING"}}),
    stream_record("REMOVE", "ORDER#1", "ORDER", None, ORDER),
    {**stream_record("INSERT", "X", "Y", {}, {}), "a.b": "dotted", "a": {"b": "nested"}},
    {"eventName": "INSERT", "dynamodb": {}},
    {"messageId": "m1", "body": {"type": "order.paid", "detail": {"amount": 150, "lines": [1, 2]}}},
    {"messageId": "m2", "body": {"type": "order.paid", "detail": {"amount": 50}}},
    {"messageId": "m3", "body": "not json"},
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=[json.dumps(p)[:40] for p in PATTERNS])
def test_a_record_matches_as_moto_matches_it_whole(pattern: dict[str, Any]) -> None:
    whole = EventPattern.load(json.dumps(pattern))
    assert [matches_any([pattern], r) for r in RECORDS] == [whole.matches_event(r) for r in RECORDS]


def test_any_of_several_patterns_and_no_pattern_at_all() -> None:
    assert matches_any([], RECORDS[2])
    assert [matches_any([OUTBOX, PATTERNS[1]], r) for r in RECORDS[:5]] == [True, False, True, True, False]


def test_the_item_images_are_not_flattened_to_match_the_outbox_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    flattened: list[str] = []
    flatten = EventPattern._flatten_dict

    def recording(node: Any, prefix: str = "", result: dict | None = None) -> dict:
        found = flatten(node, prefix, result)
        if not prefix:
            flattened.extend(found)
        return found

    monkeypatch.setattr(EventPattern, "_flatten_dict", staticmethod(recording))
    assert matches_any([OUTBOX], RECORDS[3]) is False

    assert flattened and not [key for key in flattened if "Image" in key]
