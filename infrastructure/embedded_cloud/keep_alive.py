"""HTTP/1.1 keep-alive on the AWS endpoint: one TCP connection (and one server thread) per client connection.

werkzeug's development server answers every request with `Connection: close` (its WSGI runner drains whatever
follows a request for 10 ms, which would eat a kept-alive client's next request), so every AWS call of the
platform, its functions and moto's own Step Functions opened a new connection and the server started a new
thread for it. Here a request's body is read exactly to its Content-Length and the response carries its own
Content-Length, so the connection can serve the next request. A chunked request, or a client that asks for it,
still closes the connection.
"""

from __future__ import annotations

import logging
from typing import Any

from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.wsgi import LimitedStream

NO_BODY_STATUSES = (204, 304)
log = logging.getLogger(__name__)
_werkzeug_log = logging.getLogger("werkzeug")


class KeepAliveRequestHandler(MotoRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm a kept-alive client waits out its delayed ACK
    # (40 ms) for the second one.
    disable_nagle_algorithm = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # werkzeug formats (and colours) every request's line before its logger drops it: only when it is shown.
        if _werkzeug_log.isEnabledFor(logging.INFO):
            super().log_request(code, size)

    def run_wsgi(self) -> None:
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.environ = environ = self.make_environ()
        body: LimitedStream | None = None
        if environ.get("wsgi.input_terminated"):  # chunked: werkzeug's dechunker; the end is not ours to find
            self.close_connection = True
        else:
            body = LimitedStream(self.rfile, int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = body
        response: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            response["status"], response["headers"] = status, headers
            return lambda data: response.setdefault("written", []).append(data)

        try:
            chunks = self.server.app(environ, start_response)
            try:
                content = b"".join([*response.get("written", []), *chunks])
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except Exception:
            # The client gets moto's failure as a 500, as werkzeug's own handler answered it, not a dropped line.
            log.exception("the AWS endpoint failed on %s %s", self.command, self.path)
            response = {"status": "500 Internal Server Error", "headers": [("Content-Type", "text/plain")]}
            content = b"Internal Server Error"
            self.close_connection = True
        if body is not None:
            body.exhaust()  # what the application did not read, so the next request starts where it should
        self._respond(response["status"], response["headers"], content)

    def _respond(self, status: str, headers: list[tuple[str, str]], content: bytes) -> None:
        code_text, _, message = status.partition(" ")
        code = int(code_text)
        self.send_response(code, message)
        head = self.command == "HEAD"  # its Content-Length is the one a GET would have: the application's
        for name, value in headers:
            if name.lower() in ("connection", "transfer-encoding") or (name.lower() == "content-length" and not head):
                continue  # ours to set: the body is whole
            self.send_header(name, value)
        if not head and code not in NO_BODY_STATUSES and not 100 <= code < 200:
            self.send_header("Content-Length", str(len(content)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head and code not in NO_BODY_STATUSES:
            self.wfile.write(content)
        self.wfile.flush()
