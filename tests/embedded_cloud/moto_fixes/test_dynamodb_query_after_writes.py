"""A GSI query sees every write: items move between GSI partitions on update, leave on delete.

Each test queries the GSI before writing, so that with the fix its index exists and must follow the
writes (it is built on a table's first GSI query).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def ticket(pk: str, sk: str, owner: str | None = None, created: str = "2024-01-01", **extra: str) -> dict:
    item = {"PK": {"S": pk}, "SK": {"S": sk}, "price": {"N": "10"}, "status": {"S": "open"}}
    if owner is not None:
        item |= {"owner": {"S": owner}, "created": {"S": created}}
    return item | {name: {"S": text} for name, text in extra.items()}


def owned_by(dynamodb: Any, table: str, owner: str) -> list[tuple[str, str]]:
    items = dynamodb.query(
        TableName=table,
        IndexName="ByOwner",
        KeyConditionExpression="#o = :o",
        ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":o": {"S": owner}},
    )["Items"]
    return [(i["PK"]["S"], i["SK"]["S"]) for i in items]


def key(pk: str, sk: str) -> dict[str, Any]:
    return {"PK": {"S": pk}, "SK": {"S": sk}}


@pytest.fixture
def table(dynamodb: Any, make_events_table: Any) -> str:
    """Three tickets of alice's (two in E1, one in E2) and one of bob's; the GSI already queried."""
    name = make_events_table()
    for item in (
        ticket("E1", "T1", "alice", "2024-01-01"),
        ticket("E1", "T2", "alice", "2024-02-01"),
        ticket("E2", "T1", "alice", "2024-03-01"),
        ticket("E2", "T2", "bob", "2024-01-15"),
    ):
        dynamodb.put_item(TableName=name, Item=item)
    assert owned_by(dynamodb, name, "alice") == [("E1", "T1"), ("E1", "T2"), ("E2", "T1")]
    return name


def test_update_of_the_gsi_key_moves_the_item(moto, dynamodb, table) -> None:
    response = dynamodb.update_item(
        TableName=table,
        Key=key("E1", "T2"),
        UpdateExpression="SET #o = :o, created = :c",
        ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":o": {"S": "bob"}, ":c": {"S": "2024-01-10"}},
        ReturnValues="UPDATED_OLD",
    )

    assert response["Attributes"] == {"owner": {"S": "alice"}, "created": {"S": "2024-02-01"}}
    assert owned_by(dynamodb, table, "alice") == [("E1", "T1"), ("E2", "T1")]
    assert owned_by(dynamodb, table, "bob") == [("E1", "T2"), ("E2", "T2")]


def test_removing_the_gsi_key_takes_the_item_out_and_setting_it_brings_it_back(moto, dynamodb, table) -> None:
    def update(expression: str, **values: Any) -> None:
        dynamodb.update_item(
            TableName=table,
            Key=key("E1", "T1"),
            UpdateExpression=expression,
            ExpressionAttributeNames={"#o": "owner"},
            **({"ExpressionAttributeValues": values} if values else {}),
        )

    update("REMOVE #o")
    assert owned_by(dynamodb, table, "alice") == [("E1", "T2"), ("E2", "T1")]

    update("SET #o = :o", **{":o": {"S": "carol"}})
    assert owned_by(dynamodb, table, "carol") == [("E1", "T1")]
    assert owned_by(dynamodb, table, "alice") == [("E1", "T2"), ("E2", "T1")]


def test_update_that_creates_an_item_adds_it(moto, dynamodb, table) -> None:
    response = dynamodb.update_item(
        TableName=table,
        Key=key("E3", "T1"),
        UpdateExpression="SET #o = :o, created = :c",
        ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":o": {"S": "alice"}, ":c": {"S": "2024-02-15"}},
        ReturnValues="ALL_NEW",
    )

    assert response["Attributes"]["PK"] == {"S": "E3"}
    assert owned_by(dynamodb, table, "alice") == [("E1", "T1"), ("E1", "T2"), ("E3", "T1"), ("E2", "T1")]


def test_put_over_an_item_reindexes_it(moto, dynamodb, table) -> None:
    old = dynamodb.put_item(
        TableName=table, Item=ticket("E2", "T1", "bob", "2024-01-20"), ReturnValues="ALL_OLD"
    )
    dynamodb.put_item(TableName=table, Item=ticket("E1", "T1"))  # no owner: out of the sparse index

    assert old["Attributes"]["owner"] == {"S": "alice"}
    assert owned_by(dynamodb, table, "alice") == [("E1", "T2")]
    assert owned_by(dynamodb, table, "bob") == [("E2", "T2"), ("E2", "T1")]


def test_delete_removes_the_item(moto, dynamodb, table) -> None:
    old = dynamodb.delete_item(TableName=table, Key=key("E1", "T2"), ReturnValues="ALL_OLD")

    assert old["Attributes"]["created"] == {"S": "2024-02-01"}
    assert owned_by(dynamodb, table, "alice") == [("E1", "T1"), ("E2", "T1")]


def test_batch_write_puts_and_deletes(moto, dynamodb, table) -> None:
    dynamodb.batch_write_item(
        RequestItems={
            table: [
                {"DeleteRequest": {"Key": key("E1", "T1")}},
                {"PutRequest": {"Item": ticket("E4", "T1", "alice", "2024-12-01")}},
                {"PutRequest": {"Item": ticket("E2", "T2", "alice", "2024-01-15")}},
            ]
        }
    )

    assert owned_by(dynamodb, table, "alice") == [("E2", "T2"), ("E1", "T2"), ("E2", "T1"), ("E4", "T1")]
    assert owned_by(dynamodb, table, "bob") == []


def test_transaction_writes_reach_the_index(moto, dynamodb, table) -> None:
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": ticket("E5", "T1", "bob", "2024-05-01")}},
            {
                "Update": {
                    "TableName": table,
                    "Key": key("E1", "T1"),
                    "UpdateExpression": "SET #o = :o",
                    "ExpressionAttributeNames": {"#o": "owner"},
                    "ExpressionAttributeValues": {":o": {"S": "bob"}},
                }
            },
            {"Delete": {"TableName": table, "Key": key("E2", "T1")}},
        ]
    )

    assert owned_by(dynamodb, table, "alice") == [("E1", "T2")]
    assert owned_by(dynamodb, table, "bob") == [("E1", "T1"), ("E2", "T2"), ("E5", "T1")]


def test_failed_conditional_writes_change_nothing(moto, dynamodb, table) -> None:
    with pytest.raises(ClientError) as put:
        dynamodb.put_item(
            TableName=table,
            Item=ticket("E1", "T1", "bob"),
            ConditionExpression="attribute_not_exists(PK)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    with pytest.raises(ClientError) as update:
        dynamodb.update_item(
            TableName=table,
            Key=key("E1", "T2"),
            UpdateExpression="SET #o = :o",
            ConditionExpression="price > :p",
            ExpressionAttributeNames={"#o": "owner"},
            ExpressionAttributeValues={":o": {"S": "bob"}, ":p": {"N": "100"}},
        )
    with pytest.raises(ClientError) as delete:
        dynamodb.delete_item(
            TableName=table, Key=key("E2", "T1"), ConditionExpression="attribute_not_exists(PK)"
        )

    assert {e.value.response["Error"]["Code"] for e in (put, update, delete)} == {
        "ConditionalCheckFailedException"
    }
    assert put.value.response["Item"]["owner"] == {"S": "alice"}
    assert owned_by(dynamodb, table, "alice") == [("E1", "T1"), ("E1", "T2"), ("E2", "T1")]


def test_partiql_writes_reach_the_index(moto, dynamodb, table) -> None:
    dynamodb.execute_statement(Statement=f"UPDATE \"{table}\" SET owner='bob' WHERE PK='E1' AND SK='T1'")
    dynamodb.execute_statement(Statement=f"DELETE FROM \"{table}\" WHERE PK='E1' AND SK='T2'")

    assert owned_by(dynamodb, table, "alice") == [("E2", "T1")]
    assert owned_by(dynamodb, table, "bob") == [("E1", "T1"), ("E2", "T2")]


def test_gsi_created_after_the_items_serves_them_and_later_writes(moto, dynamodb, table) -> None:
    dynamodb.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "venue", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "ByVenue",
                    "KeySchema": [{"AttributeName": "venue", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            }
        ],
    )
    dynamodb.put_item(TableName=table, Item=ticket("E6", "T1", "alice", "2024-06-01", venue="opera"))

    def at(venue: str) -> list[str]:
        items = dynamodb.query(
            TableName=table,
            IndexName="ByVenue",
            KeyConditionExpression="venue = :v",
            ExpressionAttributeValues={":v": {"S": venue}},
        )["Items"]
        return [i["PK"]["S"] for i in items]

    assert at("opera") == ["E6"]
    dynamodb.update_item(
        TableName=table,
        Key=key("E1", "T1"),
        UpdateExpression="SET venue = :v",
        ExpressionAttributeValues={":v": {"S": "opera"}},
    )
    assert at("opera") == ["E1", "E6"]
    assert owned_by(dynamodb, table, "alice")[-1] == ("E6", "T1")


def test_recreated_table_does_not_see_the_old_items(moto, dynamodb, table, make_events_table) -> None:
    dynamodb.delete_table(TableName=table)
    make_events_table(table)
    dynamodb.put_item(TableName=table, Item=ticket("E9", "T1", "alice"))

    assert owned_by(dynamodb, table, "alice") == [("E9", "T1")]


def test_writes_still_emit_their_stream_records(moto, dynamodb, table, stream_reader) -> None:
    reader = stream_reader(table, "LATEST")
    dynamodb.put_item(TableName=table, Item=ticket("E7", "T1", "alice"))
    dynamodb.update_item(
        TableName=table,
        Key=key("E7", "T1"),
        UpdateExpression="SET #o = :o",
        ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":o": {"S": "bob"}},
    )
    dynamodb.delete_item(TableName=table, Key=key("E7", "T1"))

    assert reader.read() == [("INSERT", "E7", "T1"), ("MODIFY", "E7", "T1"), ("REMOVE", "E7", "T1")]


def test_update_addressed_by_table_arn_moves_the_item(moto, dynamodb, table) -> None:
    arn = dynamodb.describe_table(TableName=table)["Table"]["TableArn"]
    dynamodb.update_item(
        TableName=arn,
        Key=key("E2", "T1"),
        UpdateExpression="SET #o = :o",
        ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":o": {"S": "bob"}},
    )

    assert owned_by(dynamodb, table, "alice") == [("E1", "T1"), ("E1", "T2")]
    assert owned_by(dynamodb, table, "bob") == [("E2", "T2"), ("E2", "T1")]
