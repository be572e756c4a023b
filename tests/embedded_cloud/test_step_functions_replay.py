"""The journal's Step Functions entries replayed in the order they were written: the interpreter's threads journal
where an execution waits, or that it ended, as it happens, and its start goes with the StartExecution request's
commit, which may be written after them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from embedded_cloud.durable import stepfunctions

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:Saga"


@pytest.fixture
def arn() -> Iterator[str]:
    name = str(uuid.uuid4())
    arn = f"arn:aws:states:us-east-1:123456789012:execution:Saga:{name}"
    yield arn
    stepfunctions._running.pop(arn, None)
    stepfunctions._before_start.pop(arn, None)


def _started(arn: str) -> list:
    return ["sfn.started", {"arn": arn, "machine": MACHINE, "name": arn.rsplit(":", 1)[-1], "input": "{}",
                            "started": datetime.now(UTC)}]


def _in_flight(arn: str) -> dict | None:
    return next((record for record in stepfunctions.in_flight() if record["arn"] == arn), None)


def test_a_wait_journalled_before_the_start_is_kept(arn: str) -> None:
    waits = {"state": "AwaitPayment", "attempt": ["AwaitPayment", "t", 0], "deadline": 1.0, "token": "token-1"}
    stepfunctions.apply(["sfn.waits", arn, waits], None)
    stepfunctions.apply(_started(arn), None)
    assert _in_flight(arn)["waits"] == waits


def test_an_end_journalled_before_the_start_leaves_nothing_in_flight(arn: str) -> None:
    stepfunctions.apply(["sfn.ended", arn], None)
    stepfunctions.apply(_started(arn), None)
    assert _in_flight(arn) is None


def test_in_the_order_of_events_the_wait_follows_the_start(arn: str) -> None:
    waits = {"state": "AwaitPayment", "attempt": None, "deadline": 2.0, "token": None}
    stepfunctions.apply(_started(arn), None)
    stepfunctions.apply(["sfn.waits", arn, waits], None)
    assert _in_flight(arn)["waits"] == waits
    stepfunctions.apply(["sfn.ended", arn], None)
    assert _in_flight(arn) is None
