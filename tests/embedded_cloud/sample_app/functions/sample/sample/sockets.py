"""$connect (with a token check), $disconnect and the ping and echo routes of the WebSocket API."""

import json
import os

import boto3

dynamodb = boto3.client("dynamodb")
sockets = boto3.client("apigatewaymanagementapi")


def handler(event, context):
    context_ = event["requestContext"]
    route, connection_id = context_["routeKey"], context_["connectionId"]
    table = os.environ["CONNECTIONS_TABLE"]
    if route == "$connect":
        if (event.get("queryStringParameters") or {}).get("token") != "let-me-in":
            return {"statusCode": 403}
        dynamodb.put_item(TableName=table, Item={"connectionId": {"S": connection_id}})
    elif route == "$disconnect":
        dynamodb.delete_item(TableName=table, Key={"connectionId": {"S": connection_id}})
    elif route in ("ping", "echo"):
        reply = {"type": "pong"} if route == "ping" else {"type": "echo", "body": event.get("body")}
        sockets.post_to_connection(ConnectionId=connection_id, Data=json.dumps(reply).encode())
    return {"statusCode": 200}
