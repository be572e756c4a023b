"""An S3 notification's target: records every object created in the uploads bucket; a key under incoming/fail/
fails until the test writes CURE#<key>."""

from urllib.parse import unquote_plus

from sample_common import TABLE, dynamodb


def handler(event, context):
    for record in event["Records"]:
        key = unquote_plus(record["s3"]["object"]["key"])  # S3 events carry keys URL-encoded
        if key.startswith("incoming/fail/") and "Item" not in dynamodb().get_item(
                TableName=TABLE, Key={"PK": {"S": f"CURE#{key}"}, "SK": {"S": "-"}}):
            raise RuntimeError(f"{key} cannot be processed yet")
        dynamodb().put_item(TableName=TABLE, Item={"PK": {"S": f"UPLOAD#{key}"}, "SK": {"S": "UPLOAD"},
                                                   "event": {"S": record["eventName"]}})
