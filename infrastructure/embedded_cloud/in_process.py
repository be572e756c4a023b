"""boto3 clients of the platform's own moto that hand their requests to its WSGI app in this process.

A request through the AWS endpoint's socket costs its client and the server thread each an HTTP exchange and, on
2 cores, a switch of the GIL between them: the deploy's ~360 calls were about half of an empty start's CPU. The
request still goes through botocore (the same serialisation and validation) and through the whole app the port
serves (the lock, the journal, the browser guard, our fixes); only the socket is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from werkzeug.test import EnvironBuilder

WsgiApp = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


def route_to(client: Any, app: WsgiApp) -> Any:
    """`client`, with every request answered by `app` instead of over the network."""

    def send(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        url = urlsplit(request.url)
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        environ = EnvironBuilder(method=request.method, base_url=f"{url.scheme}://{url.netloc}", path=url.path,
                                 query_string=url.query, headers=_text_headers(request.headers),
                                 data=body or b"").get_environ()
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            answer["status"], answer["headers"] = int(status.split(" ", 1)[0]), dict(headers)

        chunks = app(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return AWSResponse(request.url, answer["status"], answer["headers"], MockRawResponse(content))

    client.meta.events.register("before-send", send)
    return client


def _text_headers(headers: Any) -> dict[str, str]:
    """botocore keeps some header values as bytes (X-Amz-Target); the socket would have sent their text."""
    return {name: value.decode() if isinstance(value, bytes) else value for name, value in headers.items()}
