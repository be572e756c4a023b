"""An EventBridge rule's Lambda target: records every item.created it receives."""

from sample_common import TABLE, dynamodb


def handler(event, context):
    item_id = event["detail"]["itemId"]
    dynamodb().put_item(TableName=TABLE, Item={"PK": {"S": f"AUDIT#{item_id}"}, "SK": {"S": event["id"]},
                                               "detailType": {"S": event["detail-type"]}})
