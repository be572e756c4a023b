"""Lambda invocations run in our runtime instead of Docker, on every path that moto offers.

moto's `LambdaFunction._invoke_lambda` starts a Docker container. We replace it, and `LambdaFunction.invoke`
(the Invoke API, used by Step Functions tasks too) and S3's notification path, so that every invoke reaches the
embedded cloud's runtime. A synchronous invoke steps out of the server lock while the handler runs, because the
handler calls back into moto.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..moto_server import lock_released
from .replacements import Replacements

if TYPE_CHECKING:
    from moto.awslambda.models import LambdaFunction

SyncInvoke = Callable[[str, bytes], tuple[bytes, bool]]  # (function name, event) -> (payload, errored)
AsyncInvoke = Callable[[str, bytes], None]

_targets: dict[str, Any] = {}


def route_to(sync_invoke: SyncInvoke, async_invoke: AsyncInvoke) -> None:
    _targets["sync"], _targets["async"] = sync_invoke, async_invoke


def _sync(name: str, event: bytes) -> tuple[bytes, bool]:
    if "sync" not in _targets:
        raise RuntimeError("the embedded cloud's Lambda runtime is not running")
    with lock_released():
        return _targets["sync"](name, event)


def invoke(name: str, event: bytes) -> tuple[bytes, bool]:
    """Run function `name` on `event` now, outside the server lock: (payload, errored). For what AWS services
    invoke themselves (Cognito's triggers)."""
    return _sync(name, event)


def _as_bytes(body: Any) -> bytes:
    if body is None or body == "":
        return b"{}"
    if isinstance(body, bytes):
        return body
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()


def invoke_function(self: LambdaFunction, body: Any, request_headers: Any, response_headers: Any) -> bytes:
    event = _as_bytes(body)
    if (request_headers or {}).get("X-Amz-Invocation-Type") == "Event":
        _targets["async"](self.function_name, event)
        return b""
    payload, errored = _sync(self.function_name, event)
    if errored:
        response_headers["x-amz-function-error"] = "Unhandled"
    return payload


def invoke_lambda(self: LambdaFunction, event: Any = None) -> tuple[str, bool, str]:
    payload, errored = _sync(self.function_name, _as_bytes(event))
    return payload.decode(), errored, ""


def invoke_from_s3(account_id: str, event_body: Any, fn_arn: str, region_name: str) -> None:
    _targets["async"](fn_arn.split(":function:")[-1].split(":")[0], json.dumps(event_body).encode())


replaced = Replacements(("moto.awslambda.models.LambdaFunction", "invoke", invoke_function),
                        ("moto.awslambda.models.LambdaFunction", "_invoke_lambda", invoke_lambda),
                        ("moto.s3.notifications", "_invoke_awslambda", invoke_from_s3))
install, uninstall = replaced.install, replaced.uninstall
