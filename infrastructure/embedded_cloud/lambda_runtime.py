"""The embedded cloud's Lambda: runs function handlers the way AWS Lambda does, without Docker.

Each function runs in worker processes of its own (`lambda_worker.py`, one Lambda execution environment
each) with only its own environment variables and its own code on sys.path. Workers are forked from a zygote
that has imported the heavy libraries once (`lambda_zygote`), so a cold start costs an import of the handler
only. A worker stays warm and is reused; another starts when all are busy, up to a cap per function; idle
ones are stopped after `idle_seconds`, and the least recently used beyond `max_warm_workers` in all. A worker
that overruns the function's Timeout is killed, so is one whose memory outgrows its MemorySize, and one that
dies is reported as Lambda reports it; either way the next invoke gets a fresh worker (as does every `eventonight
invoke`: a one-shot worker, stopped after its invocation, so it runs the code on disk now). Every line a handler
prints reaches `log` as `[<function> <request id>] <line>`, with Lambda's START / END / REPORT lines.

Callers (HTTP gateway, event sources, moto's Invoke, Step Functions) call `invoke` from many threads at once.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .lambda_zygote import ForkedProcess, Zygote

if TYPE_CHECKING:
    from .deployment import FunctionConfig

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}  # moto's; no real AWS account

INIT_TIMEOUT_SECONDS = 10.0  # Lambda's limit for the init phase (the function's Timeout applies if longer)
_GRACE_SECONDS = 5.0  # how long to wait for a dying worker to exit and for its last output lines
_MEMORY_CHECK_SECONDS = 0.1  # how often a running invocation's memory is compared with its MemorySize
IDLE_SECONDS = float(os.environ.get("EVENTONIGHT_LAMBDA_IDLE_SECONDS", 300))  # Lambda keeps one 5-15 min
MAX_WARM_WORKERS = int(os.environ.get("EVENTONIGHT_LAMBDA_MAX_WARM_WORKERS", 64))
_WORKER_SCRIPT = Path(__file__).with_name("lambda_worker.py")
_LENGTH = struct.Struct(">I")
_ACCOUNT_ID = "123456789012"  # moto's default account, for ARNs the template did not give


@dataclass(frozen=True)
class FunctionSpec:
    name: str  # physical FunctionName (logs, ARN, AWS_LAMBDA_FUNCTION_NAME)
    handler: str  # "package.module.function", as the template's Handler
    code_dir: Path  # the template's CodeUri (LAMBDA_TASK_ROOT, first on sys.path)
    layer_dirs: tuple[Path, ...] = ()  # each layer's ContentUri; "<dir>/python" goes on sys.path
    environment: Mapping[str, str] = field(default_factory=dict)  # the function's Variables
    timeout: float = 3.0  # seconds, the template's Timeout
    memory_mb: int = 128
    arn: str = ""  # invoked_function_arn; built from the region and name when empty


def function_spec(config: FunctionConfig) -> FunctionSpec:
    return FunctionSpec(name=config.name, handler=config.handler, code_dir=Path(config.code_dir),
                        layer_dirs=tuple(Path(d) for d in config.layer_dirs), environment=config.environment,
                        timeout=config.timeout, memory_mb=config.memory_mb, arn=config.arn)


@dataclass(frozen=True)
class InvokeResult:
    request_id: str
    payload: bytes  # the handler's JSON return, or Lambda's error object
    function_error: str | None  # None on success; "Unhandled" as Lambda's X-Amz-Function-Error
    duration_ms: float

    def json(self) -> Any:
        return json.loads(self.payload)


class FunctionNotFound(LookupError):
    """No function of that name is registered (Lambda's ResourceNotFoundException)."""


class LambdaRuntime:
    def __init__(
        self,
        base_environment: Mapping[str, str],
        log: Callable[[str], None] = print,
        idle_seconds: float | None = None,
        max_concurrency_per_function: int = 10,
        max_warm_workers: int | None = None,
        fork_workers: bool = True,
        zygote: Zygote | None = None,
    ) -> None:
        """`zygote`: a running one to fork workers from, shared with other runtimes and not closed here (the
        runtime's tests share one: a zygote's preload costs ~0.85 s of CPU); by default the runtime starts its own."""
        self._base_environment = dict(base_environment)
        self._log = log
        self._idle_seconds = IDLE_SECONDS if idle_seconds is None else idle_seconds
        self._max_concurrency = max_concurrency_per_function
        self._max_warm = MAX_WARM_WORKERS if max_warm_workers is None else max_warm_workers
        self._pools: dict[str, _FunctionPool] = {}
        self._census = _Census()  # workers alive or starting, in all pools: read on every invoke
        self._lock = threading.Lock()
        self._owns_zygote = zygote is None
        if zygote is None and fork_workers:
            zygote = start_zygote(base_environment)
        self._zygote = zygote
        self._zygote_lock = threading.Lock()
        self._closed = threading.Event()
        self._reaper = threading.Thread(target=self._stop_idle_workers, name="lambda-reaper", daemon=True)
        self._reaper.start()

    def register(self, spec: FunctionSpec) -> None:
        """Make `spec` invokable; a function registered again gets fresh workers running the new spec."""
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the Lambda runtime is shut down")
            previous = self._pools.get(spec.name)
            self._pools[spec.name] = _FunctionPool(spec, self._max_concurrency, self._census)
        if previous is not None:
            _stop_all(previous.retire())

    def invoke(
        self, function_name: str, event: Any | bytes, fresh: bool = False, also_log: Callable[[str], None] | None = None
    ) -> InvokeResult:
        """A synchronous invoke (RequestResponse). `event` is any JSON value, or its JSON text as bytes.
        `fresh`: in a new worker, stopped afterwards, so the handler's code is the one on disk now (`eventonight
        invoke`), not what a warm worker imported; `also_log` gets this invocation's lines too."""
        body = bytes(event) if isinstance(event, bytes | bytearray) else json.dumps(event).encode()
        request_id = str(uuid.uuid4())
        runtime_log = self._log if also_log is None else _Tee(self._log, also_log)
        pool, worker = self._acquire(function_name, fresh)
        try:
            cold = worker is None
            init_failure = None
            if worker is None:
                worker = _Worker(pool.spec, self._base_environment, runtime_log, request_id, self._live_zygote())
                worker.one_shot = fresh
                if not pool.started(worker):  # a shutdown came while it started: it is stopped like the busy ones
                    worker.stop()
                init_failure = worker.await_init(request_id)
            log = _RequestLog(runtime_log, pool.spec.name, request_id)
            log(f"START RequestId: {request_id} Version: $LATEST")
            started = time.perf_counter()
            outcome = init_failure or worker.invoke(request_id, body or b"{}")  # no payload: Lambda passes {}
            duration_ms = (time.perf_counter() - started) * 1000
            log(f"END RequestId: {request_id}")
            log(_report(request_id, duration_ms, pool.spec, outcome, worker.init_ms if cold else None))
            return InvokeResult(request_id, outcome.payload, outcome.function_error, duration_ms)
        finally:
            pool.release(worker)
            self._stop_least_recently_used()

    @property
    def workers(self) -> int:
        """Workers alive or starting, of every function (`max_warm_workers` bounds those left idle)."""
        return self._census.count

    def shutdown(self) -> None:
        """Stop every worker, busy or not; the runtime accepts nothing afterwards."""
        with self._lock:
            self._closed.set()
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            _stop_all(pool.retire(include_busy=True))
        for pool in pools:  # the invocations of the stopped workers end now; a forked one's end is told by the zygote
            pool.wait_released(_GRACE_SECONDS * 2)
        self._reaper.join()
        with self._zygote_lock:
            if self._zygote is not None and self._owns_zygote:
                self._zygote.close()

    def _live_zygote(self) -> Zygote | None:
        """The zygote, a new one if it has died (killed, out of memory): otherwise every later cold start would
        be a fresh interpreter's, several times slower."""
        with self._zygote_lock:
            zygote = self._zygote
            if zygote is not None and zygote.process.poll() is not None and not self._closed.is_set():
                zygote.close()  # reaps it and its control socket; its forked workers were killed with it
                self._log(f"the Lambda zygote ended (exit status {zygote.process.returncode}): starting a new one")
                zygote = self._zygote = start_zygote(self._base_environment)
                self._owns_zygote = True
            return zygote

    def _acquire(self, function_name: str, fresh: bool = False) -> tuple[_FunctionPool, _Worker | None]:
        while True:
            with self._lock:
                if self._closed.is_set():
                    raise RuntimeError("the Lambda runtime is shut down")
                pool = self._pools.get(function_name)
            if pool is None:
                raise FunctionNotFound(f"Function not found: {function_name}")
            with suppress(_PoolRetired):  # re-registered meanwhile: use the new one
                return pool, pool.acquire(fresh)

    def _stop_idle_workers(self) -> None:
        interval = min(max(self._idle_seconds / 4, 0.05), 30.0)
        while not self._closed.wait(interval):
            with self._lock:
                pools = list(self._pools.values())
            cutoff = time.monotonic() - self._idle_seconds
            for pool in pools:
                _stop_all(pool.take_idle_since(cutoff))

    def _stop_least_recently_used(self) -> None:
        """Keep at most `max_warm_workers` alive in all: stop the idle ones used longest ago. The census is one
        number, kept by the pools as they change: summing every pool's size under its lock on each invoke was a
        tenth of the platform's CPU per warm read (one lock and one count for each of ~110 functions)."""
        if self._census.count <= self._max_warm:
            return
        with self._lock:
            pools = list(self._pools.values())
        excess = self._census.count - self._max_warm
        idle = sorted((worker.last_used, id(worker), pool, worker) for pool in pools for worker in pool.idle())
        for _, _, pool, worker in idle[:excess]:
            if pool.take(worker):
                worker.stop()


@dataclass(frozen=True)
class _Outcome:
    payload: bytes
    function_error: str | None = None
    report_status: str = ""  # REPORT's "Status: ..." when the runtime, not the handler, failed
    max_memory_mb: int | None = None


class _PoolRetired(Exception):
    pass


class _Census:
    """How many workers all pools hold (idle, busy or starting), kept up to date by the pools as they change."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def add(self, delta: int) -> None:
        if delta:
            with self._lock:
                self.count += delta


class _FunctionPool:
    """The workers of one function: the most recently used idle one is reused; a new one starts when all
    are busy, up to the cap, after which callers wait."""

    def __init__(self, spec: FunctionSpec, max_workers: int, census: _Census | None = None) -> None:
        self.spec = spec
        self._max_workers = max_workers
        self._census = census or _Census()
        self._counted = 0  # this pool's size as the census has it
        self._idle: list[_Worker] = []  # a stack: warmest on top
        self._busy: set[_Worker] = set()
        self._starting = 0
        self._retired = False
        self._stopped = False  # retired with its busy workers: a worker that starts now is stopped at once
        self._changed = threading.Condition()

    def acquire(self, fresh: bool = False) -> _Worker | None:
        """An idle worker, or None: the caller starts one, its slot is reserved (always None if `fresh`)."""
        with self._changed:
            while True:
                if self._retired:
                    raise _PoolRetired
                if self._idle and not fresh:
                    worker = self._idle.pop()
                    self._busy.add(worker)
                    return worker
                if len(self._busy) + self._starting < self._max_workers:
                    self._starting += 1
                    self._recount()
                    return None
                self._changed.wait()

    def started(self, worker: _Worker) -> bool:
        """The worker of a reserved slot exists: busy from now on, so a shutdown stops it (a cold start left out ran
        its init and invocation to the end, up to the function's timeout, and held up the platform's stop); False
        if the shutdown came first."""
        with self._changed:
            self._starting -= 1
            self._busy.add(worker)
            return not self._stopped

    def release(self, worker: _Worker | None) -> None:
        stop = None
        with self._changed:
            if worker is None:
                self._starting -= 1  # a cold start that failed before its worker existed
            self._busy.discard(worker)  # type: ignore[arg-type]
            if worker is not None:
                if worker.healthy and not worker.one_shot and not self._retired:
                    worker.last_used = time.monotonic()
                    self._idle.append(worker)
                else:
                    stop = worker
            self._recount()
            self._changed.notify_all()
        if stop is not None:
            stop.stop()

    def wait_released(self, timeout: float) -> None:
        """Until no invocation holds a worker or a starting slot (at most `timeout` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: not self._busy and not self._starting, timeout)

    def idle(self) -> list[_Worker]:
        with self._changed:
            return list(self._idle)

    def take(self, worker: _Worker) -> bool:
        """Take `worker` out of the idle ones, to stop it; False if it is no longer idle."""
        with self._changed:
            if worker not in self._idle:
                return False
            self._idle.remove(worker)
            self._recount()
            return True

    def take_idle_since(self, cutoff: float) -> list[_Worker]:
        with self._changed:
            stale = [w for w in self._idle if w.last_used < cutoff]
            self._idle = [w for w in self._idle if w.last_used >= cutoff]
            self._recount()
        return stale

    def retire(self, include_busy: bool = False) -> list[_Worker]:
        """Take no more invocations; returns the workers to stop now (busy ones stop when released)."""
        with self._changed:
            self._retired = True
            workers, self._idle = self._idle, []
            if include_busy:
                self._stopped = True
                workers += list(self._busy)
            self._recount()
            self._changed.notify_all()
        return workers

    def _recount(self) -> None:
        """Tell the census how this pool's size changed (called with `_changed` held, after each change)."""
        size = len(self._idle) + len(self._busy) + self._starting
        self._census.add(size - self._counted)
        self._counted = size


class _Worker:
    """One execution environment: a worker process, the channel to it and the pump of its output."""

    def __init__(
        self,
        spec: FunctionSpec,
        base_environment: Mapping[str, str],
        log: Callable[[str], None],
        request_id: str,
        zygote: Zygote | None = None,
    ) -> None:
        self.spec = spec
        self.healthy = True
        self.one_shot = False  # stopped once its invocation ends
        self.last_used = time.monotonic()
        self.init_ms: float | None = None
        self._phases_ended = 0
        region = _region(base_environment)
        self._arn = spec.arn or f"arn:aws:lambda:{region}:{_ACCOUNT_ID}:function:{spec.name}"
        log_stream = f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
        marker = f"--lambda-phase-end-{secrets.token_hex(16)}--"
        paths = [str(spec.code_dir), *(str(Path(d) / "python") for d in spec.layer_dirs)]
        environment = _environment(spec, base_environment, region, log_stream)
        self.process: ForkedProcess | subprocess.Popen[bytes]
        self._channel, child_end = socket.socketpair()
        try:
            forked = None
            from_zygote = zygote is not None and zygote.can_serve(environment)  # waits while the zygote preloads
            # The init phase (its timeout, Init Duration) starts with the worker, not before that wait: on a loaded
            # machine a slow preload used up a first cold start's init timeout before the worker even existed.
            self._started = time.monotonic()
            if from_zygote:
                forked = zygote.spawn(environment, spec.code_dir, paths, marker, child_end)  # type: ignore[union-attr]
            self.process, stdout = forked or self._start_interpreter(environment, paths, marker, child_end)
        except BaseException:
            self._channel.close()
            raise
        finally:
            child_end.close()
        self.output = _OutputPump(stdout, marker, _RequestLog(log, spec.name, request_id))

    def _start_interpreter(
        self, environment: dict[str, str], paths: list[str], marker: str, child_end: socket.socket
    ) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
        """A worker in a fresh interpreter: when there is no zygote, or it cannot serve this function."""
        process = subprocess.Popen(
            [sys.executable, "-I", "-u", "-X", "utf8", str(_WORKER_SCRIPT), str(child_end.fileno()), marker, *paths],
            env=environment,
            cwd=self.spec.code_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(child_end.fileno(),),
            start_new_session=True,  # its own process group: killed as a whole, spared the terminal's ^C
        )
        assert process.stdout is not None
        return process, process.stdout

    def await_init(self, request_id: str) -> _Outcome | None:
        """Wait for the handler's module to be imported; an outcome only if that failed."""
        deadline = self._started + max(INIT_TIMEOUT_SECONDS, self.spec.timeout)
        reply = self._receive(deadline)
        self.init_ms = (time.monotonic() - self._started) * 1000
        if not isinstance(reply, tuple):
            return self._failed(reply, request_id)
        header, payload = reply
        self._await_output_of_phase()
        if header["status"] == "ready":
            return None
        self.healthy = False
        self.stop()
        error = json.loads(payload)
        error["requestId"] = request_id
        return _Outcome(_to_json(error), "Unhandled", f"Status: error\tError Type: {error['errorType']}")

    def invoke(self, request_id: str, event: bytes) -> _Outcome:
        self.output.log.request_id = request_id
        header = {
            "request_id": request_id,
            "deadline_ms": int((time.time() + self.spec.timeout) * 1000),
            "invoked_function_arn": self._arn,
            "trace_id": _trace_id(),
        }
        deadline = time.monotonic() + self.spec.timeout
        head = json.dumps(header).encode()
        try:
            self._channel.settimeout(self.spec.timeout)
            self._channel.sendall(b"".join((_LENGTH.pack(len(head)), head, _LENGTH.pack(len(event)), event)))
            reply: tuple[dict[str, Any], bytes] | str = self._receive(deadline)
        except TimeoutError:
            reply = _TIMED_OUT
        except OSError:
            reply = _EXITED
        if not isinstance(reply, tuple):
            return self._failed(reply, request_id)
        answer, payload = reply
        self._await_output_of_phase()
        if answer["max_memory_mb"] > self.spec.memory_mb:  # it outgrew MemorySize between two checks
            return self._failed(_OUT_OF_MEMORY, request_id)
        function_error = None if answer["status"] == "ok" else "Unhandled"
        return _Outcome(payload, function_error, max_memory_mb=answer["max_memory_mb"])

    def stop(self) -> None:
        """Kill the worker (and anything it started) and reap it."""
        self.healthy = False
        if self.process.returncode is None:  # not reaped yet, so its group id cannot belong to anyone else
            self._kill_group()
        self.process.wait()
        self._channel.close()

    def _kill_group(self) -> None:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def _failed(self, why: str, request_id: str) -> _Outcome:
        """The worker overran the timeout or died: kill it and report as Lambda does."""
        if why == _TIMED_OUT:
            self.stop()
            self.output.wait_closed(_GRACE_SECONDS)
            now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            message = f"{now} {request_id} Task timed out after {self.spec.timeout:.2f} seconds"
            self.output.log(message)
            return _Outcome(
                _to_json({"errorMessage": message, "errorType": "Sandbox.Timedout"}),
                "Unhandled",
                "Status: timeout",
            )
        if why == _OUT_OF_MEMORY:  # Lambda kills the environment, and says why
            self.stop()
            self.output.wait_closed(_GRACE_SECONDS)
            message = f"RequestId: {request_id} Error: Runtime exited with error: signal: killed"
            self.output.log(f"{message}\nRuntime.OutOfMemory")
            return _Outcome(
                _to_json({"errorMessage": message, "errorType": "Runtime.OutOfMemory"}),
                "Unhandled",
                "Status: error\tError Type: Runtime.OutOfMemory",
                max_memory_mb=self.spec.memory_mb,
            )
        self.healthy = False
        try:
            returncode = self.process.wait(_GRACE_SECONDS)
        except subprocess.TimeoutExpired:  # it closed the channel but lives on
            self.stop()
            returncode = self.process.returncode
        if not self.output.wait_closed(_GRACE_SECONDS):  # processes it started still hold its stdout
            self._kill_group()
        self._channel.close()
        message = f"RequestId: {request_id} Error: {_exit_reason(returncode)}"
        self.output.log(f"{message}\nRuntime.ExitError")
        return _Outcome(
            _to_json({"errorMessage": message, "errorType": "Runtime.ExitError"}),
            "Unhandled",
            "Status: error\tError Type: Runtime.ExitError",
        )

    def _receive(self, deadline: float) -> tuple[dict[str, Any], bytes] | str:
        """The worker's next reply (header, payload), or _TIMED_OUT, _OUT_OF_MEMORY or _EXITED."""
        try:
            header = json.loads(self._read_frame(deadline))
            payload = self._read_frame(deadline)
        except TimeoutError:
            return _TIMED_OUT
        except _OutOfMemory:
            return _OUT_OF_MEMORY
        except (EOFError, OSError):
            return _EXITED
        return header, payload

    def _read_frame(self, deadline: float) -> bytes:
        (size,) = _LENGTH.unpack(self._read_exactly(_LENGTH.size, deadline))
        return self._read_exactly(size, deadline)

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        data = bytearray()
        while len(data) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self._channel.settimeout(min(remaining, _MEMORY_CHECK_SECONDS))
            try:
                chunk = self._channel.recv(min(size - len(data), 1 << 20))
            except TimeoutError:
                if _resident_mb(self.process.pid) > self.spec.memory_mb:
                    raise _OutOfMemory from None
                continue
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    def _await_output_of_phase(self) -> None:
        self._phases_ended += 1
        self.output.wait_phase_end(self._phases_ended, _GRACE_SECONDS)


_TIMED_OUT = "timed out"
_OUT_OF_MEMORY = "out of memory"
_EXITED = "exited"


class _OutOfMemory(Exception):
    pass


def _resident_mb(pid: int) -> int:
    """A worker's resident memory now, counted as it counts its peak (lambda_worker._max_memory_mb)."""
    with suppress(OSError), open(f"/proc/{pid}/status", "rb") as status:
        for line in status:
            if line.startswith(b"VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


class _Tee:
    """A log that writes each line to two."""

    def __init__(self, first: Callable[[str], None], second: Callable[[str], None]) -> None:
        self._first, self._second = first, second

    def __call__(self, line: str) -> None:
        self._first(line)
        self._second(line)


class _RequestLog:
    """Writes lines to the runtime's log as `[<function> <request id>] <line>`."""

    def __init__(self, log: Callable[[str], None], function_name: str, request_id: str) -> None:
        self._log = log
        self._function_name = function_name
        self.request_id = request_id

    def __call__(self, text: str) -> None:
        for line in text.split("\n"):
            self._log(f"[{self._function_name} {self.request_id}] {line}")


class _OutputPump:
    """Reads a worker's stdout and stderr (one pipe) line by line into the log, tagged with the request id of
    the current phase; counts the end markers the worker writes after each phase."""

    def __init__(self, stream: IO[bytes], marker: str, log: _RequestLog) -> None:
        self.log = log
        self._stream = stream
        self._marker = marker + "\n"
        self._phases_ended = 0
        self._closed = False
        self._changed = threading.Condition()
        threading.Thread(target=self._pump, name="lambda-output", daemon=True).start()

    def wait_phase_end(self, phases: int, timeout: float) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._phases_ended >= phases or self._closed, timeout)

    def wait_closed(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._closed, timeout)

    def _pump(self) -> None:
        with self._stream:
            for raw in self._stream:
                line = raw.decode("utf-8", "replace")
                if line.endswith(self._marker):
                    if rest := line[: -len(self._marker)]:  # a last line printed without a newline
                        self.log(rest)
                    with self._changed:
                        self._phases_ended += 1
                        self._changed.notify_all()
                else:
                    self.log(line.rstrip("\r\n"))
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def _environment(spec: FunctionSpec, base: Mapping[str, str], region: str, log_stream: str) -> dict[str, str]:
    """Base (credentials, endpoints) + the function's Variables + Lambda's reserved ones, nothing else."""
    layer_bins = [str(Path(d) / "bin") for d in spec.layer_dirs]
    return {
        **{key: str(value) for key, value in base.items()},
        **{key: str(value) for key, value in spec.environment.items()},
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{spec.name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
        **_lambda_variables(region, layer_bins),
        "LAMBDA_TASK_ROOT": str(spec.code_dir),
        "_HANDLER": spec.handler,
    }


def start_zygote(base_environment: Mapping[str, str]) -> Zygote:
    """A zygote for runtimes with `base_environment`: its imports see what every function's environment has alike."""
    return Zygote(_WORKER_SCRIPT, _shared_environment(base_environment))


def _shared_environment(base: Mapping[str, str]) -> dict[str, str]:
    """What every function's environment has alike: the zygote's, so that its imports see nothing else."""
    return {**{key: str(value) for key, value in base.items()}, **_lambda_variables(_region(base), [])}


def _lambda_variables(region: str, layer_bins: list[str]) -> dict[str, str]:
    interpreter_bin = str(Path(sys.executable).parent)
    return {
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
        "LAMBDA_RUNTIME_DIR": str(_WORKER_SCRIPT.parent),
        "TZ": ":UTC",
        "LANG": "C.UTF-8",  # Lambda sets a UTF-8 LANG; without one Python adds LC_CTYPE by itself (PEP 538)
        "PATH": os.pathsep.join([interpreter_bin, "/usr/local/bin", "/usr/bin", "/bin", *layer_bins]),
    }


def _trace_id() -> str:
    """X-Ray's header for one invocation, not sampled (Lambda without active tracing): traced code such as
    powertools' Tracer runs, quietly, and sends nothing."""
    root = f"1-{int(time.time()):08x}-{secrets.token_hex(12)}"
    return f"Root={root};Parent={secrets.token_hex(8)};Sampled=0"


def _region(base: Mapping[str, str]) -> str:
    return base.get("AWS_REGION") or base.get("AWS_DEFAULT_REGION") or "us-east-1"


def _report(
    request_id: str, duration_ms: float, spec: FunctionSpec, outcome: _Outcome, init_ms: float | None
) -> str:
    fields = [
        f"REPORT RequestId: {request_id}",
        f"Duration: {duration_ms:.2f} ms",
        f"Billed Duration: {math.ceil(duration_ms)} ms",
        f"Memory Size: {spec.memory_mb} MB",
    ]
    if outcome.max_memory_mb is not None:
        fields.append(f"Max Memory Used: {outcome.max_memory_mb} MB")
    if init_ms is not None:
        fields.append(f"Init Duration: {init_ms:.2f} ms")
    if outcome.report_status:
        fields.append(outcome.report_status)
    return "\t".join(fields)


def _exit_reason(returncode: int) -> str:
    if returncode == 0:
        return "Runtime exited without providing a reason"
    if returncode > 0:
        return f"Runtime exited with error: exit status {returncode}"
    name = signal.strsignal(-returncode) or f"signal {-returncode}"
    return f"Runtime exited with error: signal: {name.lower()}"


def _to_json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _stop_all(workers: Iterable[_Worker]) -> None:
    for worker in workers:
        worker.stop()
