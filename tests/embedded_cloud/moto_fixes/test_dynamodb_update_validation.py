"""UpdateExpressions are validated on a copy of their tree made node by node, walked with one dispatch table per
walk; what an update does, and what it refuses, is moto 5.2.5's."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.parsing import ast_nodes, validators
from moto.dynamodb.parsing.ast_nodes import Node

KEY = {"PK": {"S": "ORDER#1"}, "SK": {"S": "ORDER"}}
ORDER = KEY | {
    "status": {"S": "PENDING"},
    "count": {"N": "5"},
    "amount": {"M": {"amount": {"N": "6000"}, "currency": {"S": "EUR"}}},
    "lines": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "d"}]},
    "tags": {"SS": ["x", "y"]},
}

# (UpdateExpression, names, values, the attributes it changes as they are afterwards; None: removed)
CHANGES = [
    ("SET #s = :s, #a.#a = #a.#a + :n", {"#s": "status", "#a": "amount"}, {":s": {"S": "PAID"}, ":n": {"N": "500"}},
     {"status": {"S": "PAID"}, "amount": {"M": {"amount": {"N": "6500"}, "currency": {"S": "EUR"}}}}),
    ("SET #c = #c - :one, fresh = if_not_exists(fresh, :z)", {"#c": "count"}, {":one": {"N": "1"}, ":z": {"N": "0"}},
     {"count": {"N": "4"}, "fresh": {"N": "0"}}),
    ("SET #l = list_append(#l, :more)", {"#l": "lines"}, {":more": {"L": [{"S": "e"}]}},
     {"lines": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "d"}, {"S": "e"}]}}),
    ("REMOVE #l[0], #l[2]", {"#l": "lines"}, None, {"lines": {"L": [{"S": "b"}, {"S": "d"}]}}),
    ("ADD #c :n, tags :t", {"#c": "count"}, {":n": {"N": "3"}, ":t": {"SS": ["z"]}},
     {"count": {"N": "8"}, "tags": {"SS": ["x", "y", "z"]}}),
    ("DELETE tags :gone", None, {":gone": {"SS": ["x"]}}, {"tags": {"SS": ["y"]}}),
    ("SET #l[1] = :v REMOVE #s", {"#l": "lines", "#s": "status"}, {":v": {"S": "B"}},
     {"lines": {"L": [{"S": "a"}, {"S": "B"}, {"S": "c"}, {"S": "d"}]}, "status": None}),
]


def update(dynamodb: Any, table: str, expression: str, names: dict | None, values: dict | None) -> dict[str, Any]:
    arguments: dict[str, Any] = {"TableName": table, "Key": KEY, "UpdateExpression": expression,
                                 "ReturnValues": "ALL_NEW"}
    if names:
        arguments["ExpressionAttributeNames"] = names
    if values:
        arguments["ExpressionAttributeValues"] = values
    return dynamodb.update_item(**arguments)["Attributes"]


@pytest.mark.parametrize(("expression", "names", "values", "changed"), CHANGES, ids=[c[0] for c in CHANGES])
def test_an_update_changes_what_it_says_and_its_text_can_be_sent_again(
        moto, dynamodb, make_events_table, expression, names, values, changed) -> None:
    table = make_events_table()
    for _ in range(2):  # the second time from the same parsed tree: validation must not have changed it
        dynamodb.put_item(TableName=table, Item=ORDER)
        after = update(dynamodb, table, expression, names, values)
        expected = {k: v for k, v in (ORDER | changed).items() if v is not None}
        assert sorted(after.pop("tags")["SS"]) == expected.pop("tags")["SS"]
        assert after == expected


@pytest.mark.parametrize(("expression", "names", "values", "message"), [
    ("SET #s = :s, #s = :t", {"#s": "status"}, {":s": {"S": "A"}, ":t": {"S": "B"}}, "overlap"),
    ("SET PK = :s", None, {":s": {"S": "OTHER"}}, "part of the key"),
    ("SET #m = #m + :n", {"#m": "missing"}, {":n": {"N": "1"}}, "attribute that does not exist"),
    ("SET #l = list_append(#m, :v)", {"#l": "lines", "#m": "missing"}, {":v": {"L": []}}, "does not exist"),
    ("SET #s = :s SET #c = :c", {"#s": "status", "#c": "count"}, {":s": {"S": "A"}, ":c": {"N": "1"}}, "SET"),
    ("SET #c = #c + :s", {"#c": "count"}, {":s": {"S": "text"}}, "operand type"),
])
def test_an_invalid_update_is_refused_and_changes_nothing(
        moto, dynamodb, make_events_table, expression, names, values, message) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    with pytest.raises(ClientError) as refused:
        update(dynamodb, table, expression, names, values)
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert message in refused.value.response["Error"]["Message"]
    assert dynamodb.get_item(TableName=table, Key=KEY)["Item"] == ORDER


def test_validation_copies_the_tree_without_deepcopy(moto, dynamodb, make_events_table, monkeypatch) -> None:
    moto.expect_defect("the validator deep-copies the update's syntax tree through copy.deepcopy",
                       raises=AssertionError)
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    copied: list[str] = []
    original = copy._reconstruct  # what copy.deepcopy builds each object of a class without __deepcopy__ with

    def reconstruct(value: Any, *rest: Any, **named: Any) -> Any:
        if isinstance(value, Node):
            copied.append(type(value).__name__)
        return original(value, *rest, **named)

    monkeypatch.setattr(copy, "_reconstruct", reconstruct)
    update(dynamodb, table, *CHANGES[0][:3])
    assert copied == []


def test_a_walk_builds_its_dispatch_table_once(moto, dynamodb, make_events_table, count_calls) -> None:
    moto.expect_defect("each walker builds its dispatch table twice at every node it visits", raises=AssertionError)
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    tables = count_calls(validators.ExpressionAttributeValueProcessor, "_processing_map")
    update(dynamodb, table, *CHANGES[0][:3])  # the first also reads which node types the walker processes

    built = tables.during(update, dynamodb, table, *CHANGES[0][:3])

    assert built == 1  # one validation, one walk of this walker


@pytest.mark.parametrize(("expression", "names", "values", "walked"), [
    # (the walkers that process a node of the tree; the other five would visit every node and process none)
    (*CHANGES[4][:3], {"ActionCountValidator", "OverlappingPathsValidator", "UpdateHashRangeKeyValidator",
                       "ExpressionAttributeValueProcessor", "ExpressionAttributeResolvingProcessor"}),
    ("REMOVE #l[0]", {"#l": "lines"}, None, {"ActionCountValidator", "OverlappingPathsValidator",
                                               "UpdateHashRangeKeyValidator", "ExpressionAttributeResolvingProcessor"}),
], ids=["ADD", "REMOVE"])
def test_a_walker_with_nothing_to_process_in_the_tree_does_not_walk_it(
        moto, dynamodb, make_events_table, monkeypatch, expression, names, values, walked) -> None:
    moto.expect_defect("all ten walkers walk every update's tree", raises=AssertionError)
    forget_syntax_checks()  # the texts ran in other tests: their syntax checks would be skipped
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    walkers: list[str] = []
    walk = ast_nodes.DepthFirstTraverser.traverse  # moto's, or ours

    def counted(self: Any, node: Any) -> Any:
        walkers.append(type(self).__name__)
        return walk(self, node)

    monkeypatch.setattr(ast_nodes.DepthFirstTraverser, "traverse", counted)
    update(dynamodb, table, expression, names, values)
    assert set(walkers) == walked


def forget_syntax_checks() -> None:
    from embedded_cloud.moto_fixes import dynamodb_update_validation

    dynamodb_update_validation._syntax_passed.clear()


def walkers_of(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The walkers that walk a tree from now on, by class name, in order."""
    walkers: list[str] = []
    walk = ast_nodes.DepthFirstTraverser.traverse  # moto's, or ours

    def counted(self: Any, node: Any) -> Any:
        walkers.append(type(self).__name__)
        return walk(self, node)

    monkeypatch.setattr(ast_nodes.DepthFirstTraverser, "traverse", counted)
    return walkers


def test_the_syntax_checks_of_a_text_that_passed_them_with_its_names_are_not_walked_again(
        moto, dynamodb, make_events_table, monkeypatch) -> None:
    moto.expect_defect("every validation walks the syntax checks, each searching every subtree of every "
                       "UpdateExpression node", raises=AssertionError)
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    update(dynamodb, table, *CHANGES[0][:3])
    walkers = walkers_of(monkeypatch)

    update(dynamodb, table, *CHANGES[0][:3])

    assert walkers and not {"ActionCountValidator", "OverlappingPathsValidator"} & set(walkers)


def test_a_text_that_passed_with_some_names_is_still_refused_with_names_that_make_it_set_a_path_twice(
        moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    values = {":a": {"S": "A"}, ":b": {"S": "B"}}
    update(dynamodb, table, "SET #a = :a, #b = :b", {"#a": "status", "#b": "fresh"}, values)
    for _ in range(2):  # and refused every time
        with pytest.raises(ClientError) as refused:
            update(dynamodb, table, "SET #a = :a, #b = :b", {"#a": "status", "#b": "status"}, values)
        assert "overlap" in refused.value.response["Error"]["Message"]
    assert dynamodb.get_item(TableName=table, Key=KEY)["Item"]["status"] == {"S": "A"}


def test_the_path_resolver_knows_an_action_by_its_node_type(moto, dynamodb, make_events_table, monkeypatch) -> None:
    moto.expect_defect("the path resolver asks isinstance of four abstract classes before each child of every node",
                       raises=AssertionError)
    table = make_events_table()
    dynamodb.put_item(TableName=table, Item=ORDER)
    update(dynamodb, table, *CHANGES[0][:3])  # the first meets the node types
    checks: list[tuple[Any, ...]] = []

    def counting_isinstance(value: Any, kinds: Any) -> bool:
        if isinstance(kinds, tuple) and validators.UpdateExpressionSetAction in kinds:
            checks.append(kinds)
        return isinstance(value, kinds)

    monkeypatch.setattr(validators, "isinstance", counting_isinstance, raising=False)  # the module's global
    dynamodb.put_item(TableName=table, Item=ORDER)
    after = update(dynamodb, table, *CHANGES[0][:3])

    assert after["amount"] == CHANGES[0][3]["amount"]
    assert checks == []
