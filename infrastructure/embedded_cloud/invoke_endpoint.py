"""`eventonight invoke` runs a function in the running platform, in a new worker, through the AWS endpoint.

`POST /_eventonight/invoke/<FunctionName>` with the event as the body: the platform's Lambda runtime starts a
new worker for the function (forked from its zygote, which holds installed libraries only, so the handler, its
package and the layers are imported from disk now: the code as it is, not as a warm worker imported it), invokes
it once and stops it. The answer is JSON: the function's payload (text), its error type (null on success) and
the invocation's log lines, from the handler's import to REPORT; they reach the platform's own log too, as every
invocation's do. The worker is one of the function's, with its environment and sys.path only, under its Timeout
and MemorySize, as in `sam local invoke`; and the CLI stays a small process that imports no AWS library.

The endpoint sits before moto's lock (a handler calls back into moto) and behind its browser guard
(`aws_endpoint_guard`): like the rest of the AWS endpoint, it answers programs on this machine only.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlparse

PATH = "/_eventonight/invoke/"  # no AWS API's path: S3 bucket names cannot start with "_"


@dataclass(frozen=True)
class Reply:
    payload: str
    function_error: str | None
    logs: list[str]


class NoSuchFunction(LookupError):
    """The running platform has no function of that name (it runs another deployment than the data dir's)."""


class InvokeEndpoint:
    """The platform's side: WSGI middleware in front of moto; `runtime` is set once the Lambda runtime runs."""

    def __init__(self) -> None:
        self.runtime: Any = None  # a LambdaRuntime

    def wrapping(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        def route(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            if not environ.get("PATH_INFO", "").startswith(PATH):
                return app(environ, start_response)
            status, answer = self._answer(environ)
            body = json.dumps(answer).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]

        return route

    def _answer(self, environ: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        from .lambda_runtime import FunctionNotFound

        if environ.get("REQUEST_METHOD") != "POST":
            return "405 Method Not Allowed", {"message": "POST the event"}
        name = unquote(environ["PATH_INFO"][len(PATH):])
        event = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if self.runtime is None:
            return "503 Service Unavailable", {"message": "the Lambda runtime is not running yet"}
        logs: list[str] = []
        try:
            result = self.runtime.invoke(name, event, fresh=True, also_log=logs.append)
        except FunctionNotFound as error:
            return "404 Not Found", {"message": str(error)}
        except RuntimeError as error:  # shut down meanwhile
            return "503 Service Unavailable", {"message": str(error)}
        return "200 OK", {"payload": result.payload.decode("utf-8", "replace"),
                          "functionError": result.function_error, "logs": logs}


def invoke(aws_url: str, function_name: str, event: bytes) -> Reply:
    """The CLI's side. ConnectionError if nothing answers at `aws_url`; NoSuchFunction; RuntimeError for any other
    refusal."""
    status, raw = _post(aws_url, PATH + quote(function_name, safe=""), event)
    try:
        answer = json.loads(raw)
    except ValueError:  # not this endpoint's answer
        answer = {}
    if status == 404:
        raise NoSuchFunction(answer.get("message") or f"Function not found: {function_name}")
    if status != 200 or "payload" not in answer:
        raise RuntimeError(answer.get("message") or f"the platform answered {status}")
    return Reply(answer["payload"], answer["functionError"], answer["logs"])


def _post(url: str, path: str, body: bytes) -> tuple[int, bytes]:
    """One HTTP/1.1 POST on a connection closed after it: (status, body). Not http.client, whose imports (email,
    ssl) cost the CLI a third of its CPU. No timeout: the platform ends the invocation at the function's Timeout."""
    address = urlparse(url)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((host, port)) as connection:
        connection.sendall(head + body)
        chunks = []
        while chunk := connection.recv(1 << 16):
            chunks.append(chunk)
    response = b"".join(chunks)
    status_line, _, rest = response.partition(b"\r\n")
    _, _, content = rest.partition(b"\r\n\r\n")
    parts = status_line.split()
    if len(parts) < 2 or not parts[1].isdigit():
        raise ConnectionError(f"no HTTP answer from {url}")
    return int(parts[1]), content
