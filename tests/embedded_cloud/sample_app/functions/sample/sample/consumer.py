"""Consumes item.created from its queue and pushes it to every open WebSocket connection."""

import json
import os

import boto3

dynamodb = boto3.client("dynamodb")
sockets = boto3.client("apigatewaymanagementapi")


def handler(event, context):
    failures = []
    for record in event["Records"]:
        detail = json.loads(record["body"])["detail"]
        if detail["name"] == "poison":
            failures.append({"itemIdentifier": record["messageId"]})
            continue
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
