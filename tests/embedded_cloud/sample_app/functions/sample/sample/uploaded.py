"""An S3 notification's target: records every object created in the uploads bucket."""

from sample_common import TABLE, dynamodb


def handler(event, context):
    for record in event["Records"]:
        key = record["s3"]["object"]["key"]
        dynamodb().put_item(TableName=TABLE, Item={"PK": {"S": f"UPLOAD#{key}"}, "SK": {"S": "UPLOAD"},
                                                   "event": {"S": record["eventName"]}})
