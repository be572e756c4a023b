"""One Lambda execution environment: the bootstrap that runs a function's handler inside a worker process.

Run as a plain script by `lambda_runtime` (never imported by it, and importing nothing of `embedded_cloud`, so
a handler sees what it would see on AWS), in one of two ways:

    python -I -u -X utf8 lambda_worker.py <channel fd> <end marker> <sys.path entry>...
    python -I -u -X utf8 lambda_worker.py --zygote <control fd> <module to preload>... -- <AWS service>...

The second is the template workers are forked from (`lambda_zygote` on the runtime's side): it imports the
heavy libraries every function uses once (and botocore's models of the AWS services they call), then forks a
worker on each request; the child takes the function's environment, sys.path and working directory, and goes
on exactly as the first form does.

It imports the handler once (the init phase), then answers invocations one at a time until the channel
closes, as Lambda's Python runtime (awslambdaric) does: same context object, same error objects, same JSON
marshalling, same root logging handler.

The channel is an inherited socket carrying frames (4-byte big-endian length, then the bytes), two a message:
  runtime -> worker  {"request_id", "deadline_ms", "invoked_function_arn", "trace_id"}, then the event
  worker -> runtime  {"status": "ready" | "init_error"} after init, {"status": "ok" | "error",
                     "max_memory_mb"} after each invocation; then the payload (result or error object)
stdout and stderr belong to the handler. After each phase the worker writes the end marker to stdout, so the
runtime knows it has read every line that phase printed before it answers.
"""

from __future__ import annotations

import atexit
import contextlib
import decimal
import gc
import importlib
import json
import logging
import math
import os
import resource
import selectors
import signal
import socket
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

_LENGTH = struct.Struct(">I")


class LambdaContext:
    """The `context` argument of a handler, with the fields of Lambda's Python runtime."""

    def __init__(self, request_id: str, deadline_ms: int, invoked_function_arn: str) -> None:
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")  # a string, as on AWS
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self.tenant_id = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return int(max(self._deadline_ms - int(round(time.time() * 1000)), 0))

    def log(self, message: str) -> None:
        sys.stdout.write(str(message))

    def __repr__(self) -> str:
        return (
            f"LambdaContext([aws_request_id={self.aws_request_id},function_name={self.function_name},"
            f"function_version={self.function_version},invoked_function_arn={self.invoked_function_arn}])"
        )


class _Fault(Exception):
    """A failure Lambda reports with its own error type (Runtime.*) rather than the exception's class."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error["errorMessage"])
        self.error = error


def main(argv: list[str]) -> int:
    if argv[1] == "--zygote":
        return _serve_as_zygote(socket.socket(fileno=int(argv[2])), argv[3:])
    _reset_peak_memory()  # exec keeps the forking process's peak in ru_maxrss; VmHWM starts afresh
    return _serve(socket.socket(fileno=int(argv[1])), argv[2], argv[3:])


def _serve(channel: socket.socket, marker: str, function_paths: list[str]) -> int:
    """Init the handler, then answer invocations until the runtime closes the channel."""
    end_marker = (marker + "\n").encode()
    _isolate_imports(function_paths)
    request_id_filter = _install_lambda_log_handler()

    try:
        handler = _load_handler(os.environ["_HANDLER"])
    except _Fault as init_failure:
        _log_error(init_failure.error)
        _end_phase(end_marker)
        _send(channel, {"status": "init_error"}, _to_json(init_failure.error))
        return 1
    _end_phase(end_marker)
    _send(channel, {"status": "ready"}, b"")

    while (request := _receive(channel)) is not None:
        header, event = request
        request_id_filter.request_id = header["request_id"]
        status, payload = _invoke(handler, header, event)
        _end_phase(end_marker)
        _send(channel, {"status": status, "max_memory_mb": _max_memory_mb()}, payload)
    return 0


def _isolate_imports(function_paths: list[str]) -> None:
    """sys.path = the function's code and layers, then the interpreter's own libraries, nothing else."""
    prefixes = (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)
    roots = {os.path.realpath(p) for p in prefixes}

    def belongs_to_interpreter(entry: str) -> bool:
        real = os.path.realpath(entry)
        return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)

    # -I already keeps this script's folder out; an editable install of the project would put its source
    # folders back (a path in a .pth file, or a finder on sys.meta_path).
    sys.path[:] = [*function_paths, *(p for p in sys.path if p and belongs_to_interpreter(p))]
    sys.meta_path[:] = [f for f in sys.meta_path if not type(f).__module__.startswith("__editable__")]


class _RequestIdFilter(logging.Filter):
    request_id = ""

    def filter(self, record: logging.LogRecord) -> bool:
        record.aws_request_id = self.request_id
        return True


def _install_lambda_log_handler() -> _RequestIdFilter:
    """The root handler Lambda's runtime installs, so `logging` behaves as on AWS."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S"
        )
    )
    request_id_filter = _RequestIdFilter()
    handler.addFilter(request_id_filter)
    logging.getLogger().addHandler(handler)
    return request_id_filter


def _load_handler(name: str) -> Callable[..., Any]:
    """Import the handler's module (the init phase); a failure raises the error Lambda reports."""
    try:
        module_name, function_name = name.rsplit(".", 1)
    except ValueError as e:
        raise _Fault(_error(f"Bad handler '{name}': {e}", "Runtime.MalformedHandlerName")) from None
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        message = f"Unable to import module '{module_name}': {e}"
        raise _Fault(_error(message, "Runtime.ImportModuleError")) from None
    except SyntaxError as e:
        message = f"Syntax error in module '{module_name}': {e}"
        trace = [f'  File "{e.filename}" Line {e.lineno}\n    {e.text}']
        raise _Fault(_error(message, "Runtime.UserCodeSyntaxError", trace)) from None
    except Exception as e:
        raise _Fault(_error_from(e)) from None
    handler = getattr(module, function_name, None)
    if handler is None:  # Lambda lets the init succeed and fails every invocation instead
        message = f"Handler '{function_name}' missing on module '{module_name}'"
        return _always_failing(_error(message, "Runtime.HandlerNotFound"))
    return handler


def _always_failing(error: dict[str, Any]) -> Callable[..., Any]:
    def handler(event: Any, context: Any) -> Any:
        raise _Fault(dict(error))

    return handler


def _invoke(handler: Callable[..., Any], header: dict[str, Any], event: bytes) -> tuple[str, bytes]:
    request_id = header["request_id"]
    os.environ["_X_AMZN_TRACE_ID"] = header["trace_id"]  # set per invocation, as Lambda's runtime does
    context = LambdaContext(request_id, header["deadline_ms"], header["invoked_function_arn"])
    try:
        try:
            parsed = json.loads(event)
        except ValueError as e:
            raise _Fault(_error(f"Unable to unmarshal input: {e}", "Runtime.UnmarshalError")) from None
        return "ok", _marshal(handler(parsed, context))
    except _Fault as fault:
        error = fault.error
    except Exception as e:  # SystemExit and KeyboardInterrupt end the process, as on AWS
        error = _error_from(e)
    error["requestId"] = request_id
    _log_error(error)
    return "error", _to_json(error)


def _marshal(result: Any) -> bytes:
    if isinstance(result, bytes):
        return result
    try:
        return _to_json(result)
    except Exception as e:
        raise _Fault(_error(f"Unable to marshal response: {e}", "Runtime.MarshalError")) from None


class _LambdaJSONEncoder(json.JSONEncoder):
    """Lambda's python3.12 marshaller: Decimal as a number, non-ASCII kept as is."""

    def __init__(self) -> None:
        super().__init__(ensure_ascii=False, allow_nan=True)

    def default(self, o: Any) -> Any:
        if isinstance(o, decimal.Decimal):
            return math.nan if o.is_nan() else float(o)
        return super().default(o)


def _to_json(value: Any) -> bytes:
    return _LambdaJSONEncoder().encode(value).encode()


def _error(message: str, error_type: str, stack_trace: list[str] | None = None) -> dict[str, Any]:
    return {
        "errorMessage": message,
        "errorType": error_type,
        "requestId": "",
        "stackTrace": stack_trace or [],
    }


def _error_from(exception: BaseException) -> dict[str, Any]:
    frames = traceback.extract_tb(exception.__traceback__)
    while frames and frames[0].filename == __file__:  # the handler's frames only, as Lambda shows them
        frames.pop(0)
    return _error(str(exception), type(exception).__name__, traceback.format_list(frames))


def _log_error(error: dict[str, Any]) -> None:
    lines = [f"[ERROR] {error['errorType']}: {error['errorMessage']}", "Traceback (most recent call last):"]
    for entry in error["stackTrace"]:
        lines.extend(entry.splitlines())
    sys.stderr.write("\n".join(lines) + "\n")


def _end_phase(end_marker: bytes) -> None:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception):  # a handler may have replaced or closed them
            stream.flush()  # type: ignore[union-attr]
    os.write(1, end_marker)


_status_fd: int | None = None  # this worker's /proc/self/status, opened on its first invocation (after the fork)


def _max_memory_mb() -> int:
    """This environment's peak resident memory (VmHWM): every page it has mapped, those it still shares
    copy-on-write with the zygote included, as they would all be its own on Lambda. Read with one pread of a
    descriptor kept open: opening the file and reading it line by line took about half of the CPU the invoke
    protocol costs a worker (~25 of ~60 us)."""
    global _status_fd
    try:
        if _status_fd is None:
            _status_fd = os.open("/proc/self/status", os.O_RDONLY)
        status = os.pread(_status_fd, 1 << 16, 0)
        start = status.index(b"\nVmHWM:") + 7
        return int(status[start:status.index(b"\n", start)].split()[0]) // 1024
    except (OSError, ValueError):  # no /proc (macOS), or a handler closed the descriptor
        _status_fd = None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak // (1024 * 1024) if sys.platform == "darwin" else peak // 1024


def _reset_peak_memory() -> None:
    """Forget the peak of the process this one was forked from: VmHWM restarts at the present RSS."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def _send(channel: socket.socket, header: dict[str, Any], body: bytes) -> None:
    head = json.dumps(header).encode()
    channel.sendall(b"".join((_LENGTH.pack(len(head)), head, _LENGTH.pack(len(body)), body)))


def _receive(channel: socket.socket) -> tuple[dict[str, Any], bytes] | None:
    """The next invocation, or None once the runtime has closed the channel."""
    head = _read_frame(channel)
    body = _read_frame(channel) if head is not None else None
    if head is None or body is None:
        return None
    return json.loads(head), body


def _read_frame(channel: socket.socket) -> bytes | None:
    size = _read_exactly(channel, _LENGTH.size)
    return None if size is None else _read_exactly(channel, _LENGTH.unpack(size)[0])


def _read_exactly(channel: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = channel.recv(min(size - len(data), 1 << 20))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


# --- the zygote: the template workers are forked from ------------------------------------------------------------
# Control messages are datagrams on a SOCK_SEQPACKET socket, one JSON object each:
#   zygote -> runtime  {"ready": {variable: value or null}}  once preloaded: what the imports read of os.environ
#                      {"spawned": pid}                        after each fork, in the order of the requests
#                      {"exited": pid, "returncode": n}        when a worker ends (negative n: killed by signal n)
#   runtime -> zygote  {"environment", "cwd", "paths", "marker"} with two descriptors attached: the worker's
#                      channel and the write end of the pipe that is its stdout and stderr


def _serve_as_zygote(control: socket.socket, arguments: list[str]) -> int:
    _isolate_imports([])
    split = arguments.index("--") if "--" in arguments else len(arguments)
    environment_read = _preload(arguments[:split], arguments[split + 1 :])
    if threading.active_count() > 1:  # a fork copies only the forking thread: a lock another one held stays held
        raise RuntimeError("a preloaded module started a thread; the zygote cannot fork safely")
    gc.collect()
    gc.freeze()  # the collector no longer writes to the preloaded objects, so their pages stay shared
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # its only job: to write to the wakeup pipe
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    _post(control, {"ready": environment_read})
    while True:
        for key, _ in selector.select():
            if key.fileobj is not control:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_read, 4096)
                _report_exits(control)
                continue
            message, fds, _, _ = socket.recv_fds(control, 1 << 20, 2)
            if not message:  # the runtime has gone: its workers see their channels close and end too
                return 0
            pid = os.fork()
            if pid == 0:
                selector.close()
                control.close()
                os.close(wake_read)
                os.close(wake_write)
                _become_worker(json.loads(message), fds)
            for fd in fds:
                os.close(fd)
            _post(control, {"spawned": pid})


def _preload(modules: list[str], services: list[str]) -> dict[str, str | None]:
    """Import `modules` (those that import) and load botocore's models of `services`, recording every
    environment variable read meanwhile, with the value seen: a function whose environment differs on one of
    them must not start from here."""
    read: dict[str, str | None] = {}
    original = os._Environ.__getitem__  # type: ignore[attr-defined]

    def recording(environ: Any, key: str) -> str:
        try:
            value = original(environ, key)
        except KeyError:
            read[key] = None
            raise
        read[key] = value
        return value

    os._Environ.__getitem__ = recording  # type: ignore[attr-defined]  # get, in and getenv all come here
    try:
        for name in modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)
        if services and "botocore.session" in sys.modules:
            _share_botocore_models(services)
        if "botocore.useragent" in sys.modules:
            memoize_user_agent_parts()
        if "botocore.session" in sys.modules:
            prebuild_session_handlers()
    finally:
        os._Environ.__getitem__ = original  # type: ignore[attr-defined]
    return read


def _share_botocore_models(services: list[str]) -> None:
    """Parse botocore's data files (endpoints, partitions, each service's model and endpoint rules) once, in a
    loader every botocore session of a worker then uses unless it has a data path of its own: a worker's first
    client costs about a quarter of the CPU. Only read-only data is shared; sessions and clients are not."""
    import botocore.loaders
    import botocore.session

    loader = botocore.loaders.create_loader()
    with contextlib.suppress(Exception):
        loader.list_available_services("service-2")
        for name in ("endpoints", "partitions", "sdk-default-configuration", "_retry"):
            loader.load_data(name)
        for service in services:
            loader.load_service_model(service, "service-2")
            loader.load_service_model(service, "endpoint-rule-set-1")
    create_loader = botocore.loaders.create_loader

    def shared_loader(search_path_string: str | None = None) -> Any:
        return create_loader(search_path_string) if search_path_string else loader

    botocore.session.create_loader = shared_loader  # type: ignore[attr-defined]  # what Session calls


def memoize_user_agent_parts() -> None:
    """botocore builds the User-Agent header twice per request from its parts, each part's text sanitised
    character by character (~0.3 ms of a worker's CPU per AWS call): a part's text depends only on the part (a
    named tuple of strings and a size setting), so each is built once. The header is the same."""
    import functools

    from botocore.useragent import UserAgentComponent

    if not hasattr(UserAgentComponent.to_string, "cache_info"):
        UserAgentComponent.to_string = functools.lru_cache(maxsize=1024)(UserAgentComponent.to_string)


def prebuild_session_handlers() -> None:
    """A botocore Session registers its ~1,300 built-in event handlers one by one (~4.5 ms of a worker's CPU),
    and a worker makes three or four sessions (boto3's, one per pynamodb connection, powertools' providers'):
    the registered table is the same for every session, so it is built once here (by botocore's own method)
    and a new session takes a copy of it, as botocore gives each client a copy of its session's. A session made
    with event hooks of its own registers them as before."""
    import copy
    import types

    from botocore.hooks import EventAliaser, HierarchicalEmitter
    from botocore.session import Session

    register = Session._register_builtin_handlers
    if hasattr(register, "__wrapped__"):
        return
    built = HierarchicalEmitter()
    aliased = EventAliaser(built)
    register(types.SimpleNamespace(register=aliased.register, _events=aliased), aliased)  # type: ignore[arg-type]
    empty = copy.deepcopy(HierarchicalEmitter()._handlers._root)

    def register_builtin_handlers(self: Session, events: Any) -> None:
        emitter = getattr(self, "_original_handler", None)
        if events is not self._events or type(emitter) is not HierarchicalEmitter or \
                emitter._handlers._root != empty or emitter._unique_id_handlers:
            register(self, events)
            return
        emitter._handlers = copy.copy(built._handlers)
        emitter._lookup_cache = {}  # a copy's own (botocore's __copy__ would share the dict)

    register_builtin_handlers.__wrapped__ = register  # type: ignore[attr-defined]
    Session._register_builtin_handlers = register_builtin_handlers  # type: ignore[method-assign]


def _become_worker(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: take the function's place (session, output, environment, folder), then serve."""
    code: int = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        channel_fd, output_fd = fds
        os.setsid()  # its own process group: killed as a whole, spared the terminal's ^C
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(output_fd)
        os.environ.clear()
        os.environ.update(request["environment"])
        time.tzset()
        os.chdir(request["cwd"])
        del sys.argv[1:]  # the zygote's arguments (its control descriptor, the preload list) are not the function's
        if "random" in sys.modules:  # random re-seeds itself after a fork; said here so nobody has to check
            sys.modules["random"].seed()
        _reset_peak_memory()
        code = _serve(socket.socket(fileno=channel_fd), request["marker"], request["paths"])
    except SystemExit as exit_request:  # a handler's sys.exit ends the process with its status, as on AWS
        code = _exit_status(exit_request.code)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")
    return 1


def _report_exits(control: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _post(control, {"exited": pid, "returncode": os.waitstatus_to_exitcode(status)})


def _post(control: socket.socket, message: dict[str, Any]) -> None:
    control.sendall(json.dumps(message).encode())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
