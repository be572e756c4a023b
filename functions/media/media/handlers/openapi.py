"""GET /media/openapi.json: the media API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import get_media, request_upload

ROUTERS = [request_upload.router, get_media.router]

handler = http.entrypoint(http.create_app("media", *ROUTERS))
