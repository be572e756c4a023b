"""Helpers for the Lambda runtime's tests: the test functions, a captured log, polling."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from embedded_cloud.lambda_runtime import FunctionSpec

FUNCTIONS = Path(__file__).parent / "functions"
BASE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "eu-south-1",
    "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
}


class CapturedLog:
    """The runtime's `log`: keeps every line, from any thread."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        with self._lock:
            self._lines.append(line)

    def lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def of(self, function_name: str, request_id: str) -> list[str]:
        """What was logged for one invocation, without the `[<function> <request id>] ` prefix."""
        prefix = f"[{function_name} {request_id}] "
        return [line[len(prefix) :] for line in self.lines() if line.startswith(prefix)]


def toolbox(handler: str, name: str, **options: Any) -> FunctionSpec:
    """A function whose Handler is `toolbox.<handler>`."""
    return FunctionSpec(name=name, handler=f"toolbox.{handler}", code_dir=FUNCTIONS / "toolbox", **options)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {timeout} s")
        time.sleep(0.02)


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
