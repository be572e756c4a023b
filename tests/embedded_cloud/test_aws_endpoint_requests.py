"""The AWS endpoint's own request reader (keep_alive) gives the application what werkzeug's server gave it, and
reads requests however they arrive: split across packets, pipelined, large, or malformed."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from embedded_cloud.keep_alive import KeepAliveRequestHandler
from embedded_cloud.moto_server import MotoServer
from moto.core.request import PRESERVED_HEADER_NAMES_ENVIRON_KEY
from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.serving import BaseWSGIServer, make_server

REQUESTS = [
    b"POST / HTTP/1.1\r\nHost: 127.0.0.1:4566\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n"
    b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}",
    b"GET /bucket/a%20key%C3%A9?list-type=2&prefix=x%2Fy HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"PUT /bucket/key HTTP/1.1\r\nHost: localhost\r\nx-amz-meta-my_key: one\r\nx-amz-meta-other: two\r\n"
    b"X-Amz-Meta-Other: three\r\nAccept: a\r\nAccept: b\r\nX_Spoofed: no\r\nContent-Length: 5\r\n\r\nhello",
    b"GET http://example.test:9000/path?q=1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: localhost\r\nX-Folded: first\r\n  second\r\nContent-Length: 0\r\n\r\n",
    b"GET /plain HTTP/1.0\r\nHost: localhost\r\n\r\n",
    b"DELETE /some/path/ HTTP/1.1\nHost: localhost\nX-Empty:\n\n",
    b"GET //twice//slashed HTTP/1.1\r\nHost: localhost\r\n\r\n",
]


def echo(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The environ's plain values and the body read whole, as JSON."""
    seen = {key: value for key, value in environ.items()
            if isinstance(value, str | int | bool) and key != "REMOTE_PORT"}
    seen["preserved"] = environ.get(PRESERVED_HEADER_NAMES_ENVIRON_KEY)
    seen["body"] = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode("latin1")
    body = json.dumps(seen, sort_keys=True).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def serving(handler: type) -> Iterator[BaseWSGIServer]:
    server = make_server("127.0.0.1", 0, echo, threaded=True, request_handler=handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def ours() -> Iterator[BaseWSGIServer]:
    yield from serving(KeepAliveRequestHandler)


@pytest.fixture(scope="module")
def werkzeugs() -> Iterator[BaseWSGIServer]:
    yield from serving(MotoRequestHandler)


def connect(server: BaseWSGIServer) -> socket.socket:
    connection = socket.create_connection(server.server_address[:2], timeout=30)
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


class Reader:
    """Responses read off a connection, one by one, to their Content-Length."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection, self.buffer = connection, b""

    def _fill(self) -> None:
        chunk = self.connection.recv(1 << 16)
        assert chunk, "the server closed the connection"
        self.buffer += chunk

    def response(self) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status, *lines = head.decode("latin1").split("\r\n")
        headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in lines)}
        length = int(headers.get("content-length", 0))
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(status.split()[1]), headers, body

    def closed(self) -> bool:
        return not self.buffer and self.connection.recv(1) == b""


def environ_of(server: BaseWSGIServer, request: bytes) -> dict[str, Any]:
    with connect(server) as connection:
        connection.sendall(request)
        status, _, body = Reader(connection).response()
    assert status == 200, body
    seen = json.loads(body)
    seen.pop("SERVER_PORT")
    return seen


@pytest.mark.parametrize("request_bytes", REQUESTS, ids=range(len(REQUESTS)))
def test_the_application_gets_the_environ_werkzeug_gave_it(
        ours: BaseWSGIServer, werkzeugs: BaseWSGIServer, request_bytes: bytes) -> None:
    ours_seen, werkzeugs_seen = environ_of(ours, request_bytes), environ_of(werkzeugs, request_bytes)
    werkzeugs_seen.pop("wsgi.input_terminated", None)  # ours reads every body ahead: its stream ends with it
    assert ours_seen.pop("wsgi.input_terminated") is True
    assert ours_seen == werkzeugs_seen


def test_a_request_split_across_packets_is_read_whole(ours: BaseWSGIServer) -> None:
    with connect(ours) as connection:
        for byte in REQUESTS[2]:
            connection.send(bytes([byte]))
        status, _, body = Reader(connection).response()
    assert status == 200
    assert json.loads(body)["body"] == "hello"


def test_pipelined_requests_are_answered_in_order_on_one_connection(ours: BaseWSGIServer) -> None:
    with connect(ours) as connection:
        connection.sendall(REQUESTS[2] + REQUESTS[0] + REQUESTS[2])
        reader = Reader(connection)
        bodies = [json.loads(reader.response()[2])["body"] for _ in range(3)]
    assert bodies == ["hello", "{}", "hello"]


def test_a_large_body_is_read_to_its_length_and_the_connection_serves_the_next(ours: BaseWSGIServer) -> None:
    large = bytes(range(256)) * 12_000  # 3 MB, many reads
    with connect(ours) as connection:
        connection.sendall(b"POST /big HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n" % len(large))
        connection.sendall(large + REQUESTS[0])
        reader = Reader(connection)
        assert json.loads(reader.response()[2])["body"] == large.decode("latin1")
        assert json.loads(reader.response()[2])["body"] == "{}"


@pytest.mark.parametrize("request_bytes", [
    b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: two\r\n\r\n{}",
    b"POST / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n",
], ids=["content-length", "header-line"])
def test_a_malformed_request_is_answered_400_and_its_connection_closed(
        ours: BaseWSGIServer, request_bytes: bytes) -> None:
    with connect(ours) as connection:
        connection.sendall(request_bytes)
        reader = Reader(connection)
        status, headers, _ = reader.response()
        assert (status, headers["connection"]) == (400, "close")
        assert reader.closed()


def answer_of(server: BaseWSGIServer, request: bytes) -> bytes:
    """Everything the server sends before it closes the connection, its Date line left out."""
    with connect(server) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(1 << 16):
            received += chunk
    return re.sub(rb"Date: [^\r]*\r\n", b"", received)


@pytest.mark.parametrize("request_line", [b"GET / HTTP/1.1 more", b"GET / HTTP/2.0", b"POST /", b"GET / HTTP/1.x",
                                          b"X" * 70_000])
def test_an_unusual_request_line_gets_http_servers_answer(
        ours: BaseWSGIServer, werkzeugs: BaseWSGIServer, request_line: bytes) -> None:
    request = request_line + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    assert answer_of(ours, request) == answer_of(werkzeugs, request)


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServer]:
    server = MotoServer(port=0)
    server.start()
    yield server
    server.stop()


def test_a_large_s3_upload_waits_for_100_continue_and_reads_back(moto: MotoServer) -> None:
    s3 = boto3.client("s3", endpoint_url=moto.url, region_name="us-east-1", aws_access_key_id="test",
                      aws_secret_access_key="test")
    s3.create_bucket(Bucket="requests-large-body")
    content = bytes(range(256)) * 8_000  # 2 MB: botocore sends Expect: 100-continue above 1 MB
    s3.put_object(Bucket="requests-large-body", Key="blob", Body=content)
    assert s3.get_object(Bucket="requests-large-body", Key="blob")["Body"].read() == content
    s3.delete_object(Bucket="requests-large-body", Key="blob")
    s3.delete_bucket(Bucket="requests-large-body")
