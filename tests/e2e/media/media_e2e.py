"""Helpers of the media context's end-to-end tests (their fixtures are in conftest.py): images made with Pillow,
presigned uploads sent as a browser sends them, the bucket as an operator sees it, and the problem+json check
of api-conventions.md (domain events on the bus: support.bus)."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from PIL import Image
from support.platform import Platform, Response, User
from support.polling import eventually

PROBLEM_TYPES = "https://eventonight.dev/problems/"
RED, BLUE, GREEN = (220, 30, 40), (30, 40, 220), (30, 200, 60)


def assert_problem(response: Response, status: int) -> dict[str, Any]:
    """An RFC 9457 problem with this status."""
    assert response.status == status, (response.status, response.raw)
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json
    assert body["status"] == status and body["type"].startswith(PROBLEM_TYPES) and body["detail"], body
    return body  # type: ignore[no-any-return]


def banded_image(width: int, height: int, image_format: str = "PNG",
                 centre: tuple[int, int, int] = RED) -> bytes:
    """A landscape picture: red (or `centre`) in its centre square, a blue band on the left, a green one on the
    right."""
    image = Image.new("RGB", (width, height), centre)
    band = (width - height) // 2
    image.paste(BLUE, (0, 0, band, height))
    image.paste(GREEN, (width - band, 0, width, height))
    output = io.BytesIO()
    image.save(output, image_format)
    return output.getvalue()


def decoded(raw: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(raw))
    image.load()
    return image


def near(colour: object, expected: tuple[int, int, int], tolerance: int = 24) -> bool:
    """Whether a pixel of an RGB image has about the expected colour (JPEG is lossy)."""
    assert isinstance(colour, tuple), colour
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=False))


def post_form(url: str, fields: dict[str, str], content: bytes, content_type: str) -> int:
    """A multipart/form-data POST as a browser sends a presigned upload: the policy's fields, then the file."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="picture"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(url, data=b"".join(parts), method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status  # type: ignore[no-any-return]
    except urllib.error.HTTPError as error:
        return error.code


@dataclass
class Media:
    """The media API as the SPA uses it, and the bucket behind it as an operator sees it."""

    platform: Platform
    s3: Any
    bucket: str

    def request_upload(self, user: User | None, **body: Any) -> Response:
        return self.platform.request("POST", "/media/uploads", body, user=user)

    def upload(self, user: User, content: bytes, content_type: str = "image/png",
               field_overrides: dict[str, str] | None = None, **body: Any) -> str:
        """Ask for a presigned POST and send `content` with it; the upload's key."""
        response = self.request_upload(user, contentType=content_type, **body)
        assert response.status == 200, response.raw
        presigned = response.json
        fields = {**presigned["fields"], **(field_overrides or {})}
        assert post_form(presigned["url"], fields, content, content_type) in (200, 201, 204)
        return presigned["key"]  # type: ignore[no-any-return]

    def keys(self, prefix: str) -> list[str]:
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return [item["Key"] for item in listed.get("Contents", [])]

    def wait_until_handled(self, upload_key: str) -> None:
        """An upload is deleted once it has been checked, whatever the verdict."""
        eventually(lambda: not self.keys(upload_key), what=f"the upload {upload_key} to be handled")

    def get(self, url_or_path: str) -> Response:
        return self.platform.request("GET", url_or_path.removeprefix(self.platform.url))
