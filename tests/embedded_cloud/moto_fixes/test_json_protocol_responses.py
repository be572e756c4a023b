"""JSON-protocol responses are written in one pass, and say exactly what moto 5.2.5's serialiser says."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from embedded_cloud.moto_fixes import json_protocol_responses
from moto.core.serialize import AttributePicker

BINARY = bytes(range(256))


def item(n: int) -> dict[str, Any]:
    return {
        "PK": {"S": "EVENT#1"},
        "SK": {"S": f"TICKET#{n:02d}"},
        "price": {"N": str(n * 2.5)},
        "blob": {"B": BINARY[n:]},
        "tags": {"SS": ["a", f"t{n}"]},
        "scores": {"NS": ["1", "2.5"]},
        "flags": {"M": {"vip": {"BOOL": n % 2 == 0}, "none": {"NULL": True}, "nested": {"L": [{"S": "x"}]}}},
        "empty": {"S": ""},
    }


def raw_call(server_url: str, target: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    """A JSON-protocol request as an SDK sends it; the status, headers and decoded body of the answer."""
    address = urlsplit(server_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(
            "POST",
            "/",
            body=json.dumps(body),
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": target,
                "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20261205/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=host, Signature=0",
            },
        )
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), json.loads(answer.read())
    finally:
        connection.close()


@pytest.fixture
def ticket_table(dynamodb: Any, make_events_table: Any) -> str:
    table = make_events_table()
    for n in range(6):
        dynamodb.put_item(TableName=table, Item=item(n) | {"owner": {"S": "alice"}, "created": {"S": f"2026-{n}"}})
    return table


def requests(table: str) -> list[tuple[str, dict[str, Any]]]:
    key = {"PK": {"S": "EVENT#1"}, "SK": {"S": "TICKET#03"}}
    return [
        ("DynamoDB_20120810.GetItem", {"TableName": table, "Key": key, "ReturnConsumedCapacity": "TOTAL"}),
        ("DynamoDB_20120810.GetItem", {"TableName": table, "Key": {"PK": {"S": "nobody"}, "SK": {"S": "x"}}}),
        ("DynamoDB_20120810.Query", {
            "TableName": table, "KeyConditionExpression": "PK = :p", "Limit": 4,
            "ExpressionAttributeValues": {":p": {"S": "EVENT#1"}},
        }),
        ("DynamoDB_20120810.Query", {
            "TableName": table, "IndexName": "ByOwner", "KeyConditionExpression": "#o = :o", "Select": "COUNT",
            "ExpressionAttributeNames": {"#o": "owner"}, "ExpressionAttributeValues": {":o": {"S": "alice"}},
        }),
        ("DynamoDB_20120810.BatchGetItem", {"RequestItems": {table: {"Keys": [key]}}}),
        ("DynamoDB_20120810.UpdateItem", {
            "TableName": table, "Key": key, "UpdateExpression": "SET price = price + :one",
            "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "ALL_NEW",
        }),
        ("DynamoDB_20120810.TransactGetItems", {"TransactItems": [{"Get": {"TableName": table, "Key": key}}]}),
        ("DynamoDB_20120810.DescribeTable", {"TableName": table}),  # timestamps: moto's serialiser writes it
        ("DynamoDB_20120810.GetItem", {"TableName": "no-such-table", "Key": key}),  # an error: moto's as well
    ]


def test_every_response_is_the_one_moto_writes(moto_server, ticket_table) -> None:
    """The same requests answered once by moto's serialiser and once by ours: the same statuses, content types and
    JSON documents (a change of the table between the two is undone by the order: ours answers first)."""
    answers: dict[bool, list[tuple[int, str, Any]]] = {}
    try:
        for installed in (True, False):
            (json_protocol_responses.install if installed else json_protocol_responses.uninstall)()
            answers[installed] = []
            for target, body in requests(ticket_table):
                status, headers, document = raw_call(moto_server.url, target, body)
                answers[installed].append((status, headers["Content-Type"], document))
            if installed:  # UpdateItem added one: the second round starts from the same item
                raw_call(moto_server.url, "DynamoDB_20120810.UpdateItem", {
                    "TableName": ticket_table, "Key": {"PK": {"S": "EVENT#1"}, "SK": {"S": "TICKET#03"}},
                    "UpdateExpression": "SET price = price - :one", "ExpressionAttributeValues": {":one": {"N": "1"}},
                })
    finally:
        json_protocol_responses.install()
    assert answers[True] == answers[False]
    assert [status for status, _, _ in answers[True]] == [200] * 8 + [400]


def test_items_of_every_attribute_type_reach_the_client(moto, dynamodb, ticket_table) -> None:
    keys = [{"PK": {"S": "EVENT#1"}, "SK": {"S": f"TICKET#{n:02d}"}} for n in (1, 2)]

    got = dynamodb.get_item(TableName=ticket_table, Key=keys[0])["Item"]
    batch = dynamodb.batch_get_item(RequestItems={ticket_table: {"Keys": keys}})["Responses"][ticket_table]
    page = dynamodb.query(
        TableName=ticket_table,
        KeyConditionExpression="PK = :p",
        ExpressionAttributeValues={":p": {"S": "EVENT#1"}},
        Limit=2,
    )

    expected = item(1) | {"owner": {"S": "alice"}, "created": {"S": "2026-1"}, "scores": {"NS": ["1", "2.5"]}}
    assert got == expected
    assert sorted(b["SK"]["S"] for b in batch) == ["TICKET#01", "TICKET#02"]
    assert [i["SK"]["S"] for i in page["Items"]] == ["TICKET#00", "TICKET#01"]
    assert page["Count"] == 2 and page["ScannedCount"] == 2
    assert page["LastEvaluatedKey"] == {"PK": {"S": "EVENT#1"}, "SK": {"S": "TICKET#01"}}


def test_sqs_json_answers_and_errors(moto, sqs, unique_name) -> None:
    url = sqs.create_queue(QueueName=unique_name("json"))["QueueUrl"]
    sent = sqs.send_message(QueueUrl=url, MessageBody="hello", MessageAttributes={
        "kind": {"DataType": "Binary", "BinaryValue": b"\x00\xff"}})
    (message,) = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"]

    assert message["MessageId"] == sent["MessageId"] and message["Body"] == "hello"
    assert message["MessageAttributes"]["kind"]["BinaryValue"] == b"\x00\xff"
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName=unique_name("absent"))


def test_a_get_item_needs_no_attribute_picking(moto, dynamodb, ticket_table, count_calls) -> None:
    moto.expect_defect("every member of every shape is looked up through six alias providers", raises=AssertionError)
    picks = count_calls(AttributePicker, "__call__")

    picks_per_get = picks.during(
        dynamodb.get_item, TableName=ticket_table, Key={"PK": {"S": "EVENT#1"}, "SK": {"S": "TICKET#04"}}
    )

    assert picks_per_get == 0
