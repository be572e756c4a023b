"""An embedded cloud for tests, run as `eventonight up` in its own process.

moto's state is global to a process, so every cloud gets a process of its own: tests in one pytest worker
cannot disturb each other's cloud, and what is tested is exactly what a person starts. Function logs (printed
by `up` with the function name and request id, without Lambda's START/END/REPORT lines unless `--verbose`) are
collected for assertions; `log_file_lines` reads a function's whole log as `up` keeps it in the data dir.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any

import boto3
from embedded_cloud.deployment import Deployment
from embedded_cloud.function_logs import LOG_DIR, log_file

READY_LINE = "Press Ctrl-C to stop"


class FunctionLogs:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def add(self, line: str) -> None:
        with self._lock:
            self.lines.append(line)

    def of(self, function_name: str) -> list[str]:
        with self._lock:
            return [line for line in self.lines if line.startswith(f"[{function_name} ")]


class RunningCloud:
    def __init__(self, template: Path, data_dir: Path, *extra_args: str, fsync: bool = True,
                 ready_seconds: float = 120) -> None:
        """`fsync=False` for a cloud whose tests survive no machine crash: its journal is not forced to disk (each
        write's answer waited on the disk; a crash of the platform still keeps every acknowledged write).
        `ready_seconds`: how long to wait for it (benchmarks of big data dirs on a loaded machine wait longer)."""
        self.data_dir = data_dir
        self.logs = FunctionLogs()
        self._clients: dict[str, Any] = {}
        self._ready = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "embedded_cloud.cli", "up", "--template", str(template), "--data-dir",
             str(data_dir), "--port", "0", "--websocket-port", "0", "--aws-port", "0", "--stripe-port", "0",
             "--mailbox-port", "0", *([] if fsync else ["--no-fsync"]), *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        threading.Thread(target=self._read_output, daemon=True).start()
        if not self._ready.wait(ready_seconds) or self.process.poll() is not None:
            self.stop()
            raise RuntimeError("the embedded cloud did not start:\n" + "\n".join(self.logs.lines[-50:]))
        endpoints = json.loads((data_dir / "endpoints.json").read_text())
        self.http_url, self.websocket_url = endpoints["http"], endpoints["websocket"]
        self.aws_url, self.stripe_url = endpoints["aws"], endpoints["stripe"]
        self.mailbox_url = endpoints["mailbox"]
        self.deployment = Deployment.load(data_dir / "deployment.json")

    def _read_output(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.logs.add(line.rstrip("\n"))
            if READY_LINE in line:
                self._ready.set()
        self._ready.set()  # the process ended

    def client(self, service: str) -> Any:
        """The cloud's client of an AWS service, made once: making one (its endpoint rules, its TLS context) cost
        more CPU than most calls through it, and the helpers asked for one per publish, read or drain. boto3's
        clients are thread-safe."""
        if service not in self._clients:
            self._clients[service] = boto3.client(service, endpoint_url=self.aws_url, region_name="us-east-1",
                                                  aws_access_key_id="test", aws_secret_access_key="test")
        return self._clients[service]

    def function_named(self, logical_id: str) -> str:
        return self.deployment.function_by_logical_id(logical_id).name

    def log_file_lines(self, function_name: str) -> list[str]:
        """What `up` kept in the function's log file (START/END/REPORT included), each line without its time."""
        path = log_file(self.data_dir / LOG_DIR, function_name)
        text = path.read_text() if path.exists() else ""
        return [line.split(" ", 1)[1] for line in text.splitlines()]

    def kill(self) -> None:
        """`kill -9` of the whole platform (the process and every process it started, Lambda workers included),
        as a power cut or the OOM killer would: nothing gets to save or flush anything."""
        pids = [self.process.pid, *_descendants(self.process.pid)]
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(60)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _descendants(root: int) -> list[int]:
    """Every process below `root`, read from /proc (parent ids), children before grandchildren."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        for child in children.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found
