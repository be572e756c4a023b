"""Items are copied without copy.deepcopy's machinery, and UpdateItem copies the old item only to return from it."""

from __future__ import annotations

from typing import Any

import pytest
from moto.dynamodb.models.dynamo_type import Item

KEY = {"PK": {"S": "ORDER#1"}, "SK": {"S": "ORDER"}}
ORDER = KEY | {
    "status": {"S": "PENDING"},
    "amount": {"M": {"amount": {"N": "6000"}, "currency": {"S": "EUR"}}},
    "lines": {"L": [{"M": {"type": {"S": "STANDARD"}, "n": {"N": "2"}}}]},
    "tags": {"SS": ["a", "b"]},
    "raw": {"B": b"\x00\x01"},
}
CHANGE = {
    "UpdateExpression": "SET #s = :s, #a.#a = :a, #l[0].n = :n ADD tags :t",
    "ExpressionAttributeNames": {"#s": "status", "#a": "amount", "#l": "lines"},
    "ExpressionAttributeValues": {":s": {"S": "PAID"}, ":a": {"N": "7000"}, ":n": {"N": "3"}, ":t": {"SS": ["c"]}},
}
CHANGED = ORDER | {
    "status": {"S": "PAID"},
    "amount": {"M": {"amount": {"N": "7000"}, "currency": {"S": "EUR"}}},
    "lines": {"L": [{"M": {"type": {"S": "STANDARD"}, "n": {"N": "3"}}}]},
    "tags": {"SS": ["a", "b", "c"]},
}
UPDATED = ("status", "amount", "lines", "tags")


def normalised(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k: {"SS": sorted(v["SS"])} if "SS" in v else v for k, v in attributes.items()}


@pytest.mark.parametrize("return_values", ["NONE", "ALL_OLD", "UPDATED_OLD", "UPDATED_NEW", "ALL_NEW"])
def test_update_answers_from_the_item_before_and_after(moto, dynamodb, make_events_table, return_values) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)

    answer = dynamodb.update_item(TableName=table, Key=KEY, ReturnValues=return_values, **CHANGE)

    expected = {
        "NONE": None,
        "ALL_OLD": ORDER,
        "UPDATED_OLD": {k: ORDER[k] for k in UPDATED},
        # as DynamoDB does: of a map only the members the update set
        "UPDATED_NEW": {k: CHANGED[k] for k in UPDATED} | {"amount": {"M": {"amount": {"N": "7000"}}}},
        "ALL_NEW": CHANGED,
    }[return_values]
    returned = normalised(answer["Attributes"]) if "Attributes" in answer else None
    assert returned == (normalised(expected) if expected is not None else None)
    assert normalised(dynamodb.get_item(TableName=table, Key=KEY)["Item"]) == normalised(CHANGED)


def test_the_stream_and_a_cancelled_transaction_keep_the_item_before(
    moto, dynamodb, make_events_table, stream_reader, streams
) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    dynamodb.put_item(TableName=table, Item={"PK": {"S": "GUARD"}, "SK": {"S": "GUARD"}})
    reader = stream_reader(table, start="LATEST")
    dynamodb.update_item(TableName=table, Key=KEY, **CHANGE)
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(TransactItems=[
            {"Update": {"TableName": table, "Key": KEY, "UpdateExpression": "SET #a.#a = :z REMOVE #l",
                        "ExpressionAttributeNames": {"#a": "amount", "#l": "lines"},
                        "ExpressionAttributeValues": {":z": {"N": "0"}}}},
            {"ConditionCheck": {"TableName": table, "Key": {"PK": {"S": "GUARD"}, "SK": {"S": "GUARD"}},
                                "ConditionExpression": "attribute_not_exists (PK)"}},
        ])

    response = streams.get_records(ShardIterator=reader.iterator)
    (record,) = [r for r in response["Records"] if r["eventName"] == "MODIFY"][:1]
    assert normalised(record["dynamodb"]["OldImage"]) == normalised(ORDER)
    assert normalised(record["dynamodb"]["NewImage"]) == normalised(CHANGED)
    assert normalised(dynamodb.get_item(TableName=table, Key=KEY)["Item"]) == normalised(CHANGED)


def test_an_update_that_returns_nothing_copies_the_item_once(moto, dynamodb, make_events_table, count_calls) -> None:
    moto.expect_defect("UpdateItem copies the old item for an answer that drops it", raises=AssertionError)
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    copies = count_calls(Item, "__deepcopy__")

    copies_per_update = copies.during(dynamodb.update_item, TableName=table, Key=KEY, **CHANGE)

    assert copies_per_update == 1  # the stream's old image
