"""Executions of one state machine share its parsed definition (moto 5.2.5 parsed the ASL for each one)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from support.polling import eventually

DEFINITION = json.dumps({"StartAt": "Choose", "States": {
    "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}],
               "Default": "Small"},
    "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": True},
    "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": True}}})


def run(sfn: Any, machine: str, n: int) -> dict:
    arn = sfn.start_execution(stateMachineArn=machine, name=str(uuid.uuid4()), input=json.dumps({"n": n}))[
        "executionArn"]
    return eventually(lambda: (d := sfn.describe_execution(executionArn=arn))["status"] != "RUNNING" and d,
                      what="the execution to end")


def test_each_execution_evaluates_its_own_input_on_the_shared_program(stepfunctions: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

    machine = stepfunctions.create_state_machine(
        name=f"m{uuid.uuid4().hex[:8]}", definition=DEFINITION,
        roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
    parses: list[str] = []
    real_parse = AmazonStateLanguageParser.parse

    def counted(definition: str) -> Any:
        parses.append(definition)
        return real_parse(definition)

    monkeypatch.setattr(AmazonStateLanguageParser, "parse", staticmethod(counted))
    outputs = [json.loads(run(stepfunctions, machine, n)["output"])["size"] for n in (5, 0, 7, 1)]
    assert outputs == ["big", "small", "big", "small"]
    assert len(parses) <= 1  # the first execution's parse (none if an earlier test parsed this definition)
