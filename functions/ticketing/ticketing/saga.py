"""The purchase state machine (infrastructure/ticketing-purchase.asl.json) as the functions see it: started
once per order (the order id is the execution name, so a second start is a no-op), and resumed with the task
token stored on the order when the payment is settled."""

from __future__ import annotations

import json
import os

from aws_lambda_powertools import Logger
from kernel.aws import client

from .domain import Order

logger = Logger()


def start(order_id: str, hold_seconds: int) -> None:
    """Start the saga; a failure is logged, not raised: the order is in the table and the sweeper releases it
    when its hold ends (the same as a crash between the reservation and this call)."""
    try:
        client("stepfunctions").start_execution(stateMachineArn=os.environ["PURCHASE_STATE_MACHINE_ARN"],
                                                name=order_id,
                                                input=json.dumps({"orderId": order_id, "holdSeconds": hold_seconds}))
    except Exception as error:  # noqa: BLE001 - whatever failed, the sweeper releases the order in time
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        if code != "ExecutionAlreadyExists":  # the same order started twice (a retry): a no-op
            logger.exception("the purchase saga did not start", extra={"orderId": order_id})


def resume(order: Order, outcome: str) -> None:
    """End the execution waiting for this order's payment (nothing to do if it never waited or already ended)."""
    if not order.task_token:
        return
    try:
        client("stepfunctions").send_task_success(taskToken=order.task_token, output=json.dumps({"outcome": outcome}))
    except Exception as error:  # noqa: BLE001 - TaskTimedOut / TaskDoesNotExist / InvalidToken: it ended already
        logger.info("the saga was not waiting", extra={"orderId": order.order_id, "error": str(error)})
