"""A state machine without TimeoutSeconds runs on its execution's thread; one with TimeoutSeconds still times out."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from support.polling import eventually

PASSES = {"StartAt": "One", "States": {
    "One": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Branches"},
    "Branches": {"Type": "Parallel", "ResultPath": "$.branches", "End": True, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": True}}},
        {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": True}}}]}}}
SLOW = {"StartAt": "Wait", "TimeoutSeconds": 1, "States": {"Wait": {"Type": "Wait", "Seconds": 30, "End": True}}}


def run(sfn: Any, definition: dict) -> dict:
    machine = sfn.create_state_machine(name=f"m{uuid.uuid4().hex[:8]}", definition=json.dumps(definition),
                                       roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"n": 1}))["executionArn"]
    return eventually(lambda: (d := sfn.describe_execution(executionArn=arn))["status"] != "RUNNING" and d,
                      what="the execution to end")


def test_a_machine_runs_its_states_and_branches(moto, stepfunctions: Any) -> None:
    done = run(stepfunctions, PASSES)

    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"]) == {"n": 1, "one": 1, "branches": ["a", "b"]}


def test_a_machine_with_timeout_seconds_still_times_out(moto, stepfunctions: Any) -> None:
    assert run(stepfunctions, SLOW)["status"] == "TIMED_OUT"


def test_a_machine_without_timeout_seconds_starts_no_thread_for_its_program(
        moto, stepfunctions: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    moto.expect_defect("every program's states run on a thread of their own", raises=AssertionError)
    from moto.stepfunctions.parser.asl.component.program.program import Program

    programs: list[Any] = []
    start = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        if isinstance(getattr(getattr(thread, "_target", None), "__self__", None), Program):
            programs.append(thread)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", counted)
    assert run(stepfunctions, PASSES)["status"] == "SUCCEEDED"
    assert programs == []  # moto as released: the machine's and each branch's program, on a thread each
