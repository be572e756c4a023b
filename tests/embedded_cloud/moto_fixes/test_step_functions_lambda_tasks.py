"""Step Functions' Lambda tasks invoke their function inside the platform (moto 5.2.5 sent each one as an HTTP
Invoke to its own server); what a task sees is the Invoke API's answer either way."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from embedded_cloud.moto_fixes import lambda_invoke
from moto.awslambda.responses import LambdaResponse
from support.moto_modes import set_fixes

REGION = "us-east-1"


@pytest.fixture
def tasks(moto: Any, moto_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto's task invoke as released, or ours, with the `moto` fixture's mode; the API's way goes to this
    module's server with a client as moto's tasks make it (its key, no retries)."""
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    client = boto3.client("lambda", endpoint_url=moto_server.url, region_name=REGION, aws_access_key_id="ak",
                          aws_secret_access_key="sk", config=Config(parameter_validation=False, retries={
                              "max_attempts": 0, "total_max_attempts": 1}))
    monkeypatch.setattr(lambda_eval_utils, "boto_client_for", lambda **_: client)
    set_fixes(["step_functions_lambda_tasks"], installed=moto.patched)
    yield
    set_fixes(["step_functions_lambda_tasks"], installed=True)


@pytest.fixture
def runtime() -> Iterator[list[tuple[str, bytes]]]:
    """The embedded runtime, stood in for: each function answers its event back, `fail` answers an error, `big`
    more than the API returns; the calls it got."""
    calls: list[tuple[str, bytes]] = []

    def sync(name: str, event: bytes) -> tuple[bytes, bool]:
        calls.append((name, event))
        if name.endswith("-fail"):
            return b'{"errorType":"Boom","errorMessage":"no"}', True
        if name.endswith("-big"):
            return json.dumps({"blob": "x" * 6_000_001}).encode(), False
        if name.endswith("-text"):
            return b"plain words", False
        return json.dumps({"echo": json.loads(event)}).encode(), False

    saved = dict(lambda_invoke._targets)
    lambda_invoke.route_to(sync, lambda name, event: None)
    yield calls
    lambda_invoke._targets.clear()
    lambda_invoke._targets.update(saved)


@pytest.fixture(scope="module")
def functions(moto_server: Any, unique_name: Any) -> dict[str, str]:
    """Function ARNs by kind, created through moto's API."""
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": REGION,
            "endpoint_url": moto_server.url}
    role = boto3.client("iam", **keys).create_role(
        RoleName=unique_name("role"), AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return event\n")
    client = boto3.client("lambda", **keys)
    return {kind: client.create_function(FunctionName=unique_name("task") + f"-{kind}", Runtime="python3.12",
                                         Role=role, Handler="app.handler",
                                         Code={"ZipFile": code.getvalue()})["FunctionArn"]
            for kind in ("ok", "fail", "big", "text")}


def task(parameters: dict[str, Any]) -> dict[str, Any]:
    """What moto's interpreter hands the task state: the invoke's answer, its fields as the task keeps them."""
    from moto.stepfunctions.parser.api import InvocationResponse
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils
    from moto.utilities.collections import select_from_typed_dict

    answer = lambda_eval_utils._invoke_lambda_function(parameters=parameters, region=REGION, state_credentials=None)
    return select_from_typed_dict(typed_dict=InvocationResponse, obj=answer)


def test_a_task_gets_the_functions_answer(moto, tasks, runtime, functions) -> None:
    answer = task({"FunctionName": functions["ok"], "Payload": b'{"orderId":"o-1"}'})
    assert answer == {"StatusCode": 200, "Payload": {"echo": {"orderId": "o-1"}}}
    assert runtime == [(functions["ok"].rsplit(":", 1)[-1], b'{"orderId":"o-1"}')]


def test_a_function_error_and_a_text_answer_reach_the_task_as_the_api_gives_them(moto, tasks, runtime,
                                                                                  functions) -> None:
    assert task({"FunctionName": functions["fail"], "Payload": b"{}"}) == {
        "StatusCode": 200, "FunctionError": "Unhandled", "Payload": {"errorType": "Boom", "errorMessage": "no"}}
    assert task({"FunctionName": functions["text"], "Payload": b"{}"}) == {"StatusCode": 200,
                                                                            "Payload": "plain words"}


def test_an_answer_over_the_apis_limit_is_its_error(moto, tasks, runtime, functions) -> None:
    answer = task({"FunctionName": functions["big"], "Payload": b"{}"})
    assert answer == {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": {
        "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        "errorType": "Function.ResponseSizeTooLarge"}}


def test_an_unknown_function_is_the_apis_not_found(moto, tasks, runtime, functions) -> None:
    missing = functions["ok"] + "-gone"
    with pytest.raises(ClientError) as refused:
        task({"FunctionName": missing, "Payload": b"{}"})
    assert refused.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert runtime == []


def test_a_task_sends_no_request_to_the_server(moto, tasks, runtime, functions, count_calls) -> None:
    moto.expect_defect("every Lambda task is an HTTP Invoke request from the platform to its own server",
                       raises=AssertionError)
    requests = count_calls(LambdaResponse, "invoke")
    assert requests.during(task, {"FunctionName": functions["ok"], "Payload": b"{}"}) == 0
    assert len(runtime) == 1
