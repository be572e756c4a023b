"""Step Functions: executions in flight are resumed after a restart, each where it waited.

moto's interpreter keeps an execution in threads, outside any backend a snapshot could hold. So the journal keeps,
per running execution, its values: ARN, state machine, name, input and start (`sfn.started`, journalled with the
StartExecution request that made it), the state it waits in with its deadline and task token (`sfn.waits`, when a
state with a timeout is entered) and its end (`sfn.ended`). On start, each execution that had not ended runs again
under its own name and ARN with its input; when it reaches the state it waited in, that state gets the task token
it had (whoever kept the token can still end the wait) and the time left to its deadline (a hold that ran out
while the platform was down times out at once). The states before it run again, as a retried Lambda would:
steps must be idempotent, as on AWS.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from datetime import datetime
from typing import Any

log = logging.getLogger("eventonight.durable")

RESUME_WAIT_SECONDS = 10.0  # a resumed execution is back in its waiting state well within this (a bound, not a pause)

_installed = False
_journal: Any = None
_running: dict[str, dict[str, Any]] = {}  # execution ARN -> its record (with "waits" once it waits somewhere)
_started: list[Any] = []  # entries of executions started in the current request (journalled with its commit)
_resuming: dict[str, dict[str, Any]] = {}  # ARN -> where the resumed execution waited, until it waits there again
_lock = threading.Lock()
_before_start: dict[str, Any] = {}  # replay: ARN -> its wait, or ENDED, journalled ahead of its start
ENDED = "ended"


def start_tracking(on: bool) -> None:
    _started.clear()


def use_journal(journal: Any) -> None:
    global _journal
    _journal = journal


def _append(entry: list[Any]) -> None:
    """From the interpreter's threads: written at once, made durable by the next acknowledged write's sync (the
    Lambda it invokes with a token writes, and waits, after this)."""
    if _journal is not None:
        _journal.append([entry])


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.stepfunctions.parser.asl.component.common.timeouts.timeout import Timeout
    from moto.stepfunctions.parser.asl.eval.callback.callback import CallbackPoolManager
    from moto.stepfunctions.parser.backend.execution import BaseExecutionWorkerCommunication, Execution

    start, add_callback = Execution.start, CallbackPoolManager.add
    terminated = BaseExecutionWorkerCommunication.terminated

    def record_and_start(self: Any) -> None:
        # Recorded before its worker runs: the worker enters the first state at once.
        with _lock:
            if self.exec_arn not in _running:  # (a resumed execution's record is there already)
                record = {"arn": self.exec_arn, "machine": self.state_machine_arn, "name": self.name,
                          "input": self.execution_input, "started": self.start_date}
                _running[self.exec_arn] = record
                if _journal is not None:
                    _started.append(["sfn.started", dict(record)])
        start(self)

    def terminated_and_record(self: Any) -> None:
        terminated(self)
        arn = self.execution.exec_arn
        with _lock:
            ended = _running.pop(arn, None)
            waiting = _resuming.pop(arn, None)
        if waiting is not None:
            waiting["back"].set()
        if ended is not None:
            _append(["sfn.ended", arn])

    def seconds_to_deadline(self: Any, env: Any) -> None:
        seconds = self._eval_seconds(env=env)
        if not self.is_default_value():
            seconds = _until_deadline(env, seconds)
        env.stack.append(seconds)

    def add_and_signal(self: Any, callback_id: Any) -> Any:
        endpoint = add_callback(self, callback_id)
        for waiting in list(_resuming.values()):
            if waiting.get("token") == callback_id:
                waiting["back"].set()
        return endpoint

    Execution.start = record_and_start
    BaseExecutionWorkerCommunication.terminated = terminated_and_record
    Timeout._eval_body = seconds_to_deadline
    CallbackPoolManager.add = add_and_signal
    _installed = True


def _until_deadline(env: Any, seconds: int) -> int:
    """The timeout of this state's attempt, counted from its deadline: the whole of it when the attempt starts, what
    is left of it later (the task's own wait, evaluated after the invocation; a resumed execution's state). A
    waitForTaskToken task's token is made as its state is entered, before this: a resumed execution's state gets the
    token it had instead (whoever kept it can still end the wait), and the wait is journalled with its token."""
    context = env.states.context_object.context_object_data
    arn, state = context["Execution"]["Id"], context["State"]
    attempt = [state["Name"], state["EnteredTime"], state.get("RetryCount", 0)]
    record = _running.get(arn)
    if record is None:
        return seconds
    waits = record.get("waits")
    now = time.time()
    if waits is not None and waits["attempt"] == attempt:
        return max(0, math.ceil(waits["deadline"] - now))
    resumed = _resuming.get(arn)
    if resumed is not None and resumed["state"] == state["Name"] and not resumed.get("entered"):
        resumed["entered"] = True
        if resumed.get("token") and "Task" in context:
            from moto.stepfunctions.parser.asl.eval.states import TaskData

            context["Task"] = TaskData(Token=resumed["token"])
            env.callback_pool_manager.add(resumed["token"])
        record["waits"] = {"state": state["Name"], "attempt": attempt, "deadline": resumed["deadline"],
                           "token": resumed.get("token")}
        _append(["sfn.waits", arn, dict(record["waits"])])
        left = max(0, math.ceil(resumed["deadline"] - now))
        if left == 0 or not resumed.get("token"):
            resumed["back"].set()  # times out at once, or waits without a token: nothing to wait for
        return left
    token = (context.get("Task") or {}).get("Token")  # a waitForTaskToken task's, made as the state was entered
    record["waits"] = {"state": state["Name"], "attempt": attempt, "deadline": now + seconds, "token": token}
    _append(["sfn.waits", arn, dict(record["waits"])])
    return seconds


def collect(_journal_: Any) -> list[Any]:
    entries = list(_started)
    _started.clear()
    return entries


def apply(entry: list[Any], _journal_dir: Any) -> None:
    """Replay one entry. The interpreter's threads journal where an execution waits, or that it ended, as it
    happens, while its start is journalled with the commit of the StartExecution request, which may come after."""
    kind = entry[0]
    if kind == "sfn.started":
        record = dict(entry[1])
        early = _before_start.pop(record["arn"], None)
        if early != ENDED:
            _running[record["arn"]] = {**record, **({"waits": early} if early else {})}
    elif kind == "sfn.waits":
        if entry[1] in _running:
            _running[entry[1]]["waits"] = entry[2]
        else:
            _before_start[entry[1]] = entry[2]
    elif kind == "sfn.ended":
        if _running.pop(entry[1], None) is None:
            _before_start[entry[1]] = ENDED


def in_flight() -> list[dict[str, Any]]:
    """The executions still running, each its record (ARN, machine, name, input, started; `waits` once it waits)."""
    return [dict(record) for record in list(_running.values())]


def snapshot_entries() -> list[list[Any]]:
    """The executions still running, as journal entries (a compaction drops the segments that started them)."""
    entries: list[list[Any]] = []
    for record in list(_running.values()):
        entries.append(["sfn.started", {key: value for key, value in record.items() if key != "waits"}])
        if record.get("waits"):
            entries.append(["sfn.waits", record["arn"], dict(record["waits"])])
    return entries


def resume_all() -> int:
    """Start again every execution that was running when the platform stopped; return how many. Returns once each
    is back in the state it waited in (its task token can be sent to again), or has ended."""
    from moto.stepfunctions.parser.models import stepfunctions_parser_backends

    from ..moto_server import backend_lock

    records = list(_running.values())
    resumed: list[dict[str, Any]] = []
    for record in records:
        arn = record["arn"]
        _, _, _, region, account, *_ = arn.split(":")
        waits = record.pop("waits", None)
        if waits:
            _resuming[arn] = {"state": waits["state"], "deadline": waits["deadline"], "token": waits.get("token"),
                              "back": threading.Event()}
        try:
            with backend_lock():
                execution = stepfunctions_parser_backends[account][region].start_execution(
                    record["machine"], record["name"], record["input"])
                execution.start_date = _instant(record["started"])
        except Exception:  # its state machine is gone from the template: nothing to resume it in
            log.exception("could not resume the execution %s", arn)
            _resuming.pop(arn, None)
            _append(["sfn.ended", arn])
            continue
        if arn in _resuming:
            resumed.append(_resuming[arn])
    deadline = time.monotonic() + RESUME_WAIT_SECONDS
    for waiting in resumed:
        if not waiting["back"].wait(max(0.0, deadline - time.monotonic())):
            log.warning("a resumed execution is not back in its state %s yet", waiting["state"])
    for arn in [arn for arn, waiting in _resuming.items() if waiting["back"].is_set()]:
        _resuming.pop(arn, None)
    if records:
        log.info("resumed %d Step Functions executions", len(records))
    return len(records)


def _instant(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
