"""moto's server, in this process, with every request serialised by one lock, and none from a web page.

moto's backends are plain dicts mutated without locks: two concurrent requests corrupt DynamoDB
("dictionary changed size during iteration", acknowledged writes lost). One lock makes the server
single-file; code of ours that touches backends directly takes the same lock (`backend_lock`).
A thread that must wait on other requests while holding the lock (a Lambda invoked by moto whose handler
calls back into moto) steps out of it with `lock_released`.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from .aws_endpoint_guard import RefuseBrowsers, no_cors_headers  # first: it sets MOTO_DISABLE_GLOBAL_CORS
from .invoke_endpoint import InvokeEndpoint

_lock = threading.Lock()
_holder = threading.local()
_changes = 0  # requests served that may have changed moto's state (see `changes`)
# The journal (`durable`): what a request changed is recorded under the lock (commit() -> ticket), and the response
# leaves once it is on disk (sync(ticket)), outside the lock so that one fsync serves many requests.
journal_hooks: tuple[Callable[[], Any], Callable[[Any], None]] | None = None

# Actions that only read: a request that is none of these counts as a change (a periodic snapshot is skipped while
# the count stands still). JSON-protocol actions by name; REST services (S3, Lambda, Cognito's JWKS) by method.
_READ_PREFIXES = ("Get", "Describe", "List", "BatchGet", "Query", "Scan", "TransactGet")
_READ_METHODS = ("GET", "HEAD", "OPTIONS")


def changes() -> int:
    """How many requests that may have changed state moto has served (it only grows)."""
    return _changes


def _reads_only(environ: dict) -> bool:
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target.rsplit(".", 1)[-1].startswith(_READ_PREFIXES)
    return environ.get("REQUEST_METHOD") in _READ_METHODS


def holds_lock() -> bool:
    """Whether this thread holds the moto lock (inside a request, or our own code's `backend_lock`)."""
    return getattr(_holder, "held", False)


def after_release(action: Callable[[], None]) -> None:
    """Run `action` once this thread has let go of the moto lock (at once if it does not hold it): a wake-up
    for a poller that would otherwise wake, mid-request, only to wait for the lock."""
    if not getattr(_holder, "held", False):
        action()
        return
    pending = getattr(_holder, "pending", None)
    if pending is None:
        pending = _holder.pending = {}
    pending[action] = None  # once each, in order


def _run_pending() -> None:
    pending = getattr(_holder, "pending", None)
    if pending:
        _holder.pending = None
        for action in pending:
            action()


@contextmanager
def backend_lock() -> Iterator[None]:
    """Hold the moto lock (re-entrant for the thread that already holds it)."""
    if getattr(_holder, "held", False):
        yield
        return
    try:
        with _lock:
            _holder.held = True
            try:
                yield
            finally:
                _holder.held = False
    finally:
        _run_pending()


@contextmanager
def changing() -> Iterator[None]:
    """Our own code changing moto's state in this process as a request would: under the lock, counted as a
    change, and journalled (the commit written under the lock, on disk before this returns)."""
    global _changes
    hooks, ticket = journal_hooks, None
    with backend_lock():
        _changes += 1
        yield
        if hooks is not None:
            ticket = hooks[0]()
    if ticket is not None:
        hooks[1](ticket)


@contextmanager
def lock_released() -> Iterator[None]:
    """Let other requests in while this thread waits on them; take the lock back afterwards."""
    if not getattr(_holder, "held", False):
        yield
        return
    _holder.held = False
    _lock.release()
    _run_pending()
    try:
        yield
    finally:
        _lock.acquire()
        _holder.held = True


class SerialisedApp:
    """WSGI middleware: one request at a time through moto, the response body included."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Any) -> list[bytes]:
        global _changes
        hooks, ticket = journal_hooks, None
        _read_body_ahead(environ)
        with backend_lock():
            if not _reads_only(environ):
                _changes += 1
            # Materialise the body inside the lock: moto builds some bodies lazily from live state.
            body = list(self.app(environ, start_response))
            if hooks is not None:
                ticket = hooks[0]()
        if ticket is not None:
            hooks[1](ticket)  # werkzeug sends the status line with the first bytes of the body, after this
        return body


def _read_body_ahead(environ: dict) -> None:
    """The request's body read from its connection before the lock is taken: a client that sends its headers
    and its body in two writes (urllib3 does) would otherwise have every other request wait, under the lock, for
    its second write to arrive. A chunked body (no Content-Length) is still read by moto, under the lock."""
    length = environ.get("CONTENT_LENGTH")
    if length and not environ.get("wsgi.input_terminated"):
        environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(int(length)))


class MotoServer:
    """moto on one port, serialised, with our fixes installed before the first request."""

    def __init__(self, host: str = "127.0.0.1", port: int = 4566) -> None:
        self.host = host
        self.port = port
        self.upload_origins: set[str] = set()  # where the SPA's presigned S3 uploads come from (aws_endpoint_guard)
        self.invoke_endpoint = InvokeEndpoint()  # `eventonight invoke`'s, outside the lock
        self._server: BaseWSGIServer | None = None
        self.app: Any = None  # what the port serves, for the clients in this process (`in_process`)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        from . import moto_fixes
        from .keep_alive import KeepAliveRequestHandler

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        no_cors_headers()
        moto_fixes.install_all()
        moto = SerialisedApp(DomainDispatcherApplication(create_backend_app))
        app = RefuseBrowsers(self.invoke_endpoint.wrapping(moto))
        app.upload_origins = self.upload_origins  # filled in once the HTTP gateway's address is known
        self.app = app
        self._server = make_server(self.host, self.port, app, threaded=True, request_handler=KeepAliveRequestHandler)
        self.port = self._server.server_address[1]
        # moto's Step Functions interpreter calls other services through this port.
        os.environ["MOTO_PORT"] = str(self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
