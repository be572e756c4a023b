"""A state machine with Wait, a .waitForTaskToken Lambda task completed by another function, and a Catch."""

from __future__ import annotations

import json
import uuid

from support.cloud import RunningCloud
from support.http import call
from support.polling import eventually


def _run_saga(cloud: RunningCloud, decision: str) -> tuple[dict, str]:
    sfn, ddb = cloud.client("stepfunctions"), cloud.client("dynamodb")
    order_id = str(uuid.uuid4())
    execution = sfn.start_execution(stateMachineArn=cloud.deployment.outputs["SagaArn"], name=order_id,
                                    input=json.dumps({"orderId": order_id, "pauseSeconds": 1}))
    eventually(lambda: ddb.get_item(TableName="eventonight-Table", Key={
        "PK": {"S": f"ORDER#{order_id}"}, "SK": {"S": "TOKEN"}}).get("Item"), what="the stored task token")
    status, _, _ = call(cloud.http_url, "POST", f"/sample/approvals/{order_id}?decision={decision}")
    assert status == 202
    finished = eventually(lambda: (d := sfn.describe_execution(executionArn=execution["executionArn"]))["status"]
                          != "RUNNING" and d, what="the execution to finish")
    state = ddb.get_item(TableName="eventonight-Table", Key={"PK": {"S": f"ORDER#{order_id}"},
                                                                "SK": {"S": "STATE"}})["Item"]["state"]["S"]
    return finished, state


def test_a_task_token_completed_by_another_function_resumes_the_execution(sample_cloud: RunningCloud) -> None:
    finished, state = _run_saga(sample_cloud, "approve")
    assert finished["status"] == "SUCCEEDED"
    assert state == "APPROVED"


def test_a_task_failure_is_caught_and_compensated(sample_cloud: RunningCloud) -> None:
    finished, state = _run_saga(sample_cloud, "reject")
    assert finished["status"] == "SUCCEEDED"
    assert state == "REJECTED"
    assert json.loads(finished["output"])["error"]["Error"] == "Rejected"


def test_an_eventbridge_rule_starts_an_execution_with_the_events_detail(sample_cloud: RunningCloud) -> None:
    order_id = str(uuid.uuid4())
    sample_cloud.client("events").put_events(Entries=[{
        "Source": "sample.orders", "DetailType": "approval.requested", "EventBusName": "sample-bus",
        "Detail": json.dumps({"orderId": order_id, "pauseSeconds": 0})}])
    ddb = sample_cloud.client("dynamodb")
    token = eventually(lambda: ddb.get_item(TableName="eventonight-Table", Key={
        "PK": {"S": f"ORDER#{order_id}"}, "SK": {"S": "TOKEN"}}).get("Item"), what="the execution's task token")
    assert token["token"]["S"]
