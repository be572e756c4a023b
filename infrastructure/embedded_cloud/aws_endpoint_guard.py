"""The AWS endpoint (moto) answers programs on this machine, never a web page.

moto checks no signature: whoever reaches its port reads and writes every table, queue and user, and the
functions' environments with the Stripe secrets. A web page open in the developer's browser reaches 127.0.0.1
too, but a browser always says so: `Origin` on anything but a plain GET, `Sec-Fetch-Site` on every request
(current browsers); boto3, the AWS CLI and the functions send neither. So moto sends no CORS headers
(MOTO_DISABLE_GLOBAL_CORS, read when moto is imported; `no_cors_headers()` also covers an earlier import) and
a request with either header is refused with 403, except the SPA's own presigned S3 upload: a multipart form
POST to a bucket, from the HTTP gateway's origin.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable
from typing import Any

os.environ["MOTO_DISABLE_GLOBAL_CORS"] = "true"

REFUSAL = b'{"message": "The AWS endpoint does not answer web pages (the request came from a browser)"}'


def no_cors_headers() -> None:
    """Make sure moto's apps are built without flask-cors, even if moto was imported before this module."""
    from moto.moto_server import werkzeug_app

    werkzeug_app.DISABLE_GLOBAL_CORS = True  # type: ignore[attr-defined]


def refused(environ: dict[str, Any], upload_origins: Collection[str]) -> bool:
    """Whether a request to the AWS endpoint comes from a web page (other than the SPA's upload)."""
    origin = environ.get("HTTP_ORIGIN")
    if origin is None and "HTTP_SEC_FETCH_SITE" not in environ:
        return False
    spa_upload = (origin in upload_origins and environ.get("REQUEST_METHOD") == "POST"
                  and environ.get("CONTENT_TYPE", "").startswith("multipart/form-data")
                  and environ.get("PATH_INFO", "").strip("/").count("/") == 0)
    return not spa_upload


class RefuseBrowsers:
    """WSGI middleware: a 403 for `refused` requests, before they reach moto."""

    def __init__(self, app: Callable[..., Iterable[bytes]], upload_origins: Collection[str] = ()) -> None:
        self.app = app
        self.upload_origins = set(upload_origins)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if refused(environ, self.upload_origins):
            start_response("403 Forbidden", [("Content-Type", "application/json"),
                                             ("Content-Length", str(len(REFUSAL)))])
            return [REFUSAL]
        return self.app(environ, start_response)
