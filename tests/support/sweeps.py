"""Runs of a scheduled function at an instant of the test's choosing: the function is invoked as EventBridge
invokes it, with the run's `time`, so a test sees what the run of a later minute does without waiting for it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from support.platform import Platform


def run_at(platform: Platform, logical_id: str, at: datetime) -> Any:
    """The function's answer to a scheduled run at `at` (which it reads as "now")."""
    cloud = platform.cloud
    event = {"version": "0", "id": "sweep-at", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "region": "us-east-1", "resources": [], "detail": {}}
    answer = cloud.client("lambda").invoke(FunctionName=cloud.function_named(logical_id),
                                           Payload=json.dumps(event).encode())
    body = json.loads(answer["Payload"].read() or b"null")
    assert "FunctionError" not in answer, body
    return body
