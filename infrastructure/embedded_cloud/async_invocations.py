"""Asynchronous deliveries: Lambda's Event invocations (with its two retries) and EventBridge targets.

EventBridge rules, S3 notifications and `InvocationType=Event` hand work over and return at once; a small pool
runs it. A failed async invocation is retried twice with backoff, as Lambda does, then handed to `on_failure`
(the function's EventInvokeConfig OnFailure destination, see `failure_record`) or logged as dropped.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("eventonight.async")

RETRIES = 2
OnFailure = Callable[[str, bytes, Any], bool]  # (function, event, last result) -> True when sent somewhere


def failure_record(function_arn: str, event: bytes, result: Any) -> dict[str, Any]:
    """What Lambda sends to an OnFailure destination once an asynchronous event's retries are spent."""
    try:
        payload = json.loads(event)
    except ValueError:
        payload = event.decode(errors="replace")
    return {"version": "1.0", "timestamp": datetime.now(UTC).isoformat(),
            "requestContext": {"requestId": str(uuid.uuid4()), "functionArn": f"{function_arn}:$LATEST",
                               "condition": "RetriesExhausted", "approximateInvokeCount": RETRIES + 1},
            "requestPayload": payload,
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": result}


class AsyncInvocations:
    def __init__(self, invoke: Callable[[str, bytes], tuple[Any, bool]], start_execution: Callable[..., Any],
                 retry_delay: float = 1.0, workers: int = 8, on_failure: OnFailure | None = None) -> None:
        self._invoke = invoke
        self._on_failure = on_failure
        self._start_execution = start_execution
        self._retry_delay = retry_delay
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="async-invoke")
        self._stopping = threading.Event()

    def invoke_function(self, function: str, event: bytes) -> None:
        self._pool.submit(self._run_with_retries, function, event)

    def deliver(self, target_arn: str, payload: bytes) -> None:
        """An EventBridge or schedule target: a function (async invoke) or a state machine (new execution)."""
        if ":function:" in target_arn:
            self.invoke_function(target_arn.split(":function:")[1].split(":")[0], payload)
        elif ":stateMachine:" in target_arn:
            self._pool.submit(self._start, target_arn, payload)
        else:
            log.error("no delivery for target %s", target_arn)

    def _start(self, machine_arn: str, payload: bytes) -> None:
        try:
            self._start_execution(stateMachineArn=machine_arn, name=str(uuid.uuid4()), input=payload.decode())
        except Exception:
            log.exception("could not start %s", machine_arn)

    def _run_with_retries(self, function: str, event: bytes) -> None:
        for attempt in range(RETRIES + 1):
            if self._stopping.is_set():
                return
            try:
                result, errored = self._invoke(function, event)
            except Exception:
                log.exception("async invoke of %s failed", function)
                errored, result = True, None
            if not errored:
                return
            if attempt < RETRIES:
                self._stopping.wait(self._retry_delay * 2 ** attempt)
        try:
            if self._on_failure and self._on_failure(function, event, result):
                return
        except Exception:
            log.exception("could not send the failed event of %s to its destination", function)
        log.error("async event for %s dropped after %d retries: %s", function, RETRIES, json.dumps(result)[:500])

    def stop(self) -> None:
        self._stopping.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
