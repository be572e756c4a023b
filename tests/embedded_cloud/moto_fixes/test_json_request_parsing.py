"""JSON-protocol requests are parsed by a function made once per shape: what comes out is what moto 5.2.5's
JSONParser makes of the same body - members, their order, their types - and a body of the wrong kind fails as
moto's parser fails."""

from __future__ import annotations

import json
from typing import Any

import pytest
from embedded_cloud.moto_fixes import json_request_parsing
from moto.core.parse import JSONParser
from moto.core.utils import get_service_model

ATTRIBUTES = {"s": {"S": "text"}, "n": {"N": "12.5"}, "b": {"B": "AP9iaW4="}, "t": {"BOOL": True},
              "z": {"NULL": True}, "ss": {"SS": ["b", "a"]}, "ns": {"NS": ["1"]}, "bs": {"BS": ["AQID"]},
              "m": {"M": {"deep": {"L": [{"M": {"b": {"B": "AQID"}, "n": {"N": "1"}}}, {"L": []}]}}},
              "unknown member": {"S": "kept", "X": "dropped"}}
REQUESTS: list[tuple[str, str, Any]] = [
    ("dynamodb", "PutItem", {"TableName": "t", "Item": ATTRIBUTES, "ConditionExpression": "attribute_not_exists(PK)",
                             "ExpressionAttributeNames": {"#b": "b", "#a": "a"}, "ReturnValues": "ALL_OLD"}),
    ("dynamodb", "TransactWriteItems", {"TransactItems": [
        {"Update": {"TableName": "t", "Key": {"PK": {"S": "1"}}, "UpdateExpression": "ADD #0 :0",
                    "ExpressionAttributeValues": {":0": {"N": "-1"}}, "ExpressionAttributeNames": {"#0": "n"}}},
        {"Put": {"TableName": "t", "Item": ATTRIBUTES}},
        {"ConditionCheck": {"TableName": "t", "Key": {"PK": {"S": "2"}}, "ConditionExpression": "#s = :s"}}],
        "ClientRequestToken": "token"}),
    ("dynamodb", "Query", {"TableName": "t", "Limit": 25, "ExclusiveStartKey": {"PK": {"S": "x"}},
                           "ScanIndexForward": False, "KeyConditionExpression": "PK = :p"}),
    ("dynamodb", "Query", {"TableName": "t", "Limit": "25"}),  # a number as text: int() as moto's parser does
    ("dynamodb", "BatchGetItem", {"RequestItems": {"t": {"Keys": [{"PK": {"S": "1"}}, {"PK": {"B": "AQID"}}]}}}),
    ("dynamodb", "GetItem", {"TableName": "t", "Key": None}),  # null stays absent
    ("dynamodb", "GetItem", {}),
    ("sqs", "SendMessage", {"QueueUrl": "q", "MessageBody": "{}", "DelaySeconds": 3, "MessageAttributes": {
        "kind": {"DataType": "String", "StringValue": "a"}, "raw": {"DataType": "Binary", "BinaryValue": "AQID"}}}),
    ("sqs", "ReceiveMessage", {"QueueUrl": "q", "MaxNumberOfMessages": 10, "WaitTimeSeconds": 0,
                               "AttributeNames": ["All"], "MessageAttributeNames": ["All"]}),
    ("stepfunctions", "StartExecution", {"stateMachineArn": "arn", "name": "n", "input": "{\"a\": 1}"}),
    ("stepfunctions", "SendTaskSuccess", {"taskToken": "t" * 200, "output": "{}"}),
    ("events", "PutEvents", {"Entries": [{"Source": "s", "DetailType": "d", "Detail": "{}",
                                          "Time": 1764000000, "Resources": ["r"]}]}),
    ("events", "PutEvents", {"Entries": [{"Source": "s", "Time": "2026-12-05T10:00:00Z"}]}),
    ("cognito-idp", "AdminCreateUser", {"UserPoolId": "p", "Username": "u", "UserAttributes": [
        {"Name": "email", "Value": "a@b.c"}], "DesiredDeliveryMediums": ["EMAIL"], "ForceAliasCreation": True}),
]
WRONG: list[tuple[str, str, bytes]] = [
    ("dynamodb", "PutItem", b'{"TableName": "t", "Item": ["not", "a", "map"]}'),
    ("dynamodb", "PutItem", b'{"TableName": "t", "Item": {"a": "not an attribute value"}}'),
    ("dynamodb", "TransactWriteItems", b'{"TransactItems": {"Put": {}}}'),  # a map where a list goes
    ("dynamodb", "Query", b'{"TableName": "t", "Limit": "many"}'),
    ("dynamodb", "GetItem", b'[1, 2]'),
    ("dynamodb", "GetItem", b"not json at all"),
    ("dynamodb", "GetItem", b""),
    ("sqs", "SendMessage", b'{"QueueUrl": "q", "DelaySeconds": {"a": 1}}'),
]


def parse_both(service: str, operation: str, body: bytes) -> tuple[Any, Any]:
    """(moto's result or exception type, ours) for one body."""
    model = get_service_model(service).operation_model(operation)
    request = {"method": "POST", "values": {}, "headers": {}, "body": body, "url_path": "/", "url_params": {}}
    replaced = json_request_parsing.replaced  # a stale key is a KeyError, not ours compared with ours
    moto_s = replaced.originals["JSONParser._parse_json_body"] if replaced.installed else JSONParser._parse_json_body
    results = []
    for parse_body in (moto_s, json_request_parsing._parse_json_body):
        parser = JSONParser(model, map_type=dict)
        try:
            results.append(parse_body(parser, request["body"], model.input_shape))
        except Exception as failure:  # noqa: BLE001 - how it fails is what is compared
            results.append(type(failure))
    return results[0], results[1]


def ordered(value: Any) -> Any:
    """A value with every dict's order and every scalar's type made visible."""
    if isinstance(value, dict):
        return [(key, ordered(nested)) for key, nested in value.items()]
    if isinstance(value, list):
        return [ordered(nested) for nested in value]
    return (type(value).__name__, value)


@pytest.mark.parametrize(("service", "operation", "params"), REQUESTS,
                         ids=[f"{s}.{o}-{n}" for n, (s, o, _) in enumerate(REQUESTS)])
def test_a_request_parses_as_moto_parses_it(service: str, operation: str, params: Any) -> None:
    moto_s, ours = parse_both(service, operation, json.dumps(params).encode())
    assert ordered(ours) == ordered(moto_s)
    again = parse_both(service, operation, json.dumps(params).encode())[1]  # made once, used again
    assert ordered(again) == ordered(moto_s)


@pytest.mark.parametrize(("service", "operation", "body"), WRONG, ids=[f"{s}.{o}-{n}" for n, (s, o, _) in
                                                                        enumerate(WRONG)])
def test_a_body_of_the_wrong_kind_fails_or_parses_as_with_moto(service: str, operation: str, body: bytes) -> None:
    moto_s, ours = parse_both(service, operation, body)
    assert (ours if isinstance(ours, type) else ordered(ours)) == (
        moto_s if isinstance(moto_s, type) else ordered(moto_s))


def test_the_attribute_values_come_out_typed(moto, dynamodb, make_events_table) -> None:
    table = make_events_table()
    item = {"PK": {"S": "P"}, "SK": {"S": "S"}, "b": {"B": b"\x00\xff"}, "n": {"N": "1.50"},
            "m": {"M": {"l": {"L": [{"BOOL": False}, {"NULL": True}, {"BS": [b"\x01"]}]}}}}
    dynamodb.put_item(TableName=table, Item=item)
    assert dynamodb.get_item(TableName=table, Key={"PK": {"S": "P"}, "SK": {"S": "S"}})["Item"] == item
