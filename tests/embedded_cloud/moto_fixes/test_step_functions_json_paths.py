"""Step Functions parses each JSONPath once (moto 5.2.5 built a new jsonpath parser for every evaluation)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from jsonpath_ng.ext.parser import ExtendedJsonPathParser
from support.polling import eventually

DEFINITION = json.dumps({"StartAt": "Pick", "States": {
    "Pick": {"Type": "Pass", "InputPath": "$.order", "Parameters": {"id.$": "$.id", "first.$": "$.lines[0].type"},
             "ResultPath": "$.picked", "Next": "Done"},
    "Done": {"Type": "Pass", "OutputPath": "$.picked", "End": True}}})


def run(sfn: Any, machine: str, order: dict) -> dict:
    arn = sfn.start_execution(stateMachineArn=machine, name=str(uuid.uuid4()),
                              input=json.dumps({"order": order}))["executionArn"]
    ended = eventually(lambda: (d := sfn.describe_execution(executionArn=arn))["status"] != "RUNNING" and d,
                       what="the execution to end")
    return json.loads(ended["output"])


def test_paths_are_evaluated_on_each_input_and_parsed_once(stepfunctions: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    machine = stepfunctions.create_state_machine(
        name=f"m{uuid.uuid4().hex[:8]}", definition=DEFINITION,
        roleArn="arn:aws:iam::123456789012:role/sfn")["stateMachineArn"]
    first = run(stepfunctions, machine, {"id": "o1", "lines": [{"type": "VIP"}]})
    parsers: list[Any] = []
    real_init = ExtendedJsonPathParser.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        parsers.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(ExtendedJsonPathParser, "__init__", counted)
    second = run(stepfunctions, machine, {"id": "o2", "lines": [{"type": "STANDARD"}, {"type": "VIP"}]})

    # moto answers a path into a list element with a list (its extract_json), fixed or not
    assert (first, second) == ({"id": "o1", "first": ["VIP"]}, {"id": "o2", "first": ["STANDARD"]})
    assert parsers == []  # the second execution's paths were all parsed by the first
