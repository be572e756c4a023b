"""The scheduled sweeper: orders still PENDING some time after their hold ended - their saga never started or
was lost (a crash between the reservation and the start, a hard kill) - are released. A buyer who still pays
one is refunded when Stripe's webhook arrives (settle.paid).

Reads the PENDING orders' index (GSI2, a few shards, in hold order): a Query per shard, never a Scan.
"""

from __future__ import annotations

import os
import time
from typing import Any

from aws_lambda_powertools import Logger

from .. import settle
from ..domain import PENDING
from ..store import orders as order_store

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    grace = int(os.environ.get("SWEEP_GRACE_SECONDS", "60"))  # the saga's own timeout goes first
    released = 0
    for order_id in order_store.overdue(int(time.time()) - grace):
        order = order_store.find(order_id)  # the index may lag: act on the order itself
        if order is not None and order.status == PENDING and settle.ended(order, "expired") == "released":
            released += 1
    logger.info("swept", extra={"released": released})
    return {"released": released}
