"""Errors of JSON services are built without the XML body moto 5.2.5 rendered first and threw away; what a client
sees of an error, and what an ADD to a missing attribute does, is moto's."""

from __future__ import annotations

from typing import Any

import pytest
import xmltodict
from botocore.exceptions import ClientError

KEY = {"PK": {"S": "COUNTER#1"}, "SK": {"S": "COUNTER"}}


def add(dynamodb: Any, table: str, attribute: str, amount: int) -> dict[str, Any]:
    return dynamodb.update_item(TableName=table, Key=KEY, UpdateExpression="ADD #c :n",
                                ExpressionAttributeNames={"#c": attribute},
                                ExpressionAttributeValues={":n": {"N": str(amount)}}, ReturnValues="ALL_NEW")


def test_an_add_to_a_missing_attribute_adds_to_zero(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    assert add(dynamodb, table, "count", 2)["Attributes"]["count"] == {"N": "2"}
    assert add(dynamodb, table, "other", -1)["Attributes"]["other"] == {"N": "-1"}


def test_a_refused_condition_answers_its_json_error(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    with pytest.raises(ClientError) as refused:
        dynamodb.put_item(TableName=table, Item=KEY, ConditionExpression="attribute_exists(PK)")
    error = refused.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert refused.value.response["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/json"


def test_no_xml_is_rendered_for_a_json_error(moto, dynamodb, make_events_table, monkeypatch) -> None:
    moto.expect_defect("every JSON error first renders an XML body (xmltodict), then replaces it",
                       raises=AssertionError)
    table = make_events_table()
    rendered: list[Any] = []
    original = xmltodict.unparse
    monkeypatch.setattr(xmltodict, "unparse", lambda *a, **k: rendered.append(a) or original(*a, **k))
    add(dynamodb, table, "count", 1)  # raises and catches "the key does not exist" before adding to zero
    with pytest.raises(ClientError):
        dynamodb.put_item(TableName=table, Item=KEY, ConditionExpression="attribute_not_exists(PK)")
    assert rendered == []
