"""The outbox relay: outbox items inserted in the table become events on the bus."""

import os

import boto3

events = boto3.client("events")


def handler(event, context):
    failures = []
    for record in event["Records"]:
        detail = record["dynamodb"]["NewImage"]["detail"]["S"]
        result = events.put_events(Entries=[{"Source": "sample.items", "DetailType": "item.created",
                                             "Detail": detail, "EventBusName": os.environ["BUS_NAME"]}])
        if result["FailedEntryCount"]:
            failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
    print(f"relayed {len(event['Records']) - len(failures)} events")
    return {"batchItemFailures": failures}
