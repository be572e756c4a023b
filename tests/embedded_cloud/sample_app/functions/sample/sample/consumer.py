"""Consumes item.created from its queue and pushes it to every open WebSocket connection; "poison" fails always,
"cured-later" until the test writes CURE#<itemId>."""

import json
import os

import boto3

dynamodb = boto3.client("dynamodb")
sockets = boto3.client("apigatewaymanagementapi")


def cured(key):
    """A message that fails until the test says it may pass (a dead letter to redrive)."""
    return "Item" in dynamodb.get_item(TableName=os.environ["TABLE_NAME"], Key={"PK": {"S": f"CURE#{key}"},
                                                                              "SK": {"S": "-"}})


def handler(event, context):
    failures = []
    for record in event["Records"]:
        detail = json.loads(record["body"])["detail"]
        if detail["name"] == "poison" or (detail["name"] == "cured-later" and not cured(detail["itemId"])):
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        if detail["name"] == "cured-later":
            dynamodb.put_item(TableName=os.environ["TABLE_NAME"], Item={
                "PK": {"S": f"CONSUMED#{detail['itemId']}"}, "SK": {"S": "-"}})
        connections = dynamodb.scan(TableName=os.environ["CONNECTIONS_TABLE"])["Items"]
        for connection in connections:
            connection_id = connection["connectionId"]["S"]
            try:
                sockets.post_to_connection(ConnectionId=connection_id,
                                           Data=json.dumps({"type": "item.created", "data": detail}).encode())
            except sockets.exceptions.GoneException:
                dynamodb.delete_item(TableName=os.environ["CONNECTIONS_TABLE"],
                                     Key={"connectionId": {"S": connection_id}})
    return {"batchItemFailures": failures}
