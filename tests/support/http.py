"""Plain HTTP calls to the embedded cloud's gateway, answering (status, headers, body).

Each thread keeps one connection per server alive between calls, as a browser does: urllib opened a connection per
call, which cost the test ~0.25 ms and the gateway ~0.3 ms of CPU each, over tens of thousands of calls a run. A
kept connection the server has closed meanwhile (its idle timeout, a restarted cloud) is noticed before it is used
(readable with nothing to read) and replaced; a request is never sent twice. Redirects are followed as urllib did.
"""

from __future__ import annotations

import http.client
import json
import select
import sys
import threading
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

USER_AGENT = f"Python-urllib/{sys.version_info[0]}.{sys.version_info[1]}"
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 10  # urllib's
_kept = threading.local()


def call(base_url: str, method: str, path: str, body: Any = None,
         headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    sent = {"content-type": "application/json", **(headers or {})}
    url = base_url + path
    for _ in range(MAX_REDIRECTS + 1):
        status, answer_headers, raw = _exchange(url, method, data, sent)
        location = answer_headers.get("location")
        if status not in REDIRECTS or not location or not _followed(status, method):
            return status, answer_headers, raw
        # as urllib: the next request is a GET (HEAD stays HEAD) without the body and its headers
        url, method, data = urljoin(url, location), "HEAD" if method == "HEAD" else "GET", None
        sent = {k: v for k, v in sent.items() if k.lower() not in ("content-type", "content-length")}
    return status, answer_headers, raw


def _followed(status: int, method: str) -> bool:
    return method in ("GET", "HEAD") or (status in (301, 302, 303) and method == "POST")


def _exchange(url: str, method: str, data: bytes | None, headers: dict[str, str]) -> tuple[int, Message, bytes]:
    parts = urlsplit(url)
    connection = _connection(parts.scheme, parts.netloc)
    target = parts.path + (f"?{parts.query}" if parts.query else "") or "/"
    try:
        connection.request(method, target, body=data, headers={"User-Agent": USER_AGENT, **headers})
        response = connection.getresponse()
        raw = response.read()
    except BaseException:
        connection.close()
        raise
    if response.will_close:
        connection.close()
    return response.status, response.msg, raw


def _connection(scheme: str, netloc: str) -> http.client.HTTPConnection:
    """This thread's kept connection to the server, or a new one if it has none or the server closed it."""
    connections: dict[tuple[str, str], http.client.HTTPConnection] = _kept.__dict__.setdefault("connections", {})
    kept = connections.get((scheme, netloc))
    if kept is not None and kept.sock is not None and not _closed_by_server(kept):
        return kept
    if kept is not None:
        kept.close()
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    connection = connections[(scheme, netloc)] = kind(netloc, timeout=60)
    return connection


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """An idle kept connection is readable only when the server closed it (or broke the protocol)."""
    poller = select.poll()  # not select.select: a worker with many sockets may hold descriptors past 1024
    poller.register(connection.sock, select.POLLIN)
    return bool(poller.poll(0))
