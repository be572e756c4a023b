"""Query reads only the queried partition (base table, LSI, GSI), with moto 5.2.5's results exactly."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.dynamo_type import DynamoType

EVENTS = 20
TICKETS = 12
PRICES = [5, 10, 100, 2.5, 25, 7, 70, 1000, 3, 30, 300, 0.5]  # numeric order differs from string order
OWNERS = ("alice", "bob")


def ticket(event: int, n: int) -> dict[str, Any]:
    item = {
        "PK": {"S": f"EVENT#{event:02d}"},
        "SK": {"S": f"TICKET#{n:02d}"},
        "price": {"N": str(PRICES[n])},
        "status": {"S": "sold" if n % 3 == 0 else "open"},
    }
    if n % 4 != 3:  # a sparse index: some tickets have no owner yet
        item["owner"] = {"S": OWNERS[(event + n) % 2]}
        item["created"] = {"S": f"2024-{n + 1:02d}-{event:02d}"}
    return item


CATALOGUE = [ticket(event, n) for event in range(EVENTS) for n in range(TICKETS)]


def value(item: dict[str, Any], attr: str) -> Any:
    ((kind, raw),) = item[attr].items()
    return Decimal(raw) if kind == "N" else raw


def keys(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(i["PK"]["S"], i["SK"]["S"]) for i in items]


def put_all(dynamodb: Any, table: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]
        dynamodb.batch_write_item(RequestItems={table: batch})


@pytest.fixture(scope="module")
def catalogue(dynamodb: Any, make_events_table: Any) -> str:
    """A table of EVENTS partitions of TICKETS tickets, shared by the read-only tests."""
    table = make_events_table()
    put_all(dynamodb, table, CATALOGUE)
    return table


@dataclass(frozen=True)
class Index:
    """How to query one index of the catalogue: the partition asked for, and sort-key operands."""

    name: str | None
    hash_attr: str
    hash_value: str
    sort_attr: str
    sort_type: str
    low: str
    high: str
    prefix: str | None

    def partition(self) -> list[dict[str, Any]]:
        return [i for i in CATALOGUE if self.hash_attr in i and value(i, self.hash_attr) == self.hash_value]

    def operand(self, raw: str) -> dict[str, str]:
        return {self.sort_type: raw}


INDEXES = {
    "table": Index(None, "PK", "EVENT#07", "SK", "S", "TICKET#04", "TICKET#09", "TICKET#1"),
    "lsi": Index("ByPrice", "PK", "EVENT#07", "price", "N", "7", "100", None),
    "gsi": Index("ByOwner", "owner", "alice", "created", "S", "2024-03", "2024-07-99", "2024-1"),
}

CONDITIONS = {
    "=": ("#s = :a", lambda v, lo, hi, p: v == lo),
    "<": ("#s < :a", lambda v, lo, hi, p: v < lo),
    "<=": ("#s <= :a", lambda v, lo, hi, p: v <= lo),
    ">": ("#s > :a", lambda v, lo, hi, p: v > lo),
    ">=": ("#s >= :a", lambda v, lo, hi, p: v >= lo),
    "between": ("#s BETWEEN :a AND :b", lambda v, lo, hi, p: lo <= v <= hi),
    "begins_with": ("begins_with(#s, :p)", lambda v, lo, hi, p: v.startswith(p)),
}


def query_pages(dynamodb: Any, table: str, index: Index, key_condition: str, **kwargs: Any) -> list[dict]:
    """Every page of the query, following LastEvaluatedKey."""
    names = (
        {"#h": index.hash_attr, "#s": index.sort_attr} if "#s" in key_condition else {"#h": index.hash_attr}
    )
    names.update(kwargs.pop("ExpressionAttributeNames", {}))
    values = {":h": {"S": index.hash_value}, **kwargs.pop("ExpressionAttributeValues", {})}
    request = {
        "TableName": table,
        "KeyConditionExpression": f"#h = :h AND {key_condition}" if key_condition else "#h = :h",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        **({"IndexName": index.name} if index.name else {}),
        **kwargs,
    }
    pages = [dynamodb.query(**request)]
    while "LastEvaluatedKey" in pages[-1]:
        pages.append(dynamodb.query(**request, ExclusiveStartKey=pages[-1]["LastEvaluatedKey"]))
        assert len(pages) < 100, "paging does not end"
    return pages


def operands(index: Index, condition: str) -> dict[str, Any]:
    used = {":a": index.operand(index.low)}
    if condition == "=":  # an existing sort key
        used = {":a": index.operand(sorted(str(value(i, index.sort_attr)) for i in index.partition())[3])}
    if condition == "between":
        used[":b"] = index.operand(index.high)
    if condition == "begins_with":
        used = {":p": index.operand(index.prefix)}
    return used


def expected(index: Index, condition: str, used: dict[str, Any], forward: bool) -> list[tuple[str, str]]:
    def operand(name: str) -> Any:
        if name not in used:
            return None
        raw = used[name][index.sort_type]
        return Decimal(raw) if index.sort_type == "N" else raw

    matches = CONDITIONS[condition][1]
    found = [
        i
        for i in index.partition()
        if index.sort_attr in i
        and matches(value(i, index.sort_attr), operand(":a"), operand(":b"), operand(":p"))
    ]
    found.sort(key=lambda i: value(i, index.sort_attr), reverse=not forward)
    return keys(found)


CASES = [
    (index, condition, forward)
    for index in INDEXES
    for condition in CONDITIONS
    for forward in (True, False)
    if not (condition == "begins_with" and INDEXES[index].sort_type == "N")
]


@pytest.mark.parametrize(("index_id", "condition", "forward"), CASES)
def test_sort_key_condition_in_both_directions(
    moto, dynamodb, catalogue, index_id, condition, forward
) -> None:
    index = INDEXES[index_id]
    used = operands(index, condition)

    (page,) = query_pages(
        dynamodb,
        catalogue,
        index,
        CONDITIONS[condition][0],
        ExpressionAttributeValues=used,
        ScanIndexForward=forward,
    )

    assert keys(page["Items"]) == expected(index, condition, used, forward)
    assert page["Count"] == len(page["Items"]) > 0


@pytest.mark.parametrize("index_id", INDEXES)
@pytest.mark.parametrize("forward", [True, False])
@pytest.mark.parametrize("limit", [1, 4])
def test_limit_pages_return_every_match_once_in_order(
    moto, dynamodb, catalogue, index_id, forward, limit
) -> None:
    index = INDEXES[index_id]
    whole = expected(index, ">=", operands(index, ">="), forward)

    pages = query_pages(
        dynamodb,
        catalogue,
        index,
        CONDITIONS[">="][0],
        ExpressionAttributeValues=operands(index, ">="),
        ScanIndexForward=forward,
        Limit=limit,
    )

    assert [key for page in pages for key in keys(page["Items"])] == whole
    assert all(len(page["Items"]) <= limit for page in pages)
    assert len(pages) >= len(whole) // limit
    key_attrs = {"PK", "SK", index.hash_attr, index.sort_attr}
    assert all(set(page["LastEvaluatedKey"]) == key_attrs for page in pages[:-1])


@pytest.mark.parametrize("index_id", INDEXES)
def test_filter_applies_after_limit(moto, dynamodb, catalogue, index_id) -> None:
    index = INDEXES[index_id]
    first_four = [i for i in index.partition() if index.sort_attr in i]
    first_four.sort(key=lambda i: value(i, index.sort_attr))
    first_four = first_four[:4]

    (page, *rest) = query_pages(
        dynamodb,
        catalogue,
        index,
        "",
        Limit=4,
        FilterExpression="#status = :sold",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={":sold": {"S": "sold"}},
    )

    assert keys(page["Items"]) == keys([i for i in first_four if i["status"]["S"] == "sold"])
    assert page["ScannedCount"] == 4
    assert (page["LastEvaluatedKey"]["PK"], page["LastEvaluatedKey"]["SK"]) == (
        first_four[-1]["PK"],
        first_four[-1]["SK"],
    )
    assert rest, "more pages follow the limited one"


def test_keys_only_gsi_without_sort_key_projects_keys(moto, dynamodb, catalogue) -> None:
    index = Index("ByStatus", "status", "sold", "SK", "S", "", "", None)

    pages = query_pages(dynamodb, catalogue, index, "")

    items = [item for page in pages for item in page["Items"]]
    assert sorted(keys(items)) == sorted(keys(index.partition()))
    assert {frozenset(item) for item in items} == {frozenset({"PK", "SK", "status"})}


def test_projection_and_select_count(moto, dynamodb, catalogue) -> None:
    index = INDEXES["gsi"]
    (projected,) = query_pages(dynamodb, catalogue, index, "", ProjectionExpression="SK, price")
    (counted,) = query_pages(dynamodb, catalogue, index, "", Select="COUNT")

    assert {frozenset(item) for item in projected["Items"]} == {frozenset({"SK", "price"})}
    assert counted["Count"] == len(index.partition()) and "Items" not in counted


def test_legacy_key_conditions_on_a_gsi(moto, dynamodb, catalogue) -> None:
    index = INDEXES["gsi"]
    response = dynamodb.query(
        TableName=catalogue,
        IndexName="ByOwner",
        KeyConditions={
            "owner": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "alice"}]},
            "created": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "2024-1"}]},
        },
    )
    assert keys(response["Items"]) == expected(index, "begins_with", {":p": {"S": "2024-1"}}, True)


def test_partition_with_no_items_is_empty(moto, dynamodb, catalogue) -> None:
    for index in (INDEXES["table"], INDEXES["gsi"]):
        absent = Index(index.name, index.hash_attr, "nobody", index.sort_attr, "S", "", "", None)
        (page,) = query_pages(dynamodb, catalogue, absent, "")
        assert page["Items"] == [] and page["Count"] == 0


@pytest.mark.parametrize(
    ("request_change", "code"),
    [
        (
            {"IndexName": "NoSuchIndex"},
            "ResourceNotFoundException",
        ),  # moto: DynamoDB says ValidationException
        ({"IndexName": "ByOwner", "ConsistentRead": True}, "ValidationException"),
    ],
)
def test_invalid_index_requests_are_refused(moto, dynamodb, catalogue, request_change, code) -> None:
    with pytest.raises(ClientError) as error:
        dynamodb.query(
            TableName=catalogue,
            KeyConditionExpression="#o = :o",
            ExpressionAttributeNames={"#o": "owner"},
            ExpressionAttributeValues={":o": {"S": "alice"}},
            **request_change,
        )
    assert error.value.response["Error"]["Code"] == code


def test_numbers_match_by_value_in_table_and_gsi_keys(moto, dynamodb, unique_name) -> None:
    table = unique_name("numbers")
    dynamodb.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "id", "AttributeType": "N"},
            {"AttributeName": "group", "AttributeType": "N"},
        ],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "ByGroup",
                "KeySchema": [{"AttributeName": "group", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    for i, group in ((1, "10"), (2, "10"), (3, "20")):
        dynamodb.put_item(TableName=table, Item={"id": {"N": str(i)}, "group": {"N": group}})

    by_id = dynamodb.query(
        TableName=table, KeyConditionExpression="id = :v", ExpressionAttributeValues={":v": {"N": "1.0"}}
    )
    by_group = dynamodb.query(
        TableName=table,
        IndexName="ByGroup",
        KeyConditionExpression="#g = :v",
        ExpressionAttributeNames={"#g": "group"},
        ExpressionAttributeValues={":v": {"N": "1E1"}},
    )

    assert [i["id"]["N"] for i in by_id["Items"]] == ["1"]
    assert sorted(i["id"]["N"] for i in by_group["Items"]) == ["1", "2"]


def test_query_work_does_not_grow_with_the_table(moto, dynamodb, make_events_table, count_calls) -> None:
    moto.expect_defect("Query sorts and compares every item of the table", raises=AssertionError)
    comparisons = count_calls(DynamoType, "cast_value")
    queried = [
        Index(None, "PK", "EVENT#99", "SK", "S", "", "", None),
        Index("ByPrice", "PK", "EVENT#99", "price", "N", "", "", None),
        Index("ByOwner", "owner", "carol", "created", "S", "", "", None),
    ]
    work = {}
    for other_partitions in (2, 30):
        table = make_events_table()
        put_all(
            dynamodb, table, [ticket(event, n) for event in range(other_partitions) for n in range(TICKETS)]
        )
        put_all(dynamodb, table, [ticket(99, n) | {"owner": {"S": "carol"}} for n in range(0, TICKETS, 4)])
        for index in queried:
            query_pages(dynamodb, table, index, "")  # the first GSI query of a table builds its index
        work[other_partitions] = [comparisons.during(query_pages, dynamodb, table, i, "") for i in queried]
    assert work[30] == work[2], work
