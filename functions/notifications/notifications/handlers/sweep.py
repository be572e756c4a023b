"""Scheduled: hang up every WebSocket connection whose access token has expired (found through the expiry index,
a few Queries), so that a socket lives no longer than the token that opened it, frames or no frames."""

from __future__ import annotations

import time
from typing import Any

from aws_lambda_powertools import Logger

from .. import connections, sockets

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict, context: Any) -> dict:
    expired = connections.expired(int(time.time()))
    for connection_id in expired:
        try:
            sockets.hang_up(connection_id)
        except Exception:  # one that fails is found again by the next sweep; the others go now
            logger.exception("hang-up failed", extra={"connectionId": connection_id})
    if expired:
        logger.info("expired connections closed", extra={"count": len(expired)})
    return {"closed": len(expired)}
