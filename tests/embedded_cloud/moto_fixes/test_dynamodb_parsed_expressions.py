"""Condition and update expressions are parsed once per text; what they do is moto 5.2.5's."""

from __future__ import annotations

import uuid
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


def test_a_repeated_condition_with_other_values_is_lexed_once(moto, dynamodb, make_events_table, count_calls) -> None:
    moto.expect_defect("a condition is lexed again for every new value in it", raises=AssertionError)
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=counter(1))
    add_one(dynamodb, table, 1, most=10)
    conditions = count_calls(ConditionExpressionParser, "_lex_condition_expression")

    for most in (11, 12, 13):
        add_one(dynamodb, table, 1, most=most)

    assert conditions.count == 0
    assert count_of(dynamodb, table, 1) == 4


def test_each_operand_of_a_cached_condition_takes_its_own_value(moto, dynamodb, make_events_table) -> None:
    """One text, the same placeholder twice, values in BETWEEN, IN, functions and size(): each decided anew."""
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=counter(1, name={"S": "alice"}, tags={"SS": ["a", "b"]}))
    text = ("#c BETWEEN :lo AND :hi AND #n IN (:x, :y, :lo) AND begins_with (#n, :p) AND contains (#t, :x)"
            " AND size (#n) > :lo AND attribute_type (#n, :type)")

    def passes(**values: dict[str, str]) -> bool:
        try:
            dynamodb.put_item(TableName=table, Item=counter(1, name={"S": "alice"}, tags={"SS": ["a", "b"]}),
                              ConditionExpression=text,
                              ExpressionAttributeNames={"#c": "count", "#n": "name", "#t": "tags"},
                              ExpressionAttributeValues={f":{k}": v for k, v in values.items()})
        except ClientError as refused:
            assert refused.response["Error"]["Code"] == "ConditionalCheckFailedException"
            return False
        return True

    def values(lo: str = "0", hi: str = "1", x: str = "a", y: str = "alice", p: str = "al",
               kind: str = "S") -> dict[str, dict[str, str]]:
        return {"lo": {"N": lo}, "hi": {"N": hi}, "x": {"S": x}, "y": {"S": y}, "p": {"S": p}, "type": {"S": kind}}

    outcomes = [passes(**values()), passes(**values(lo="1")), passes(**values(hi="-1", lo="-2")),
                passes(**values(y="bob")), passes(**values(x="alice", y="bob")), passes(**values(p="bo")),
                passes(**values(kind="N")), passes(**values(lo="-1", hi="0")), passes(**values())]

    assert outcomes == [True, False, False, False, False, False, False, True, True]


def test_a_cached_condition_refuses_a_missing_value_as_a_new_one_does(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=counter(1))

    def update(values: dict[str, Any]) -> None:
        dynamodb.update_item(TableName=table, Key={"PK": {"S": "COUNTER"}, "SK": {"S": "#1"}},
                             UpdateExpression="SET #c = #c + :one", ConditionExpression="#c < :most AND #c >= :least",
                             ExpressionAttributeNames={"#c": "count"},
                             ExpressionAttributeValues={":one": {"N": "1"}, **values})

    errors = []
    for _ in range(2):  # the first refusals may parse the text anew, the second ones follow a parse that passed
        for missing in ({":least": {"N": "0"}}, {":most": {"N": "9"}}, {}):
            with pytest.raises(ClientError) as refused:
                update(missing)
            errors.append(refused.value.response["Error"])
        update({":most": {"N": "9"}, ":least": {"N": "0"}})

    assert errors[3:] == errors[:3]
    assert errors[0]["Code"] == "500"  # moto 5.2.5's KeyError, kept
    assert count_of(dynamodb, table, 1) == 2


def test_a_cached_condition_raises_what_its_first_parse_raised(moto) -> None:
    """Values looked up in the text's order (the first missing one named), operands built from them after."""
    from moto.dynamodb.comparisons import create_condition_expression_parser

    names = {"#c": "count", "#u": str(uuid.uuid4())}  # a text and names no other test parsed
    text = "#c BETWEEN :lo AND :hi AND attribute_not_exists (#u) AND #c IN (:x, :lo)"
    good = {":lo": {"N": "0"}, ":hi": {"N": "5"}, ":x": {"S": "a"}}
    bad = [{":hi": {"N": "5"}}, {":lo": {"N": "0"}}, {":lo": {"N": "0"}, ":hi": {"N": "5"}}, {},
           {**good, ":hi": {}}, {**good, ":lo": "0"}, {**good, ":x": {}, ":lo": []}, {**good, ":hi": {}, ":x": "a"}]

    def raised(values: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        with pytest.raises(Exception) as error:
            create_condition_expression_parser(text, names, values).parse()
        return type(error.value).__name__, error.value.args

    first = [raised(values) for values in bad]
    parsed = repr(create_condition_expression_parser(text, names, good).parse())  # a parse that passes
    again = [raised(values) for values in bad]

    assert repr(create_condition_expression_parser(text, names, good).parse()) == parsed

    assert again == first
    assert [kind for kind, _ in first[:4]] == ["KeyError"] * 4
    assert [args for _, args in first[:4]] == [(":lo",), (":hi",), (":x",), (":lo",)]
