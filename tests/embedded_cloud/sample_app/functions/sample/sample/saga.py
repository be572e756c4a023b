"""Stores the saga's task token; an HTTP call later approves or rejects the order with it."""

import json

import boto3
from sample_common import TABLE, dynamodb, response

states = boto3.client("stepfunctions")


def handler(event, context):
    if event.get("step") == "store-token":
        dynamodb().put_item(TableName=TABLE, Item={"PK": {"S": f"ORDER#{event['orderId']}"}, "SK": {"S": "TOKEN"},
                                                   "token": {"S": event["taskToken"]}})
        return {}
    order_id = event["pathParameters"]["orderId"]
    item = dynamodb().get_item(TableName=TABLE, Key={"PK": {"S": f"ORDER#{order_id}"}, "SK": {"S": "TOKEN"}})
    if "Item" not in item:
        return response(409, {"message": "not waiting"})
    token = item["Item"]["token"]["S"]
    if (event.get("queryStringParameters") or {}).get("decision") == "reject":
        states.send_task_failure(taskToken=token, error="Rejected", cause="the approver said no")
    else:
        states.send_task_success(taskToken=token, output=json.dumps({"approved": True}))
    return response(202, {"orderId": order_id})
