"""GET /media/{key+} (public): the image stored under the key, or the default for its first segment.

Public names are never reused (a new upload gets a new name), so found images are cached for a year; a
default answers a key that has no image yet, so it is cached briefly. Uploads waiting to be checked and keys
that cannot be media (empty, '.' or '..' segments, odd characters) are 404, and so is an object that is not a JPEG,
PNG or WebP image; images go out with `Content-Security-Policy: sandbox` (security review L8).
The route's greedy path parameter is matched by a regular expression (the resolver has no `{key+}`), which
keeps it out of the OpenAPI document.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from aws_lambda_powertools.event_handler import Response
from kernel import http
from kernel.errors import NotFound

from .. import bucket, domain

router = http.router()
DEFAULTS = Path(__file__).parents[1] / "defaults"  # the defaults' keys, as files
DEFAULT_CACHE = "public, max-age=300"
SERVED_TYPES = ("image/jpeg", "image/png", "image/webp")


@router.get("/media/(.+)", include_in_schema=False)  # a group: matched after fixed routes
def get_media():  # type: ignore[no-untyped-def]  # a return annotation would make the resolver serialize the image
    key = router.current_event.path_parameters["key"]
    if not domain.is_public_key(key):
        raise NotFound("No such media")
    found = bucket.read(bucket.name(), key)
    if found is None:
        return _image(_default(domain.default_for(key)), "image/png", DEFAULT_CACHE)
    content_type = (found.content_type or "").split(";")[0].strip().lower()
    if content_type not in SERVED_TYPES:  # whatever else got into the bucket is never served from our origin
        raise NotFound("No such media")
    return _image(found.body or b"", content_type, bucket.PUBLIC_CACHE, ETag=f'"{found.etag}"')


@cache
def _default(key: str) -> bytes:
    return (DEFAULTS / key).read_bytes()


def _image(body: bytes, content_type: str, cache_control: str, **headers: str) -> Response:
    return Response(status_code=200, content_type=content_type, body=body,
                    headers={"Cache-Control": cache_control, "X-Content-Type-Options": "nosniff",
                             "Content-Security-Policy": "sandbox", **headers})


handler = http.entrypoint(http.create_app("media", router))
