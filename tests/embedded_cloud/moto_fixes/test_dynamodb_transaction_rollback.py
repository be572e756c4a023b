"""A cancelled TransactWriteItems leaves no trace but its error, without copying the table."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.dynamo_type import Item


def ticket(pk: str, sk: str, owner: str = "alice", sold: int = 0) -> dict[str, Any]:
    return {
        "PK": {"S": pk},
        "SK": {"S": sk},
        "owner": {"S": owner},
        "created": {"S": f"{pk}-{sk}"},
        "sold": {"N": str(sold)},
    }


def key(pk: str, sk: str) -> dict[str, Any]:
    return {"PK": {"S": pk}, "SK": {"S": sk}}


def put(table: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"Put": {"TableName": table, "Item": item}}


def sell(table: str, pk: str, sk: str) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": table,
            "Key": key(pk, sk),
            "UpdateExpression": "SET sold = sold + :one, #o = :buyer",
            "ExpressionAttributeNames": {"#o": "owner"},
            "ExpressionAttributeValues": {":one": {"N": "1"}, ":buyer": {"S": "bob"}},
        }
    }


def delete(table: str, pk: str, sk: str) -> dict[str, Any]:
    return {"Delete": {"TableName": table, "Key": key(pk, sk)}}


def absent(table: str, pk: str, sk: str, **extra: Any) -> dict[str, Any]:
    """A condition check that fails when the item exists."""
    return {
        "ConditionCheck": {
            "TableName": table,
            "Key": key(pk, sk),
            "ConditionExpression": "attribute_not_exists(PK)",
            **extra,
        }
    }


def cancel(dynamodb: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with pytest.raises(ClientError) as error:
        dynamodb.transact_write_items(TransactItems=items)
    assert error.value.response["Error"]["Code"] == "TransactionCanceledException"
    return error.value.response["CancellationReasons"]


def everything(dynamodb: Any, table: str) -> dict[tuple[str, str], dict[str, Any]]:
    items = dynamodb.scan(TableName=table, ConsistentRead=True)["Items"]
    return {(i["PK"]["S"], i["SK"]["S"]): i for i in items}


def owned_by(dynamodb: Any, table: str, owner: str) -> list[str]:
    items = dynamodb.query(
        TableName=table,
        IndexName="ByOwner",
        KeyConditionExpression="#o = :o",
        ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":o": {"S": owner}},
    )["Items"]
    return [f"{i['PK']['S']}/{i['SK']['S']}" for i in items]


@pytest.fixture
def table(dynamodb: Any, make_events_table: Any) -> str:
    name = make_events_table()
    for item in (ticket("E1", "T1"), ticket("E1", "T2"), ticket("E2", "T1")):
        dynamodb.put_item(TableName=name, Item=item)
    assert owned_by(dynamodb, name, "alice") == [
        "E1/T1",
        "E1/T2",
        "E2/T1",
    ]  # with the fix: builds the GSI index
    return name


def test_cancelled_transaction_between_other_writes_leaves_only_theirs(
    moto, dynamodb, table, stream_reader
) -> None:
    before = everything(dynamodb, table)
    dynamodb.put_item(TableName=table, Item=ticket("E3", "T1"))

    reasons = cancel(
        dynamodb,
        [
            put(table, ticket("E4", "T1")),
            sell(table, "E1", "T1"),
            delete(table, "E1", "T2"),
            absent(table, "E2", "T1"),
            put(table, ticket("E5", "T1")),  # after the failing check: written, then undone too
        ],
    )
    dynamodb.put_item(TableName=table, Item=ticket("E3", "T2"))

    assert [r["Code"] for r in reasons] == ["None", "None", "None", "ConditionalCheckFailed", "None"]
    after = everything(dynamodb, table)
    assert set(after) == set(before) | {("E3", "T1"), ("E3", "T2")}
    assert {k: after[k] for k in before} == before
    assert stream_reader(table).read()[-2:] == [("INSERT", "E3", "T1"), ("INSERT", "E3", "T2")]
    assert len(stream_reader(table).read()) == len(before) + 2
    assert owned_by(dynamodb, table, "alice") == ["E1/T1", "E1/T2", "E2/T1", "E3/T1", "E3/T2"]
    assert owned_by(dynamodb, table, "bob") == []


def test_new_reader_sees_only_the_records_of_successful_writes(moto, dynamodb, table, stream_reader) -> None:
    cancel(dynamodb, [put(table, ticket("E4", "T1")), absent(table, "E1", "T1")])
    dynamodb.transact_write_items(TransactItems=[sell(table, "E1", "T1"), delete(table, "E1", "T2")])

    assert stream_reader(table).read() == [
        ("INSERT", "E1", "T1"),
        ("INSERT", "E1", "T2"),
        ("INSERT", "E2", "T1"),
        ("MODIFY", "E1", "T1"),
        ("REMOVE", "E1", "T2"),
    ]
    assert owned_by(dynamodb, table, "bob") == ["E1/T1"]


def test_stream_reader_from_before_a_cancelled_transaction_reads_later_records(
    moto, dynamodb, table, stream_reader
) -> None:
    moto.expect_defect("the reader stays on the shard the rollback discarded", raises=AssertionError)
    reader = stream_reader(table, "LATEST")
    assert reader.read() == []

    cancel(dynamodb, [put(table, ticket("E4", "T1")), absent(table, "E1", "T1")])
    dynamodb.put_item(TableName=table, Item=ticket("E5", "T1"))

    assert reader.read() == [("INSERT", "E5", "T1")]


def test_cancellation_reasons_carry_the_old_item_when_asked(moto, dynamodb, table) -> None:
    reasons = cancel(
        dynamodb,
        [
            absent(table, "E1", "T1", ReturnValuesOnConditionCheckFailure="ALL_OLD"),
            put(table, ticket("E4", "T1")),
            absent(table, "E2", "T1"),
        ],
    )

    assert [r["Code"] for r in reasons] == ["ConditionalCheckFailed", "None", "ConditionalCheckFailed"]
    assert reasons[0]["Item"] == ticket("E1", "T1")
    assert "Item" not in reasons[2]
    assert ("E4", "T1") not in everything(dynamodb, table)


def test_update_that_would_create_an_item_is_undone(moto, dynamodb, table) -> None:
    cancel(
        dynamodb,
        [
            {
                "Update": {
                    "TableName": table,
                    "Key": key("E6", "T1"),
                    "UpdateExpression": "SET #o = :o, created = :c",
                    "ExpressionAttributeNames": {"#o": "owner"},
                    "ExpressionAttributeValues": {":o": {"S": "carol"}, ":c": {"S": "x"}},
                }
            },
            absent(table, "E1", "T1"),
        ],
    )

    assert ("E6", "T1") not in everything(dynamodb, table)
    assert owned_by(dynamodb, table, "carol") == []


def test_two_operations_on_one_item_are_refused_and_undone(moto, dynamodb, table) -> None:
    with pytest.raises(ClientError) as error:
        dynamodb.transact_write_items(
            TransactItems=[
                put(table, ticket("E7", "T1")),
                put(table, ticket("E8", "T1")),
                delete(table, "E8", "T1"),
            ]
        )

    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert not {("E7", "T1"), ("E8", "T1")} & set(everything(dynamodb, table))


def test_cancelled_transaction_on_a_table_without_sort_key(moto, dynamodb, unique_name) -> None:
    table = unique_name("accounts")
    dynamodb.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    )
    for name in ("ann", "ben"):
        dynamodb.put_item(TableName=table, Item={"id": {"S": name}, "balance": {"N": "10"}})

    with pytest.raises(ClientError):
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {"id": {"S": "cid"}, "balance": {"N": "1"}}}},
                {"Delete": {"TableName": table, "Key": {"id": {"S": "ann"}}}},
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"id": {"S": "ben"}},
                        "UpdateExpression": "SET balance = balance - :n",
                        "ConditionExpression": "balance >= :n",
                        "ExpressionAttributeValues": {":n": {"N": "20"}},
                    }
                },
            ]
        )

    items = dynamodb.scan(TableName=table)["Items"]
    assert sorted((i["id"]["S"], i["balance"]["N"]) for i in items) == [("ann", "10"), ("ben", "10")]


def test_transaction_work_does_not_grow_with_the_table(
    moto, dynamodb, make_events_table, count_calls
) -> None:
    moto.expect_defect("every transaction deep-copies the tables it names", raises=AssertionError)
    copies = count_calls(Item, "__deepcopy__")
    work = {}
    for size in (5, 200):
        table = make_events_table()
        for start in range(0, size, 25):
            batch = [
                {"PutRequest": {"Item": ticket("BULK", f"T{i:04d}")}}
                for i in range(start, min(size, start + 25))
            ]
            dynamodb.batch_write_item(RequestItems={table: batch})
        dynamodb.put_item(TableName=table, Item=ticket("E1", "T1"))
        succeeded = copies.during(
            dynamodb.transact_write_items,
            TransactItems=[put(table, ticket("E2", "T1")), sell(table, "E1", "T1")],
        )
        cancelled = copies.during(cancel, dynamodb, [sell(table, "E1", "T1"), absent(table, "E2", "T1")])
        work[size] = (succeeded, cancelled)
    assert work[200] == work[5], work
