"""An item's size is measured once when it is built; what moto 5.2.5 refuses as too large it still refuses."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.dynamo_type import DynamoType

LIMIT = 405000  # moto's limit of an item's size (names and values)


def item(attributes: int, sk: str = "ITEM", **extra: Any) -> dict[str, Any]:
    return {"PK": {"S": "SIZE"}, "SK": {"S": sk}, **{f"a{n:02d}": {"S": "v" * 30} for n in range(attributes)},
            **extra}


def padded(total: int) -> dict[str, Any]:
    """An item of exactly `total` bytes as moto counts them (names' bytes + values' sizes)."""
    base = item(0, "BIG") | {"pad": {"S": ""}}
    used = sum(len(k) + DynamoType(v).size() for k, v in base.items())
    return base | {"pad": {"S": "x" * (total - used)}}


def test_an_item_at_the_limit_is_kept_and_one_byte_more_is_refused(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=padded(LIMIT))
    assert len(dynamodb.get_item(TableName=table, Key={"PK": {"S": "SIZE"}, "SK": {"S": "BIG"}})["Item"]["pad"]["S"])
    with pytest.raises(ClientError) as refused:
        dynamodb.put_item(TableName=table, Item=padded(LIMIT + 1) | {"SK": {"S": "BIGGER"}})
    assert refused.value.response["Error"]["Message"] == "Item size has exceeded the maximum allowed size"
    assert "Item" not in dynamodb.get_item(TableName=table, Key={"PK": {"S": "SIZE"}, "SK": {"S": "BIGGER"}})
    with pytest.raises(ClientError) as in_transaction:
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": padded(LIMIT + 1) | {"SK": {"S": "BIGGER"}}}}])
    assert "Item size has exceeded the maximum allowed size" in str(in_transaction.value)


def test_an_update_past_the_limit_is_still_refused(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=padded(LIMIT - 100))
    with pytest.raises(ClientError) as refused:
        dynamodb.update_item(TableName=table, Key={"PK": {"S": "SIZE"}, "SK": {"S": "BIG"}},
                             UpdateExpression="SET more = :m", ExpressionAttributeValues={":m": {"S": "y" * 200}})
    assert "size" in refused.value.response["Error"]["Message"].lower()


def test_building_an_item_measures_it_once(moto, dynamodb, make_events_table, count_calls) -> None:
    moto.expect_defect("each attribute set while building an item measures all those before it (quadratic)",
                       raises=AssertionError)
    table = make_events_table()
    sizes = count_calls(DynamoType, "size")
    twenty = sizes.during(dynamodb.put_item, TableName=table, Item=item(20, "TWENTY"))
    forty = sizes.during(dynamodb.put_item, TableName=table, Item=item(40, "FORTY"))
    assert forty <= 2 * twenty + 4  # linear in the attributes (moto as released: about four times)
