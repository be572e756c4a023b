"""HTTP/1.1 keep-alive on the AWS endpoint: one TCP connection (and one server thread) per client connection.

werkzeug's development server answers every request with `Connection: close` (its WSGI runner drains whatever
follows a request for 10 ms, which would eat a kept-alive client's next request), so every AWS call of the
platform, its functions and moto's own Step Functions opened a new connection and the server started a new
thread for it. Here a request's body is read exactly to its Content-Length and the response carries its own
Content-Length, so the connection can serve the next request. A chunked request, or a client that asks for it,
still closes the connection.

Every AWS call of a function goes through here, so the common request (`METHOD /path HTTP/1.1`, well-formed
headers) is read without http.server's email parser and werkzeug's environ builder, which cost more CPU than
moto's own dispatch of a GetItem: its headers are split by hand into the environ werkzeug and moto's handler
would make, its body read whole before the application runs (outside moto's lock), and the answer, head and
body, leaves in one write. Any other request line goes through http.server's parser and its error answers.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from email.utils import formatdate
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote, urlsplit

from moto.core.request import (
    PRESERVED_HEADER_NAMES_ENVIRON_KEY,
    environ_key_for_header,
    should_preserve_original_header_name,
)
from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.http import parse_set_header
from werkzeug.serving import DechunkedInput

NO_BODY_STATUSES = (204, 304)
MAX_LINE = 65536  # http.server's and http.client's limits
MAX_HEADERS = 100
log = logging.getLogger(__name__)
_werkzeug_log = logging.getLogger("werkzeug")
_request_lines: dict[bytes, tuple[str, str, str, str, dict[str, str], str | None]] = {}
_header_keys: dict[str, str] = {}


class KeepAliveRequestHandler(MotoRequestHandler):
    protocol_version = "HTTP/1.1"
    # A response is one write, but the 100 Continue before it is another: no waiting for a delayed ACK.
    disable_nagle_algorithm = True
    _date: tuple[int, str] = (0, "")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # werkzeug formats (and colours) every request's line before its logger drops it: only when it is shown.
        if _werkzeug_log.isEnabledFor(logging.INFO):
            super().log_request(code, size)

    def setup(self) -> None:
        super().setup()
        # What every request on this connection has in its environ, as werkzeug's `make_environ` sets it.
        self._connection_environ = {
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.multithread": self.server.multithread, "wsgi.multiprocess": self.server.multiprocess,
            "wsgi.run_once": False, "werkzeug.socket": self.connection, "SERVER_SOFTWARE": self.server_version,
            "SCRIPT_NAME": "", "REMOTE_ADDR": self.client_address[0], "REMOTE_PORT": self.client_address[1],
            "SERVER_NAME": self.server.server_address[0], "SERVER_PORT": str(self.server.server_address[1]),
        }

    def handle_one_request(self) -> None:
        try:
            line = self.rfile.readline(MAX_LINE + 1)
            if not line:
                self.close_connection = True
                return
            request = _request_lines.get(line) or _request_line(line)
            if request is None:
                self._serve_as_http_server_does(line)
                return
            self.raw_requestline = line
            self.command, self.path, self.request_version, self.requestline, url_environ, host = request
            self.close_connection = self.request_version != "HTTP/1.1"
            environ = self._environ(url_environ, host)
            if environ is not None:
                self._serve(environ)
        except TimeoutError as error:
            self.log_error("Request timed out: %r", error)
            self.close_connection = True

    def _serve_as_http_server_does(self, line: bytes) -> None:
        """An unusual request line (HTTP/0.9 or 2, a missing version, an over-long line): http.server's parser
        answers it or reads its headers (and sends its 100 Continue)."""
        self.raw_requestline = line
        if len(line) > MAX_LINE:
            self.requestline = self.request_version = self.command = ""
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
        elif self.parse_request():
            self._serve(self.make_environ(), continued=True)

    def _environ(self, url_environ: dict[str, str], host: str | None) -> dict[str, Any] | None:
        """The request's headers read into the environ werkzeug's `make_environ` and moto's make of them (None if
        answered already: a header line too long, too many or malformed)."""
        lines: list[bytes] = []
        readline = self.rfile.readline
        while True:
            line = readline(MAX_LINE + 1)
            if len(line) > MAX_LINE:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", "header line")
                return None
            if line == b"\r\n" or line == b"\n" or not line:
                break
            if len(lines) >= MAX_HEADERS:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers",
                                f"got more than {MAX_HEADERS} headers")
                return None
            lines.append(line)
        texts = str(b"".join(lines), "iso-8859-1").split("\n")
        if not texts[-1]:
            texts.pop()
        fields: list[list[str]] = []  # [name, environ key or None (underscored), value]
        for text in texts:
            text = text.rstrip("\r")
            if text[:1] in (" ", "\t") and fields:  # a folded line continues the previous header
                fields[-1][2] += text
                continue
            name, colon, value = text.partition(":")
            key = _header_keys.get(name)
            if key is None:
                if not colon or not name or name != name.strip():
                    self.send_error(HTTPStatus.BAD_REQUEST, "Bad header line")
                    return None
                key = _header_key(name)
            elif not colon:
                self.send_error(HTTPStatus.BAD_REQUEST, "Bad header line")
                return None
            fields.append([name, key, value.lstrip(" \t")])
        environ = self._connection_environ.copy()
        environ.update(url_environ)
        preserved: dict[str, str] = {}
        for name, key, value in fields:
            if not key:  # werkzeug drops it; moto keeps S3's metadata, unless a dashed one has its key
                key = environ_key_for_header(name)
                if not should_preserve_original_header_name(name) or any(other[1] == key for other in fields):
                    continue
                preserved.setdefault(key, name)
            if key in environ and key[0] == "H":  # an HTTP_ header again: werkzeug joins them
                value = f"{environ[key]},{value}"
            environ[key] = value
        environ[PRESERVED_HEADER_NAMES_ENVIRON_KEY] = preserved
        if host is not None:
            environ["HTTP_HOST"] = host
        connection = environ.get("HTTP_CONNECTION", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive":
            self.close_connection = False
        return environ

    def _serve(self, environ: dict[str, Any], continued: bool = False) -> None:
        """Run the application on the request and answer it; `continued`: http.server sent the 100 Continue."""
        self.environ = environ
        if (not continued and self.request_version == "HTTP/1.1"
                and environ.get("HTTP_EXPECT", "").lower() == "100-continue"):
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if "chunked" in parse_set_header(environ.get("HTTP_TRANSFER_ENCODING")):
            # werkzeug's dechunker; the end is not ours to find
            environ["wsgi.input_terminated"] = True
            environ["wsgi.input"] = DechunkedInput(self.rfile)
            self.close_connection = True
        else:
            length = environ.get("CONTENT_LENGTH") or "0"
            if not length.isdigit():
                self.send_error(HTTPStatus.BAD_REQUEST, "Bad Content-Length")
                return
            # The whole body, before the application takes moto's lock: it is the stream's end.
            environ["wsgi.input"] = io.BytesIO(self.rfile.read(int(length)) if length != "0" else b"")
            environ["wsgi.input_terminated"] = True
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
        self._respond(response["status"], response["headers"], content)

    def _respond(self, status: str, headers: list[tuple[str, str]], content: bytes) -> None:
        """Status line, Server, Date, the application's headers and the body: what http.server's send_response,
        send_header and end_headers wrote, in one write."""
        code = int(status.partition(" ")[0])
        self.log_request(code)
        head = self.command == "HEAD"  # its Content-Length is the one a GET would have: the application's
        lines = [f"{self.protocol_version} {status}\r\nServer: {self.version_string()}\r\nDate: {self._now()}\r\n"]
        for name, value in headers:
            lowered = name.lower()
            if lowered in ("connection", "transfer-encoding") or (lowered == "content-length" and not head):
                continue  # ours to set: the body is whole
            lines.append(f"{name}: {value}\r\n")
        if not head and code not in NO_BODY_STATUSES and not 100 <= code < 200:
            lines.append(f"Content-Length: {len(content)}\r\n")
        if self.close_connection:
            lines.append("Connection: close\r\n")
        lines.append("\r\n")
        answer = "".join(lines).encode("latin-1", "strict")
        if not head and code not in NO_BODY_STATUSES:
            answer += content
        self.wfile.write(answer)

    @classmethod
    def _now(cls) -> str:
        """http.server's Date, formatted once a second."""
        second = int(time.time())
        if cls._date[0] != second:
            cls._date = (second, formatdate(second, usegmt=True))
        return cls._date[1]


def _request_line(line: bytes) -> tuple[str, str, str, str, dict[str, str], str | None] | None:
    """A common request line (`METHOD target HTTP/1.x`) read as http.server and werkzeug read it: the method,
    target, version, the line, the environ's entries of the URL, and the Host an absolute URL names. Remembered:
    a client sends the same few lines over and over. None for any other line."""
    words = line.split()
    if (len(line) > MAX_LINE or len(words) != 3 or words[2] not in (b"HTTP/1.1", b"HTTP/1.0")
            or not line.endswith(b"\n") or words[1].startswith(b"//")):
        return None
    command, path, version = (str(word, "iso-8859-1") for word in words)
    url = urlsplit(path)
    path_info = f"/{url.netloc}{url.path}" if not url.scheme and url.netloc else url.path
    url_environ = {"REQUEST_METHOD": command, "PATH_INFO": _latin1(unquote(path_info)),
                   "QUERY_STRING": _latin1(url.query), "REQUEST_URI": _latin1(path), "RAW_URI": _latin1(path),
                   "SERVER_PROTOCOL": version}
    request = (command, path, version, str(line, "iso-8859-1").rstrip("\r\n"), url_environ,
               url.netloc if url.scheme and url.netloc else None)
    if len(_request_lines) >= 256:
        _request_lines.clear()
    _request_lines[line] = request
    return request


def _header_key(name: str) -> str:
    """The environ key of a header name werkzeug keeps (remembered); "" for one with an underscore."""
    if "_" in name:
        return ""
    key = name.upper().replace("-", "_")
    if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        key = f"HTTP_{key}"
    if len(_header_keys) >= 1024:
        _header_keys.clear()
    _header_keys[name] = key
    return key


def _latin1(text: str) -> str:
    """werkzeug's `_wsgi_encoding_dance`: the UTF-8 bytes of `text` as latin-1 characters (as WSGI wants)."""
    return text if text.isascii() else text.encode().decode("latin1")
