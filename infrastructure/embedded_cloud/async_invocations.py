"""Asynchronous deliveries: Lambda's Event invocations (with its two retries) and EventBridge targets.

EventBridge rules, S3 notifications and `InvocationType=Event` hand work over and return at once; a small pool
runs it. A failed async invocation is retried twice with backoff, as Lambda does, then logged as dropped.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

log = logging.getLogger("eventonight.async")

RETRIES = 2


class AsyncInvocations:
    def __init__(self, invoke: Callable[[str, bytes], tuple[Any, bool]], start_execution: Callable[..., Any],
                 retry_delay: float = 1.0, workers: int = 8) -> None:
        self._invoke = invoke
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
        log.error("async event for %s dropped after %d retries: %s", function, RETRIES, json.dumps(result)[:500])

    def stop(self) -> None:
        self._stopping.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
