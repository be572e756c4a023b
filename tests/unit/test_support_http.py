"""The tests' HTTP client (support/http.py) keeps a connection per thread and server alive, replaces one the server
closed without sending a request twice, and follows redirects as urllib did: against a real local HTTP/1.1 server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from support.http import call


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.connections: list[int] = []  # the client port of each request, in order
        self.requests: list[tuple[str, str, bytes]] = []
        self.closed = threading.Event()  # the server has closed a connection (after its handler returned)

    def shutdown_request(self, request: object) -> None:
        super().shutdown_request(request)  # type: ignore[arg-type]
        self.closed.set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Recorder

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.server.connections.append(self.client_address[1])
        self.server.requests.append((self.command, self.path, body))
        status, headers = 200, {}
        if self.path.startswith("/redirect"):
            status, headers = int(self.path.rsplit("/", 1)[1]), {"Location": "/landed"}
        closing = self.path == "/close-after"
        if closing:
            headers["Connection"] = "close"
        answer = f"{self.command} {self.path}".encode()
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(answer))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer)
        # /drop-after: the server forgets the connection without saying so (as at its idle timeout)
        self.close_connection = closing or self.path == "/drop-after"

    do_GET = do_POST = do_HEAD = _answer


@pytest.fixture
def server() -> Iterator[Recorder]:
    recorder = Recorder()
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    yield recorder
    recorder.shutdown()
    recorder.server_close()


def _url(server: Recorder) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_calls_of_one_thread_share_one_connection(server: Recorder) -> None:
    for _ in range(3):
        assert call(_url(server), "GET", "/a")[0] == 200
    assert len(set(server.connections)) == 1


def test_each_thread_has_a_connection_of_its_own(server: Recorder) -> None:
    call(_url(server), "GET", "/main")
    other = threading.Thread(target=call, args=(_url(server), "GET", "/other"))
    other.start()
    other.join()
    assert len(set(server.connections)) == 2


@pytest.mark.parametrize("path", ["/close-after", "/drop-after"])
def test_a_connection_the_server_closed_is_replaced_and_no_request_is_sent_twice(server: Recorder, path: str) -> None:
    call(_url(server), "GET", path)
    # as at an idle timeout: the server closed it meanwhile, not while the next request is on its way
    assert server.closed.wait(10), "the server did not close the connection"
    status, _, raw = call(_url(server), "POST", "/next", {"n": 1})
    assert (status, raw) == (200, b"POST /next")
    assert [r[1] for r in server.requests] == [path, "/next"]
    assert len(set(server.connections)) == 2


def test_a_redirect_of_a_get_is_followed_and_a_307_of_a_post_is_answered(server: Recorder) -> None:
    status, _, raw = call(_url(server), "GET", "/redirect/302")
    assert (status, raw) == (200, b"GET /landed")
    status, headers, _ = call(_url(server), "POST", "/redirect/307", {"n": 1})
    assert (status, headers["Location"]) == (307, "/landed")
    status, _, raw = call(_url(server), "POST", "/redirect/303", {"n": 1})
    assert (status, raw) == (200, b"GET /landed")
    assert server.requests[-1] == ("GET", "/landed", b"")
