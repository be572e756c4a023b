"""Condition and update expressions are parsed once per text; what they do is moto 5.2.5's."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.parsing.tokens import ExpressionTokenizer


def counter(n: int, **extra: Any) -> dict[str, Any]:
    return {"PK": {"S": "COUNTER"}, "SK": {"S": f"#{n}"}, "count": {"N": "0"}, **extra}


def add_one(dynamodb: Any, table: str, n: int, most: int) -> None:
    """count += 1 if count < most (the same texts each time; the values differ)."""
    dynamodb.update_item(
        TableName=table,
        Key={"PK": {"S": "COUNTER"}, "SK": {"S": f"#{n}"}},
        UpdateExpression="SET #0 = #0 + :0",
        ConditionExpression="attribute_exists (#1) AND #0 < :1",
        ExpressionAttributeNames={"#0": "count", "#1": "PK"},
        ExpressionAttributeValues={":0": {"N": "1"}, ":1": {"N": str(most)}},
    )


def count_of(dynamodb: Any, table: str, n: int) -> int:
    item = dynamodb.get_item(TableName=table, Key={"PK": {"S": "COUNTER"}, "SK": {"S": f"#{n}"}})["Item"]
    return int(item["count"]["N"])


def test_a_repeated_expression_is_lexed_once(moto, dynamodb, make_events_table, count_calls) -> None:
    moto.expect_defect("every request lexes its expressions again (UpdateItem twice)", raises=AssertionError)
    table = make_events_table()
    for n in (1, 2):
        dynamodb.put_item(TableName=table, Item=counter(n))
    add_one(dynamodb, table, 1, most=10)
    conditions = count_calls(ConditionExpressionParser, "_lex_condition_expression")
    updates = count_calls(ExpressionTokenizer, "_make_list")

    for _ in range(3):
        add_one(dynamodb, table, 2, most=10)

    assert (conditions.count, updates.count) == (0, 0)


def test_one_text_with_other_values_decides_anew(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    for n in (1, 2):
        dynamodb.put_item(TableName=table, Item=counter(n))

    for _ in range(2):
        add_one(dynamodb, table, 1, most=2)
    with pytest.raises(ClientError) as refused:
        add_one(dynamodb, table, 1, most=2)
    add_one(dynamodb, table, 2, most=5)
    add_one(dynamodb, table, 2, most=5)

    assert refused.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert (count_of(dynamodb, table, 1), count_of(dynamodb, table, 2)) == (2, 2)


def test_a_cached_expression_still_checks_its_placeholders(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=counter(1))
    add_one(dynamodb, table, 1, most=10)
    errors = []
    for _ in range(2):
        with pytest.raises(ClientError) as unused:
            dynamodb.update_item(
                TableName=table,
                Key={"PK": {"S": "COUNTER"}, "SK": {"S": "#1"}},
                UpdateExpression="SET #0 = #0 + :0",
                ConditionExpression="attribute_exists (#1) AND #0 < :1",
                ExpressionAttributeNames={"#0": "count", "#1": "PK"},
                ExpressionAttributeValues={":0": {"N": "1"}, ":1": {"N": "9"}, ":spare": {"N": "0"}},
            )
        errors.append(unused.value.response["Error"])
        with pytest.raises(ClientError) as invalid:
            dynamodb.put_item(TableName=table, Item=counter(9), ConditionExpression="attribute_exists (")
        errors.append(invalid.value.response["Error"]["Code"])  # moto 5.2.5 answers 500 for it

    assert errors[0]["Code"] == "ValidationException" and ":spare" in errors[0]["Message"]
    assert errors[2:] == errors[:2]
    assert "Item" not in dynamodb.get_item(TableName=table, Key={"PK": {"S": "COUNTER"}, "SK": {"S": "#9"}})
    assert count_of(dynamodb, table, 1) == 1


def test_transaction_conditions_and_filters_with_one_text(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    put_if_absent = {"ConditionExpression": "attribute_not_exists (#0)", "ExpressionAttributeNames": {"#0": "PK"}}
    dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": counter(1), **put_if_absent}}])
    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": counter(2), **put_if_absent}},
            {"Put": {"TableName": table, "Item": counter(1), **put_if_absent}},
        ])
    dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": counter(3), **put_if_absent}}])
    add_one(dynamodb, table, 3, most=10)

    def over(limit: int) -> list[str]:
        page = dynamodb.query(
            TableName=table, KeyConditionExpression="PK = :p", FilterExpression="#c >= :min",
            ExpressionAttributeNames={"#c": "count"},
            ExpressionAttributeValues={":p": {"S": "COUNTER"}, ":min": {"N": str(limit)}},
        )
        return [i["SK"]["S"] for i in page["Items"]]

    assert cancelled.value.response["CancellationReasons"][1]["Code"] == "ConditionalCheckFailed"
    assert (over(0), over(1), over(2)) == (["#1", "#3"], ["#3"], [])
