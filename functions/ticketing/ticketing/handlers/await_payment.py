"""The saga's waiting step (`lambda:invoke.waitForTaskToken`): the task token goes on the PENDING order, where
the webhook, the buyer's cancel or the sweeper find it to end the wait - one conditional write, no read first. An
order already settled needs no token: the wait then ends at the hold, with a no-op."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from ..store import orders as order_store

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"waiting": order_store.keep_task_token(event["orderId"], event["taskToken"])}
