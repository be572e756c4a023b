"""Runs of a scheduled function at an instant of the test's choosing: the function is invoked as EventBridge
invokes it, with the run's `time`, so a test sees what the run of a later minute does without waiting for it.

A run acts on the whole platform, as the real run of that minute will: the events' completion sweep completes
every event of the worker's session platform that has ended by `at`, not only the test's own. So its runs stay
within REACH of real time: an event ends four hours after its start unless told, and the only tests that give an
end of their own (the completion test, test_spa_review) give it within the hour, so a run cannot complete another
test's event before its time. (The reminder and digest runs reach far from now instead: test_mail's reminders are
for an event 200 days ahead, and a digest is once per user and day, sent only to those who asked for it.)"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from support.platform import Platform

REACH = {"CompleteEventsFunction": timedelta(hours=2)}


def run_at(platform: Platform, logical_id: str, at: datetime) -> Any:
    """The function's answer to a scheduled run at `at` (which it reads as "now")."""
    reach = REACH.get(logical_id)
    assert reach is None or at <= datetime.now(UTC) + reach, (
        f"a run of {logical_id} at {at} would act on other tests' data too: keep it within {reach} of now")
    cloud = platform.cloud
    event = {"version": "0", "id": "sweep-at", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "region": "us-east-1", "resources": [], "detail": {}}
    answer = cloud.client("lambda").invoke(FunctionName=cloud.function_named(logical_id),
                                           Payload=json.dumps(event).encode())
    body = json.loads(answer["Payload"].read() or b"null")
    assert "FunctionError" not in answer, body
    return body
