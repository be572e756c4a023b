"""A stream consumer that fails its whole batch when one record is poisoned (no partial batch response): the
embedded cloud must bisect the batch to get the good records through and give up on the poisoned one alone."""

from sample_common import TABLE, dynamodb


def handler(event, context):
    images = [record["dynamodb"]["NewImage"] for record in event["Records"]]
    if any(image["name"]["S"] == "poison" for image in images):
        raise ValueError("a poisoned record in the batch")
    for image in images:
        dynamodb().put_item(TableName=TABLE, Item={"PK": {"S": "TALLIED#" + image["SK"]["S"]}, "SK": {"S": "-"},
                                                   "batchSize": {"N": str(len(images))}})
