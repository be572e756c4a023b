"""Function logs as a person reads them on the terminal, and kept per function for `eventonight logs`.

The Lambda runtime hands every line a function prints to its `log` callable as `[<function> <request id>] <line>`,
with Lambda's START / END / REPORT lines around each invocation. `FunctionLogSink` is that callable: every line
goes to the function's own file in the data dir (`logs/<function>.log`, as CloudWatch keeps one log group per
function), with the time it was written; the terminal gets the functions' own output and errors, and the three
START / END / REPORT lines only when asked (`--verbose`). `follow` reads a file back, as `sam logs` does.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .private_files import open_private_for_append, private_dir

LOG_DIR = "logs"
MAX_BYTES = 2_000_000  # a longer file becomes <function>.log.1 (replacing the one before) and a new one starts
_LINE = re.compile(r"\[(?P<function>[^\s\]]+) (?P<request_id>[^\s\]]+)\] (?P<text>.*)", re.DOTALL)
_INVOCATION_LINE = re.compile(r"(START|END|REPORT) RequestId: (?P<request_id>\S+)(\s|$)")


def log_file(log_dir: Path, function_name: str) -> Path:
    return log_dir / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', function_name)}.log"


def is_invocation_line(text: str, request_id: str) -> bool:
    """Lambda's START, END or REPORT line of this request (not something the function printed)."""
    found = _INVOCATION_LINE.match(text)
    return found is not None and found["request_id"] == request_id


class FunctionLogSink:
    """The runtime's `log`: each function's lines into its file; to `echo` those a person wants to read."""

    def __init__(self, log_dir: Path | None, echo: Callable[[str], None] | None, verbose: bool = False) -> None:
        self.log_dir = log_dir
        self.echo = echo
        self.verbose = verbose
        self._files: dict[str, tuple[int, int]] = {}  # function -> (descriptor, bytes written)
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        parsed = _LINE.fullmatch(line)
        if parsed and self.log_dir is not None:
            self._append(parsed["function"], line)
        if self.echo is not None and (self.verbose or not parsed
                                      or not is_invocation_line(parsed["text"], parsed["request_id"])):
            self.echo(line)

    def close(self) -> None:
        with self._lock:
            for descriptor, _ in self._files.values():
                os.close(descriptor)
            self._files.clear()

    def _append(self, function: str, line: str) -> None:
        assert self.log_dir is not None
        stamped = f"{datetime.now(UTC).isoformat(timespec='milliseconds').replace('+00:00', 'Z')} {line}\n".encode()
        with self._lock:
            descriptor, size = self._files.get(function) or self._open(function)
            if size + len(stamped) > MAX_BYTES and size:
                os.close(descriptor)
                path = log_file(self.log_dir, function)
                path.replace(path.with_name(path.name + ".1"))
                descriptor, size = self._open(function)
            os.write(descriptor, stamped)
            self._files[function] = (descriptor, size + len(stamped))

    def _open(self, function: str) -> tuple[int, int]:
        assert self.log_dir is not None
        private_dir(self.log_dir)
        descriptor = open_private_for_append(log_file(self.log_dir, function))
        return descriptor, os.fstat(descriptor).st_size


def tail(path: Path, lines: int) -> list[str]:
    """The last `lines` lines of `path` (none if it does not exist)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    return text.splitlines()[-lines:] if lines > 0 else []


def follow(path: Path, write: Callable[[str], None], stop: threading.Event, lines: int,
           poll_seconds: float = 0.2) -> None:
    """Write the last `lines` lines of `path`, then each line appended to it, until `stop` is set. A file that
    does not exist yet is waited for; one started anew (rotated) is read from its beginning."""
    handle, identity, pending = None, None, ""
    tail_only = path.exists()
    try:
        while not stop.is_set():
            if handle is None and path.exists():
                handle = path.open("r", encoding="utf-8", errors="replace")
                identity = os.fstat(handle.fileno()).st_ino
                if tail_only:
                    complete, _, pending = handle.read().rpartition("\n")
                    for line in complete.split("\n")[-lines:] if complete and lines > 0 else []:
                        write(line)
                    tail_only = False
            if handle is not None:
                replaced = _replaced(path, identity)  # checked first: what the old file got before it is read next
                *complete_lines, pending = (pending + handle.read()).split("\n")
                for line in complete_lines:
                    write(line)
                if replaced:
                    handle.close()
                    handle = None
                    continue
            stop.wait(poll_seconds)
    finally:
        if handle is not None:
            handle.close()


def _replaced(path: Path, identity: int | None) -> bool:
    try:
        return path.stat().st_ino != identity
    except FileNotFoundError:
        return False
