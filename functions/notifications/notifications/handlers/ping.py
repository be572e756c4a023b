"""WebSocket route `ping` (`{"action": "ping"}`): answered `{"type": "pong"}` on the same socket (a two-way route,
so no management API call)."""

from __future__ import annotations

import json
from typing import Any


def handler(event: dict, context: Any) -> dict:
    return {"statusCode": 200, "body": json.dumps({"type": "pong"})}
