import base64
import json
import os
import uuid

from sample_common import TABLE, dynamodb, response


def handler(event, context):
    route = event["routeKey"]
    if route == "POST /sample/items":
        return create(event)
    if route == "GET /sample/items/{itemId}":
        return read(event["pathParameters"]["itemId"])
    return echo(event, context)


def create(event):
    body = json.loads(event.get("body") or "{}")
    item_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    detail = {"eventId": event_id, "itemId": item_id, "name": body.get("name", "")}
    dynamodb().transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": {"PK": {"S": f"ITEM#{item_id}"}, "SK": {"S": "ITEM"},
                                               "name": {"S": detail["name"]}}}},
        {"Put": {"TableName": TABLE, "Item": {"PK": {"S": f"OUTBOX#{event_id}"}, "SK": {"S": "EVENT"},
                                               "detail": {"S": json.dumps(detail)}}}},
    ])
    return response(201, {"id": item_id, "greeting": os.environ["GREETING"]})


def read(item_id):
    item = dynamodb().get_item(TableName=TABLE, Key={"PK": {"S": f"ITEM#{item_id}"}, "SK": {"S": "ITEM"}}).get("Item")
    if item is None:
        return response(404, {"message": "no such item"})
    return response(200, {"id": item_id, "name": item["name"]["S"]})


def echo(event, context):
    body = event.get("body")
    if body is not None and event.get("isBase64Encoded"):
        body = base64.b64decode(body).hex()
    return {"statusCode": 200, "cookies": ["seen=yes; Path=/"], "body": json.dumps({
        "method": event["requestContext"]["http"]["method"], "pathParameters": event.get("pathParameters"),
        "query": event.get("queryStringParameters"), "cookies": event.get("cookies"), "body": body,
        "isBase64Encoded": event["isBase64Encoded"], "header": event["headers"].get("x-test"),
        "function": context.function_name})}
