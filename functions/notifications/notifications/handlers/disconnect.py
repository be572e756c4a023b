"""WebSocket `$disconnect`: forget the connection; the user's followers hear `user-offline` when it was the last."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from .. import connections

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict, context: Any) -> dict:
    connections.close(event["requestContext"]["connectionId"])
    return {"statusCode": 200}
