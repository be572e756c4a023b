import uuid

from sample_common import TABLE, dynamodb


def handler(event, context):
    dynamodb().put_item(TableName=TABLE, Item={"PK": {"S": "TICK"}, "SK": {"S": str(uuid.uuid4())},
                                               "source": {"S": event.get("source", "")}})
