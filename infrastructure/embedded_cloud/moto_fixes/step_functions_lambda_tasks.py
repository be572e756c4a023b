"""Step Functions' Lambda tasks invoke their function inside the platform, not through an HTTP request to itself.

moto 5.2.5 runs every Lambda task (`arn:aws:states:::lambda:invoke`, `.waitForTaskToken`, a plain function ARN)
as a boto3 `Invoke` sent to the moto server it runs in: the request built, signed and sent, parsed by the server,
dispatched through Flask under the moto lock, the answer serialised and parsed back - about a tenth of the
platform's CPU for a checkout's saga step, in the process whose GIL everything shares.

Here a task with only a function name, a payload and perhaps a qualifier asks moto's Lambda backend for the
function as the Invoke API would (the account of the task client's key, the task's region) and calls
`LambdaFunction.invoke` (the embedded runtime, see `lambda_invoke`). The task sees what the API answered:
StatusCode 200, the payload parsed as moto's task parses it, FunctionError on an error, a payload over 6 MB
replaced by the API's error. Anything else (an unknown function, another invocation type, a log tail, a client
context) still goes through the API.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from ..moto_server import backend_lock
from .replacements import Replacements

_TASK_CLIENT_KEY = "ak"  # the access key moto's task clients sign with (boto_client_for)
_PLAIN = {"FunctionName", "Payload", "Qualifier"}
_TOO_LARGE = {"errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
              "errorType": "Function.ResponseSizeTooLarge"}  # moto's LambdaResponse.invoke


def _function(parameters: dict, region: str) -> Any:
    """The function the Invoke API would run for these parameters, or None to leave the task to the API."""
    if not set(parameters) <= _PLAIN or not isinstance(parameters.get("FunctionName"), str):
        return None
    from moto.awslambda.models import lambda_backends
    from moto.iam.models import get_account_id_from

    account = os.environ.get("MOTO_ACCOUNT_ID") or get_account_id_from(_TASK_CLIENT_KEY)
    try:
        with backend_lock():
            return lambda_backends[account][region].get_function(parameters["FunctionName"],
                                                                 parameters.get("Qualifier"))
    except Exception:  # noqa: BLE001 - unknown function, bad name: the API answers it as AWS would
        return None


def invoke_in_process(parameters: dict, region: str, state_credentials: Any) -> dict[str, Any]:
    function = _function(parameters, region)
    if function is None:
        return replaced.originals["lambda_eval_utils._invoke_lambda_function"](parameters, region, state_credentials)
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    headers: dict[str, str] = {}
    payload = function.invoke(parameters.get("Payload"), {}, headers)
    if sys.getsizeof(payload) > 6000000:
        headers["x-amz-function-error"] = "Unhandled"
        payload = json.dumps(_TOO_LARGE).encode()
    response: dict[str, Any] = {"StatusCode": 200}
    if "x-amz-function-error" in headers:
        response["FunctionError"] = headers["x-amz-function-error"]
    response["Payload"] = lambda_eval_utils._from_payload(_Body(payload))
    return response


class _Body:
    """What `_from_payload` reads the answer from (boto3's streaming body)."""

    def __init__(self, data: bytes | str) -> None:
        self._data = data.encode() if isinstance(data, str) else data

    def read(self) -> bytes:
        return self._data


replaced = Replacements(("moto.stepfunctions.parser.asl.component.state.exec.state_task.lambda_eval_utils",
                         "_invoke_lambda_function", invoke_in_process))
install, uninstall = replaced.install, replaced.uninstall
