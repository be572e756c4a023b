"""A layer shared by the sample functions: proves layers land on the function's path."""

import json
import os

import boto3

TABLE = os.environ.get("TABLE_NAME", "")


def response(status: int, body: object) -> dict:
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def dynamodb():
    return boto3.client("dynamodb")
