"""Events through the whole chain: outbox item -> stream relay -> EventBridge -> SQS -> consumer -> WebSocket."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
import websockets
from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually


@pytest.fixture(scope="module")
def poison_item(sample_cloud: RunningCloud) -> str:
    """An item whose message the consumer always fails, posted before the module's first test (pytestmark below):
    its receives and the queue's visibility timeouts between them (twice the sample cloud's ConsumerSeconds) pass
    while the other tests run."""
    status, _, body = call(sample_cloud.http_url, "POST", "/sample/items", {"name": "poison"})
    assert status == 201
    return json.loads(body)["id"]


pytestmark = pytest.mark.usefixtures("poison_item")


def test_an_outbox_write_reaches_a_websocket_client_as_a_pushed_frame(sample_cloud: RunningCloud) -> None:
    async def scenario() -> dict:
        async with websockets.connect(f"{sample_cloud.websocket_url}/local?token=let-me-in") as socket:
            status, _, body = await asyncio.to_thread(call, sample_cloud.http_url, "POST", "/sample/items",
                                                      {"name": "pushed"})
            assert status == 201
            item_id = json.loads(body)["id"]
            while True:
                frame = json.loads(await asyncio.wait_for(socket.recv(), 20))
                if frame["data"]["itemId"] == item_id:
                    return frame

    frame = asyncio.run(scenario())
    assert frame["type"] == "item.created" and frame["data"]["name"] == "pushed"


def test_an_eventbridge_rule_delivers_to_a_lambda_target(sample_cloud: RunningCloud) -> None:
    _, _, body = call(sample_cloud.http_url, "POST", "/sample/items", {"name": "audited"})
    item_id = json.loads(body)["id"]
    ddb = sample_cloud.client("dynamodb")
    audits = eventually(lambda: ddb.query(
        TableName="eventonight-Table", KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": f"AUDIT#{item_id}"}})["Items"], what="the audit record")
    assert audits[0]["detailType"] == {"S": "item.created"}


def test_the_lambda_invoke_api_runs_the_function_in_the_runtime(sample_cloud: RunningCloud) -> None:
    lam = sample_cloud.client("lambda")
    event = {"routeKey": "GET /sample/items/{itemId}", "pathParameters": {"itemId": "nope"}}
    response = lam.invoke(FunctionName="eventonight-CreateItemFunction", Payload=json.dumps(event).encode())
    assert "FunctionError" not in response
    assert json.loads(response["Payload"].read())["statusCode"] == 404

    failing = lam.invoke(FunctionName="eventonight-CreateItemFunction", Payload=b'{}')
    assert failing["FunctionError"] == "Unhandled"
    assert json.loads(failing["Payload"].read())["errorType"] == "KeyError"


def test_a_schedule_fires(sample_cloud: RunningCloud) -> None:
    ddb = sample_cloud.client("dynamodb")

    def ticks() -> list:
        return ddb.query(TableName="eventonight-Table", KeyConditionExpression="PK = :pk",
                         ExpressionAttributeValues={":pk": {"S": "TICK"}})["Items"]

    seen = len(ticks())
    eventually(lambda: len(ticks()) > seen, timeout=10, what="a tick of the rate(1 minute) schedule")
    assert ticks()[0]["source"] == {"S": "aws.events"}  # the scheduled event's shape


def test_a_failing_stream_batch_is_bisected_until_the_poisoned_record_is_alone(sample_cloud: RunningCloud) -> None:
    ddb, sqs = sample_cloud.client("dynamodb"), sample_cloud.client("sqs")
    batch = uuid.uuid4().hex
    names = ["good"] * 3 + ["poison"] + ["good"] * 4
    ddb.batch_write_item(RequestItems={"eventonight-Table": [  # one write, so the records arrive in one batch
        {"PutRequest": {"Item": {"PK": {"S": f"BATCH#{batch}"}, "SK": {"S": f"{batch}-{n}"}, "name": {"S": name}}}}
        for n, name in enumerate(names)]})

    def tallied() -> list[dict]:
        keys = [{"PK": {"S": f"TALLIED#{batch}-{n}"}, "SK": {"S": "-"}} for n, name in enumerate(names)
                if name == "good"]
        return [item for key in keys if (item := ddb.get_item(TableName="eventonight-Table", Key=key).get("Item"))]

    done = eventually(lambda: len(tallied()) == 7 and tallied(), timeout=60, interval=0.3,
                      what="every good record of the batch processed")
    assert min(int(item["batchSize"]["N"]) for item in done) < len(names)  # they got through in smaller batches

    failures = sqs.get_queue_url(QueueName="eventonight-BatchTallyFailures")["QueueUrl"]
    message = eventually(lambda: sqs.receive_message(QueueUrl=failures, WaitTimeSeconds=0).get("Messages"),
                         timeout=60, interval=0.3, what="the poisoned record at the failure destination")[0]
    info = json.loads(message["Body"])["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1 and info["startSequenceNumber"] == info["endSequenceNumber"]


def test_a_poison_message_ends_in_the_dead_letter_queue_after_its_retries(sample_cloud: RunningCloud,
                                                                           poison_item: str) -> None:
    """Last in the module: the poison item was posted before the first test."""
    sqs = sample_cloud.client("sqs")
    dlq = sqs.get_queue_url(QueueName="eventonight-ConsumerDeadLetters")["QueueUrl"]
    item_id = poison_item

    def dead_letter() -> list:
        messages = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10, VisibilityTimeout=0,
                                       AttributeNames=["All"]).get("Messages", [])
        return [m for m in messages if json.loads(m["Body"])["detail"]["itemId"] == item_id]

    message = eventually(dead_letter, timeout=60, interval=0.3, what="the poison message in the DLQ")[0]
    source = sqs.get_queue_url(QueueName="eventonight-ConsumerQueue")["QueueUrl"]
    redrive = json.loads(sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["RedrivePolicy"])[
        "Attributes"]["RedrivePolicy"])
    # every retry the policy allows was made (the count moves with the message), and this receive is one more
    assert int(message["Attributes"]["ApproximateReceiveCount"]) == int(redrive["maxReceiveCount"]) + 1
    assert json.loads(message["Body"])["detail"]["name"] == "poison"
