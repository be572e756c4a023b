"""Frames to a user's open WebSocket connections through the API Gateway management API.

A frame is `{"type": ..., "data": {...}}` (api-conventions, WebSocket). Every open connection of the recipient
gets it (several tabs); a connection that answers GoneException is closed and is removed with its presence.
A connection whose access token has expired gets nothing more: it is hung up instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger
from kernel.aws import region

from . import connections

logger = Logger()


@cache
def _management() -> Any:
    """The management API of our WebSocket API: on AWS its https endpoint (WEBSOCKET_MANAGEMENT_URL); where a
    global endpoint override is set (the embedded cloud, LocalStack) that one serves it."""
    import boto3
    from botocore.config import Config

    endpoint = None if os.environ.get("AWS_ENDPOINT_URL") else os.environ["WEBSOCKET_MANAGEMENT_URL"]
    # short timeouts and one retry: a slow socket must not hold up the recipients after it
    config = Config(connect_timeout=2, read_timeout=3, retries={"max_attempts": 2, "mode": "standard"})
    return boto3.client("apigatewaymanagementapi", endpoint_url=endpoint, region_name=region(), config=config)


def frame(frame_type: str, data: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"type": frame_type, "data": data or {}}, separators=(",", ":")).encode()


def send(connection_id: str, data: bytes) -> bool:
    """Post to one connection; False when it is gone."""
    client = _management()
    try:
        client.post_to_connection(ConnectionId=connection_id, Data=data)
    except client.exceptions.GoneException:
        return False
    return True


def hang_up(connection_id: str) -> None:
    """Close a connection from our side (DeleteConnection) and forget it; one already gone is just forgotten."""
    client = _management()
    with contextlib.suppress(client.exceptions.GoneException):
        client.delete_connection(ConnectionId=connection_id)
    connections.close(connection_id)  # $disconnect does it too; whichever comes second does nothing


def push(user_id: str, data: bytes) -> int:
    """Send `data` to every open connection of the user; how many got it. Dead ones are cleaned up, those whose
    token has expired hung up."""
    delivered = 0
    now = time.time()
    for connection in connections.of_user(user_id):
        if connection.expired(now):
            try:
                hang_up(connection.connection_id)
            except Exception:  # noqa: BLE001 - as below; the sweeper hangs it up later
                logger.exception("could not hang up an expired connection",
                                 extra={"connectionId": connection.connection_id})
            continue
        try:
            if send(connection.connection_id, data):
                delivered += 1
                continue
        except Exception:  # one broken socket must not stop the others; the frame stays stored for REST
            logger.exception("push failed", extra={"connectionId": connection.connection_id})
            continue
        logger.info("connection gone", extra={"connectionId": connection.connection_id})
        try:
            connections.close_if_settled(connection)
        except Exception:  # noqa: BLE001 - a retry would push again to those who got it: the TTL cleans up
            logger.exception("could not close a gone connection", extra={"connectionId": connection.connection_id})
    return delivered
