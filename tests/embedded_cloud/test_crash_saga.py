"""Purchase sagas in flight at a `kill -9` are resumed on start, each in the state it waited in: the one whose
buyer pays after the restart ends with the payment (the task token kept on the order still reaches it), the one
nobody pays releases its order when its hold ends. The sweeper is kept out of it (a grace of an hour), so only
the resumed executions can settle these orders in the test's time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e.ticketing.ticketing_e2e import created_event, pay, ticket_type
from support.cloud import RunningCloud
from support.platform import Platform, User
from support.polling import eventually

pytestmark = pytest.mark.slow

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
# The hold outlasts a restart, so the buyer can still pay after it; no sweeper within the test.
ARGS = ("--parameter-overrides", "CheckoutHoldSeconds=60", "CheckoutSweepGraceSeconds=3600", "--quiet")


def _checkout(platform: Platform, buyer: User, type_id: str) -> dict[str, Any]:
    answer = platform.request("POST", "/ticketing/checkout-sessions",
                              {"items": [{"ticketTypeId": type_id, "attendeeName": "Guest"}]}, user=buyer)
    assert answer.status == 201, answer.raw
    return answer.json


def _execution_arn(cloud: RunningCloud, order_id: str) -> str:
    machines = cloud.client("stepfunctions").list_state_machines()["stateMachines"]
    machine = next(m["stateMachineArn"] for m in machines if "Purchase" in m["name"])
    return machine.replace(":stateMachine:", ":execution:") + f":{order_id}"


def _waiting_for_payment(cloud: RunningCloud, arn: str) -> bool:
    """The execution has handed its task token to the order (the waiting step's Lambda answered)."""
    history = cloud.client("stepfunctions").get_execution_history(executionArn=arn)["events"]
    return any(event["type"] == "TaskSubmitted" for event in history)


def _order(platform: Platform, buyer: User, order_id: str) -> dict[str, Any]:
    return platform.request("GET", f"/ticketing/orders/{order_id}", user=buyer).json


def _ended(cloud: RunningCloud, arn: str) -> dict[str, Any] | None:
    execution = cloud.client("stepfunctions").describe_execution(executionArn=arn)
    return execution if execution["status"] != "RUNNING" else None


def test_sagas_in_flight_at_kill_9_are_resumed_where_they_waited(tmp_path: Path) -> None:
    cloud = RunningCloud(TEMPLATE, tmp_path, *ARGS)
    try:
        platform = Platform(cloud)
        organization = platform.register("organization", verified=True)
        event_id = created_event(platform, organization)
        type_id = ticket_type(platform, organization, event_id, quantity=5)["id"]
        buyer = platform.register("member", verified=True)
        abandoned, paid = _checkout(platform, buyer, type_id), _checkout(platform, buyer, type_id)
        arns = {order["orderId"]: _execution_arn(cloud, order["orderId"]) for order in (abandoned, paid)}
        started = {}
        for order_id, arn in arns.items():
            eventually(lambda a=arn: _waiting_for_payment(cloud, a), what=f"the saga of {order_id} to wait")
            started[order_id] = cloud.client("stepfunctions").describe_execution(executionArn=arn)["startDate"]
    finally:
        cloud.kill()

    cloud = RunningCloud(TEMPLATE, tmp_path, *ARGS)
    try:
        platform = Platform(cloud)
        for order_id, arn in arns.items():  # the same executions, running again
            execution = cloud.client("stepfunctions").describe_execution(executionArn=arn)
            assert (execution["status"], execution["startDate"]) == ("RUNNING", started[order_id]), order_id

        # the hosted page of the same session, on the port the restarted Stripe emulator listens on
        page = urlsplit(paid["redirectUrl"])._replace(netloc=urlsplit(cloud.stripe_url).netloc).geturl()
        assert pay(page)[0] == 303
        assert eventually(lambda: (o := _order(platform, buyer, paid["orderId"]))["status"] != "PENDING" and o,
                          what="the paid order to settle")["status"] == "COMPLETED"
        settled = eventually(lambda: _ended(cloud, arns[paid["orderId"]]), what="the paid order's saga to end")
        assert settled["status"] == "SUCCEEDED"
        assert "payment" in json.loads(settled["output"]), "the saga ended by its hold, not by the payment"

        released = eventually(lambda: (o := _order(platform, buyer, abandoned["orderId"]))["status"] != "PENDING" and o,
                              timeout=120, what="the unpaid order's hold to end")
        assert released["status"] == "CANCELLED"
        expired = eventually(lambda: _ended(cloud, arns[abandoned["orderId"]]), what="the unpaid order's saga to end")
        # its timeout's step expired the session at Stripe and released the order (or saw the session's expiry
        # webhook do it first): only that step writes `expiry`
        assert expired["status"] == "SUCCEEDED" and "expiry" in json.loads(expired["output"])
        counts = platform.request("GET", f"/ticketing/ticket-types/{type_id}", user=organization).json
        assert (counts["soldQuantity"], counts["availableQuantity"]) == (1, 4)
    finally:
        cloud.stop()
