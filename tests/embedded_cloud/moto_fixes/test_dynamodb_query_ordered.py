"""Query on a large partition reads a slice of its sort-key order, with moto 5.2.5's results exactly.

One GSI partition value shared by hundreds of items (as the events context keeps every PUBLISHED event under
one `SEL` value), queried by range, in both directions, page by page, and after the writes that move items
within and between partitions, remove them, or are rolled back.

The catalogue is the smallest that gives each assertion its meaning, the same in both moto modes: 300 published
events make 20 full pages of the partition, ~30 pages of a size that divides nothing, and ties that span seven
pages of one item (score ties, sparse dates, negatives and 9.5 < 10 as before). Page sizes and bounds are
derived from the size: every walk has as many pages as at 600 events (the size until issue 17's second pass;
ties then spanned seven pages of two). More items prove nothing more: the fix keeps each partition as one sorted
list and bisects it (nothing in it changes with the size), and that a page's work does not grow with the
partition is the last test's claim, at 300 and 1,200 items (the same count of comparisons at both; 3,000 showed
nothing more). moto as released sorts the whole table for every page: its runs cost in proportion to the size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.dynamo_type import DynamoType


@dataclass(frozen=True)
class Size:
    """The catalogue's size (items under SEL = "PUBLISHED") and the numbers the tests derive from it."""

    published: int

    @property
    def page(self) -> int:  # 20 pages of the whole partition
        return self.published // 20

    @property
    def small_page(self) -> int:  # ~30 pages, a size that divides nothing
        return self.published // 31 + 1

    @property
    def tie_page(self) -> int:  # ~41 scores: a score's ties span at least seven pages
        return max(1, self.published // 300)

    @property
    def filter_page(self) -> int:  # ~16 pages of what the condition matches
        return self.published // 25

    @property
    def filter_below(self) -> int:  # the filter keeps a third of the items
        return self.published // 3


SIZE = Size(300)

SCHEMA: dict[str, Any] = {
    "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [
        {"AttributeName": "PK", "AttributeType": "S"},
        {"AttributeName": "SK", "AttributeType": "S"},
        {"AttributeName": "SEL", "AttributeType": "S"},
        {"AttributeName": "date", "AttributeType": "S"},
        {"AttributeName": "score", "AttributeType": "N"},
    ],
    "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": "ByDate",
            "KeySchema": [
                {"AttributeName": "SEL", "KeyType": "HASH"},
                {"AttributeName": "date", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
        {
            "IndexName": "ByScore",
            "KeySchema": [
                {"AttributeName": "SEL", "KeyType": "HASH"},
                {"AttributeName": "score", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        },
    ],
}


def event(i: int, sel: str = "PUBLISHED") -> dict[str, Any]:
    item = {
        "PK": {"S": f"EVENT#{(i * 7) % 101:03d}"},  # keys not in date order: ties show the table-key order
        "SK": {"S": f"E#{i:05d}"},
        "SEL": {"S": sel},
        "score": {"N": str(Decimal((i * 37) % 41 - 20) / 2)},  # ~150 items per score: ties, negatives, 9.5 < 10
        "n": {"N": str(i)},
    }
    if i % 10 != 3:  # sparse: some items are in no ByDate partition
        item["date"] = {"S": f"2025-{(i * 7919) % 12 + 1:02d}-{(i * 104729) % 28 + 1:02d}"}
    return item


@cache
def catalogue(size: Size) -> list[dict[str, Any]]:
    """`published` events, a tenth as many DRAFT ones, and two thirds as many items under PK = "BIG"."""
    n = size.published
    items = [event(i) for i in range(n)]
    items += [event(i, "DRAFT") for i in range(n, n + n // 10)]
    big = range(n * 2 // 3)  # their sort keys are distinct: 7919 is prime to 2000
    return items + [{"PK": {"S": "BIG"}, "SK": {"S": f"T#{(i * 7919) % 2000:04d}"}, "n": {"N": str(i)}} for i in big]


def val(item: dict[str, Any], attr: str) -> Any:
    ((kind, raw),) = item[attr].items()
    return Decimal(raw) if kind == "N" else raw


def key(item: dict[str, Any]) -> tuple[str, str]:
    return item["PK"]["S"], item["SK"]["S"]


def put_all(dynamodb: Any, table: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), 25):
        batch = [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]
        dynamodb.batch_write_item(RequestItems={table: batch})


# index id -> (IndexName, partition attribute, partition value, sort attribute, sort type)
INDEXES = {
    "gsi": ("ByDate", "SEL", "PUBLISHED", "date", "S"),
    "gsi-ties": ("ByScore", "SEL", "PUBLISHED", "score", "N"),
    "table": (None, "PK", "BIG", "SK", "S"),
}
OPERANDS = {"gsi": ("2025-04-10", "2025-09-02", "2025-1"), "gsi-ties": ("-3", "4.5", None)}
OPERANDS["table"] = ("T#0400", "T#1311", "T#15")
DRAFTS = {"gsi-draft": ("ByDate", "SEL", "DRAFT", "date", "S")}  # only for the write tests
OPERANDS["gsi-draft"] = OPERANDS["gsi"]
CONDITIONS: dict[str, tuple[str, Callable[[Any, Any, Any, Any], bool]]] = {
    "=": ("#s = :a", lambda v, lo, hi, p: v == lo),
    "<": ("#s < :a", lambda v, lo, hi, p: v < lo),
    "<=": ("#s <= :a", lambda v, lo, hi, p: v <= lo),
    ">": ("#s > :a", lambda v, lo, hi, p: v > lo),
    ">=": ("#s >= :a", lambda v, lo, hi, p: v >= lo),
    "between": ("#s BETWEEN :a AND :b", lambda v, lo, hi, p: lo <= v <= hi),
    "begins_with": ("begins_with(#s, :p)", lambda v, lo, hi, p: v.startswith(p)),
    "none": ("", lambda v, lo, hi, p: True),
}


def expected(
    items: list[dict[str, Any]], index_id: str, condition: str, forward: bool, operands: tuple | None = None
) -> list[tuple[str, str]]:
    _, part_attr, part_value, sort_attr, sort_type = (INDEXES | DRAFTS)[index_id]
    raw = operands or OPERANDS[index_id]
    lo, hi = ((Decimal(r) if sort_type == "N" and r is not None else r) for r in raw[:2])
    matches = CONDITIONS[condition][1]
    found = [
        i
        for i in items
        if part_attr in i
        and val(i, part_attr) == part_value
        and sort_attr in i
        and matches(val(i, sort_attr), lo, hi, raw[2])
    ]
    found.sort(key=lambda i: (val(i, sort_attr), *key(i)), reverse=not forward)  # ties: by the table key
    return [key(i) for i in found]


def pages(
    dynamodb: Any,
    table: str,
    index_id: str,
    condition: str,
    forward: bool = True,
    operands: tuple | None = None,
    follow: bool = True,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Every page of the query, following LastEvaluatedKey (only the first with follow=False)."""
    index_name, part_attr, part_value, sort_attr, sort_type = (INDEXES | DRAFTS)[index_id]
    lo, hi, prefix = operands or OPERANDS[index_id]
    expression = CONDITIONS[condition][0]
    names = {"#h": part_attr, **({"#s": sort_attr} if expression else {})}
    names.update(kwargs.pop("ExpressionAttributeNames", {}))
    values = {":h": {"S": part_value}, **kwargs.pop("ExpressionAttributeValues", {})}
    values.update({":a": {sort_type: lo}} if ":a" in expression else {})
    values.update({":b": {sort_type: hi}} if ":b" in expression else {})
    values.update({":p": {sort_type: prefix}} if ":p" in expression else {})
    request = {
        "TableName": table,
        "KeyConditionExpression": f"#h = :h AND {expression}" if expression else "#h = :h",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ScanIndexForward": forward,
        **({"IndexName": index_name} if index_name else {}),
        **kwargs,
    }
    result = [dynamodb.query(**request)]
    while follow and "LastEvaluatedKey" in result[-1]:
        result.append(dynamodb.query(**request, ExclusiveStartKey=result[-1]["LastEvaluatedKey"]))
        assert len(result) < 500, "paging does not end"
    return result


def keys_of(result: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [key(i) for page in result for i in page["Items"]]


@pytest.fixture(scope="module")
def catalogue_tables(dynamodb: Any, unique_name: Callable[[str], str]) -> Callable[[bool, Size], str]:
    """The table holding `catalogue(size)`, written in one moto mode (patched or not), created at first use and
    kept for the module."""
    made: dict[tuple[bool, Size], str] = {}

    def table(patched: bool, size: Size) -> str:
        if (patched, size) not in made:
            made[patched, size] = unique_name("ordered")
            dynamodb.create_table(TableName=made[patched, size], **SCHEMA)
            put_all(dynamodb, made[patched, size], catalogue(size))
        return made[patched, size]

    return table


@pytest.fixture
def size(moto: Any) -> Size:
    return SIZE


@pytest.fixture
def big_table(catalogue_tables: Callable[[bool, Size], str], moto: Any, size: Size) -> str:
    return catalogue_tables(moto.patched, size)


CASES = [
    (index_id, condition, forward)
    for index_id in INDEXES
    for condition in CONDITIONS
    for forward in (True, False)
    if not (condition == "begins_with" and INDEXES[index_id][4] == "N")
]


@pytest.mark.parametrize(("index_id", "condition", "forward"), CASES)
def test_range_condition_pages_on_a_large_partition(dynamodb, big_table, size, index_id, condition, forward) -> None:
    whole = expected(catalogue(size), index_id, condition, forward)

    result = pages(dynamodb, big_table, index_id, condition, forward, Limit=size.page)

    assert keys_of(result) == whole and len(set(whole)) == len(whole)
    assert all(page["Count"] == page["ScannedCount"] == len(page["Items"]) for page in result)
    assert all(page["Count"] == size.page for page in result[:-1])


@pytest.mark.parametrize("index_id", INDEXES)
@pytest.mark.parametrize("forward", [True, False])
def test_small_pages_to_the_end_without_gaps_or_duplicates(dynamodb, big_table, size, index_id, forward) -> None:
    whole = expected(catalogue(size), index_id, "none", forward)

    result = pages(dynamodb, big_table, index_id, "none", forward, Limit=size.small_page)

    assert keys_of(result) == whole
    assert len(result) == -(-len(whole) // size.small_page)  # moto: a LastEvaluatedKey only if an item follows


def test_ties_are_ordered_by_the_table_key_across_pages(dynamodb, big_table, size) -> None:
    tied = expected(catalogue(size), "gsi-ties", "=", True, ("-3", None, None))
    assert len(tied) >= 7 * size.tie_page

    forward = pages(dynamodb, big_table, "gsi-ties", "=", True, ("-3", None, None), Limit=size.tie_page)
    backward = pages(dynamodb, big_table, "gsi-ties", "=", False, ("-3", None, None), Limit=size.tie_page)

    assert keys_of(forward) == tied == sorted(tied)
    assert keys_of(backward) == tied[::-1]


def test_filter_after_limit_on_a_large_partition(dynamodb, big_table, size) -> None:
    result = pages(
        dynamodb,
        big_table,
        "gsi",
        ">=",
        False,
        Limit=size.filter_page,
        FilterExpression="#n < :n",
        ExpressionAttributeNames={"#n": "n"},
        ExpressionAttributeValues={":n": {"N": str(size.filter_below)}},
    )

    whole = expected(catalogue(size), "gsi", ">=", False)
    kept = [k for k in whole if int(k[1][2:]) < size.filter_below]
    assert 0 < len(kept) < len(whole)
    assert keys_of(result) == kept
    assert [page["ScannedCount"] for page in result[:-1]] == [size.filter_page] * (len(result) - 1)
    assert sum(page["ScannedCount"] for page in result) == len(whole)
    assert any(page["Count"] < page["ScannedCount"] for page in result)


def test_keys_only_projection_and_count_on_a_large_partition(dynamodb, big_table, size) -> None:
    (page,) = pages(dynamodb, big_table, "gsi-ties", "between", True, follow=False, Limit=5)
    (counted,) = pages(dynamodb, big_table, "gsi-ties", "between", True, Select="COUNT", Limit=5000)

    assert {frozenset(i) for i in page["Items"][:5]} == {frozenset({"PK", "SK", "SEL", "score"})}
    assert set(page["LastEvaluatedKey"]) == {"PK", "SK", "SEL", "score"}
    assert counted["Count"] == len(expected(catalogue(size), "gsi-ties", "between", True))


def test_operand_of_another_type_fails_as_moto_fails(dynamodb, big_table) -> None:
    with pytest.raises(ClientError) as error:
        dynamodb.query(
            TableName=big_table,
            IndexName="ByDate",
            KeyConditionExpression="SEL = :h AND #d > :a",
            ExpressionAttributeNames={"#d": "date"},
            ExpressionAttributeValues={":h": {"S": "PUBLISHED"}, ":a": {"N": "5"}},
        )
    assert error.value.response["Error"]["Code"] == "500"  # moto compares str with Decimal (DynamoDB: 400)


@pytest.fixture
def writable(dynamodb: Any, unique_name: Callable[[str], str], size: Size) -> tuple[str, dict[tuple[str, str], dict]]:
    """A table of 120 PUBLISHED and 10 DRAFT items, and its contents by key (the tests' model); its orders built
    (the fix builds every index's order at a table's first query, which the writes must then keep)."""
    table = unique_name("ordered-writes")
    dynamodb.create_table(TableName=table, **SCHEMA)
    published, drafts = size.published * 2 // 5, size.published // 30
    items = [event(i) for i in range(published)] + [event(i, "DRAFT") for i in range(published, published + drafts)]
    put_all(dynamodb, table, items)
    for index_id in ("gsi", "gsi-ties", "table"):  # a page of each: whether the walks before the writes were
        # right is test_range_condition_pages_on_a_large_partition's claim, on a catalogue of the same events
        pages(dynamodb, table, index_id, "none", follow=False, Limit=5)
    return table, {key(i): i for i in items}


def assert_queries_match(dynamodb: Any, table: str, model: dict[tuple[str, str], dict]) -> None:
    items = list(model.values())
    limit = len(items) // 20
    for index_id, condition, forward in [
        ("gsi", "none", True),
        ("gsi", "none", False),
        ("gsi", "between", True),
        ("gsi", "<", False),
        ("gsi-ties", ">=", True),
        ("gsi-ties", "<=", False),
        ("gsi-draft", "none", True),
        ("gsi-draft", ">=", False),
    ]:
        assert keys_of(pages(dynamodb, table, index_id, condition, forward, Limit=limit)) == expected(
            items, index_id, condition, forward
        ), (index_id, condition, forward)


def update(dynamodb: Any, table: str, model: dict, k: tuple[str, str], **values: dict[str, str] | None) -> None:
    """Set (or remove, for None) attributes of one item, on the table and in the model."""
    sets = {n: v for n, v in values.items() if v is not None}
    removes = [n for n, v in values.items() if v is None]
    expression = ""
    if sets:
        expression += "SET " + ", ".join(f"#{n} = :{n}" for n in sets)
    if removes:
        expression += " REMOVE " + ", ".join(f"#{n}" for n in removes)
    dynamodb.update_item(
        TableName=table,
        Key={"PK": {"S": k[0]}, "SK": {"S": k[1]}},
        UpdateExpression=expression.strip(),
        ExpressionAttributeNames={f"#{n}": n for n in values},
        **({"ExpressionAttributeValues": {f":{n}": v for n, v in sets.items()}} if sets else {}),
    )
    item = model[k]
    item.update(sets)
    for n in removes:
        item.pop(n, None)


def test_updates_move_items_within_and_between_partitions(dynamodb, writable) -> None:
    table, model = writable
    some = sorted(model)
    spread = some[:: len(some) // 7]  # eight items over the table's keys
    draft = next(k for k in some if model[k]["SEL"]["S"] == "DRAFT" and k not in spread)
    undated = next(k for k in some if "date" not in model[k] and k not in spread)
    for n, k in enumerate(spread):
        if n % 4 == 0:  # within the partition: a new date, a new score
            update(dynamodb, table, model, k, date={"S": f"2025-{n % 12 + 1:02d}-15"}, score={"N": "4.5"})
        elif n % 4 == 1:  # to another partition, and back for a DRAFT
            sel = "DRAFT" if model[k]["SEL"]["S"] == "PUBLISHED" else "PUBLISHED"
            update(dynamodb, table, model, k, SEL={"S": sel})
        elif n % 4 == 2:  # out of the sparse index, and into it
            update(dynamodb, table, model, k, date=None if "date" in model[k] else {"S": "2025-06-06"})
        else:  # an attribute no index uses
            update(dynamodb, table, model, k, n={"N": "-1"})
    update(dynamodb, table, model, draft, SEL={"S": "PUBLISHED"})  # both ways, whatever the spread met
    update(dynamodb, table, model, undated, date={"S": "2025-06-06"})
    put = event(5000) | {"date": {"S": "2025-04-10"}, "score": {"N": "-3"}}
    dynamodb.put_item(TableName=table, Item=put)
    model[key(put)] = put
    replaced = model[some[5]] | {"date": {"S": "2025-09-02"}}  # PutItem over an item moves it too
    dynamodb.put_item(TableName=table, Item=replaced)
    model[some[5]] = replaced

    assert_queries_match(dynamodb, table, model)


def test_deletes_leave_the_order(dynamodb, writable) -> None:
    table, model = writable
    doomed = sorted(model)[::11]
    singly = len(doomed) // 3  # a third one by one, the rest in batches of 25
    for k in doomed[:singly]:
        dynamodb.delete_item(TableName=table, Key={"PK": {"S": k[0]}, "SK": {"S": k[1]}})
        del model[k]
    for start in range(singly, len(doomed), 25):
        batch = [{"DeleteRequest": {"Key": {"PK": {"S": k[0]}, "SK": {"S": k[1]}}}} for k in doomed[start : start + 25]]
        dynamodb.batch_write_item(RequestItems={table: batch})
        for k in doomed[start : start + 25]:
            del model[k]

    assert_queries_match(dynamodb, table, model)


def test_cancelled_transaction_leaves_the_order(dynamodb, writable) -> None:
    table, model = writable
    first, second, third = sorted(model)[10], sorted(model)[20], sorted(model)[30]

    with pytest.raises(ClientError) as error:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"PK": {"S": first[0]}, "SK": {"S": first[1]}},
                        "UpdateExpression": "SET #d = :d, SEL = :s",
                        "ExpressionAttributeNames": {"#d": "date"},
                        "ExpressionAttributeValues": {":d": {"S": "2025-01-01"}, ":s": {"S": "DRAFT"}},
                    }
                },
                {"Put": {"TableName": table, "Item": event(7000) | {"date": {"S": "2025-05-05"}}}},
                {"Delete": {"TableName": table, "Key": {"PK": {"S": second[0]}, "SK": {"S": second[1]}}}},
                {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": {"PK": {"S": third[0]}, "SK": {"S": third[1]}},
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                },
            ]
        )
    assert error.value.response["Error"]["Code"] == "TransactionCanceledException"

    assert_queries_match(dynamodb, table, model)


def test_query_work_does_not_grow_with_the_partition(moto, dynamodb, unique_name, count_calls) -> None:
    moto.expect_defect("Query sorts and compares every item of the partition", raises=AssertionError)
    comparisons = count_calls(DynamoType, "cast_value")
    work = {}
    for size in (300, 1200):  # a page's work the same (not merely less than 4x) on a partition 4x the size
        table = unique_name("ordered-cost")
        dynamodb.create_table(TableName=table, **SCHEMA)
        put_all(
            dynamodb,
            table,
            [
                {
                    "PK": {"S": f"E#{i:05d}"},
                    "SK": {"S": "META"},
                    "SEL": {"S": "PUBLISHED"},
                    "date": {"S": f"{i:06d}"},
                    "score": {"N": str(i if i < 300 else 1000 + i)},
                }
                for i in range(size)
            ]
            + [{"PK": {"S": "BIG"}, "SK": {"S": f"T#{i:06d}"}} for i in range(size)],
        )
        query = {
            "TableName": table,
            "IndexName": "ByDate",
            "KeyConditionExpression": "SEL = :h AND #d BETWEEN :a AND :b",
            "ExpressionAttributeNames": {"#d": "date"},
            "ExpressionAttributeValues": {":h": {"S": "PUBLISHED"}, ":a": {"S": "000100"}, ":b": {"S": "000299"}},
            "Limit": 20,
        }
        dynamodb.query(**query)  # the first query of a table builds its order
        last = dynamodb.query(**query)["LastEvaluatedKey"]
        work[size] = [
            comparisons.during(dynamodb.query, **query),
            comparisons.during(dynamodb.query, **query, ScanIndexForward=False),
            comparisons.during(dynamodb.query, **query, ExclusiveStartKey=last),
            comparisons.during(
                dynamodb.query,
                TableName=table,
                IndexName="ByScore",
                KeyConditionExpression="SEL = :h AND score BETWEEN :a AND :b",
                ExpressionAttributeValues={":h": {"S": "PUBLISHED"}, ":a": {"N": "100"}, ":b": {"N": "200"}},
                Limit=20,
            ),
            comparisons.during(
                dynamodb.query,
                TableName=table,
                KeyConditionExpression="PK = :h AND SK > :a",
                ExpressionAttributeValues={":h": {"S": "BIG"}, ":a": {"S": "T#000123"}},
                ScanIndexForward=False,
                Limit=20,
            ),
        ]
    assert work[1200] == work[300], work
