"""The zygote: one pre-initialised Python process that Lambda workers are forked from, as Lambda SnapStart
restores an execution environment from a snapshot taken after its init.

A worker started as a fresh interpreter spends 300-700 ms importing what nearly every function imports (boto3
and botocore, pydantic, aws_lambda_powertools, pynamodb), then 70-90 ms of CPU parsing botocore's data files
for its first AWS client. The zygote (`lambda_worker.py --zygote`) does both once; each worker is then an
`os.fork` of it that takes its function's environment, sys.path and working directory and imports its
handler. The libraries' pages stay shared, copy-on-write, between the zygote and every worker.

The zygote holds installed libraries only: no function's or layer's code (so an edited function needs no
restart), no client, session, socket or thread (of botocore, parsed data files only). Its imports saw only the
environment every function shares; what they read of it comes back with "ready", and a function whose
environment differs on one of those variables starts in a fresh interpreter instead (`can_serve` says no).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import IO

# What (nearly) every function of the platform imports, heaviest first, and stripe (one context's, but the
# heaviest). Chosen by measuring: the imports of a kernel-layer HTTP handler cost about 370 ms, of which these are
# all but about 20.
PRELOAD = (
    "stripe",  # ticketing's checkout, refunds and webhook: 0.3-1.5 s of a cold start imported lazily at first use
    "boto3",
    "botocore.session",
    "botocore.client",
    "pydantic",
    "aws_lambda_powertools",
    "aws_lambda_powertools.logging",
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.event_handler.openapi.models",
    "aws_lambda_powertools.event_handler.openapi.params",
    "aws_lambda_powertools.event_handler.openapi.dependant",
    "aws_lambda_powertools.event_handler.openapi.encoders",
    "aws_lambda_powertools.event_handler.middlewares.openapi_validation",
    "aws_lambda_powertools.event_handler.router",
    "aws_lambda_powertools.logging.correlation_paths",
    "aws_lambda_powertools.utilities.batch",
    "aws_lambda_powertools.utilities.idempotency",
    "aws_lambda_powertools.utilities.idempotency.persistence.dynamodb",
    "pynamodb.models",
    "pynamodb.connection",
    "pynamodb.attributes",
    "pynamodb.indexes",
    "pynamodb.transactions",
    "jwt",
    "jwt.algorithms",
    # what handlers still imported after the above (measured on ticketing's checkout)
    "aws_lambda_powertools.utilities.parameters",
    "aws_lambda_powertools.utilities.parameters.ssm",
    "boto3.dynamodb.conditions",
    "pydantic.functional_serializers",
    # kernel.events' contract check, imported at the first event of every consumer and outbox relay: 70-80 ms of
    # CPU in each of their cold starts (~15 functions per cloud, more workers when events come in bursts)
    "jsonschema",
    "referencing",
)
# The AWS services the platform's functions call: botocore's models of them are parsed once, in the zygote.
SERVICES = ("dynamodb", "events", "sqs", "stepfunctions", "s3", "ssm", "cognito-idp", "apigatewaymanagementapi")
READY_TIMEOUT_SECONDS = 60.0  # a loaded machine; on failure workers start as fresh interpreters instead


class ForkedProcess:
    """A worker the zygote forked, with Popen's `pid`, `returncode` and `wait`: the zygote reaps it and
    reports its exit status."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._exited = threading.Event()

    def wait(self, timeout: float | None = None) -> int:
        if not self._exited.wait(timeout):
            raise subprocess.TimeoutExpired(f"lambda worker {self.pid}", timeout or 0)
        assert self.returncode is not None
        return self.returncode

    def ended(self, returncode: int) -> None:
        self.returncode = returncode
        self._exited.set()


class Zygote:
    def __init__(
        self,
        worker_script: Path,
        environment: Mapping[str, str],
        preload: Sequence[str] = PRELOAD,
        services: Sequence[str] = SERVICES,
    ) -> None:
        self._control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-u", "-X", "utf8", str(worker_script), "--zygote", str(theirs.fileno()),
                 *preload, "--", *services],
                env=dict(environment),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        except BaseException:
            self._control.close()
            raise
        finally:
            theirs.close()
        self._ready = threading.Event()
        self._environment_read: dict[str, str | None] | None = None
        self._spawned: queue.Queue[ForkedProcess | None] = queue.Queue()
        self._children: dict[int, ForkedProcess] = {}
        self._spawning = threading.Lock()  # one request at a time: the zygote answers them in order
        threading.Thread(target=self._read, name="lambda-zygote", daemon=True).start()

    def can_serve(self, environment: Mapping[str, str]) -> bool:
        """Whether a worker with `environment` may be forked from here: the zygote is up, and its imports saw
        the value this environment gives every variable they read."""
        if not self._ready.wait(READY_TIMEOUT_SECONDS) or self._environment_read is None:
            return False
        return all(environment.get(key) == value for key, value in self._environment_read.items())

    def spawn(
        self, environment: Mapping[str, str], cwd: Path, paths: Sequence[str], marker: str, channel: socket.socket
    ) -> tuple[ForkedProcess, IO[bytes]] | None:
        """Fork a worker serving `channel`; its stdout and stderr are the returned stream. None if the zygote
        has gone."""
        output, theirs = os.pipe()
        try:
            request = {"environment": dict(environment), "cwd": str(cwd), "paths": list(paths), "marker": marker}
            with self._spawning:
                socket.send_fds(self._control, [json.dumps(request).encode()], [channel.fileno(), theirs])
                process = self._spawned.get()
        except OSError:
            process = None
        finally:
            os.close(theirs)
        if process is None:
            os.close(output)
            return None
        return process, os.fdopen(output, "rb")

    def close(self) -> None:
        with suppress(OSError):
            self._control.shutdown(socket.SHUT_RDWR)  # the zygote reads the end and exits
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _read(self) -> None:
        try:
            while message := self._control.recv(1 << 20):
                self._handle(json.loads(message))
        except OSError:
            pass
        finally:
            self._ready.set()
            self._spawned.put(None)
            for process in self._children.values():  # orphans now: nobody would report their end
                with suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.ended(-signal.SIGKILL)
            self._control.close()

    def _handle(self, message: dict) -> None:
        if "ready" in message:
            self._environment_read = message["ready"]
            self._ready.set()
        elif "spawned" in message:
            process = ForkedProcess(message["spawned"])
            self._children[process.pid] = process  # before its end can be read: both come on this thread
            self._spawned.put(process)
        elif "exited" in message and (process := self._children.pop(message["exited"], None)):
            process.ended(message["returncode"])
