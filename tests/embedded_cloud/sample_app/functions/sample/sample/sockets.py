"""$connect (with a token check), $disconnect and a ping route of the WebSocket API."""

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
    elif route == "ping":
        sockets.post_to_connection(ConnectionId=connection_id, Data=json.dumps({"type": "pong"}).encode())
    return {"statusCode": 200}
