"""An S3 notification's target: records every object created in the uploads bucket."""

from urllib.parse import unquote_plus

from sample_common import TABLE, dynamodb


def handler(event, context):
    for record in event["Records"]:
        key = unquote_plus(record["s3"]["object"]["key"])  # S3 events carry keys URL-encoded
        dynamodb().put_item(TableName=TABLE, Item={"PK": {"S": f"UPLOAD#{key}"}, "SK": {"S": "UPLOAD"},
                                                   "event": {"S": record["eventName"]}})
