"""GET /media/{key+}: public; a key without an image gets the default of its first segment, and only keys that
cannot be media at all (uploads awaiting their check, '..' and other odd segments) are 404."""

from __future__ import annotations

import uuid

import pytest
from media_e2e import Media, assert_problem, decoded
from support import openapi
from support.platform import User


@pytest.mark.parametrize(("missing", "default"), [
    (f"/media/users/{uuid.uuid4()}/avatar.jpg", "/media/users/default.png"),
    (f"/media/events/{uuid.uuid4()}/poster.jpg", "/media/events/default.png"),
    ("/media/events/default.jpg", "/media/events/default.png"),  # the reference's stored default URLs
    ("/media/banner.png", "/media/default.png"),
    (f"/media/other/{uuid.uuid4()}", "/media/default.png"),
], ids=["avatar", "poster", "reference-default", "top-level", "other-folder"])
def test_a_missing_image_is_answered_with_its_default(media: Media, missing: str, default: str) -> None:
    served = media.get(missing)

    assert served.status == 200
    assert served.headers["content-type"] == "image/png"
    assert "max-age=31536000" not in served.headers["cache-control"]  # the image may exist later
    assert served.raw == media.get(default).raw
    assert decoded(served.raw).format == "PNG"


def test_the_three_defaults_are_different_pictures(media: Media) -> None:
    defaults = [media.get(f"/media/{key}") for key in ("users/default.png", "events/default.png", "default.png")]

    assert all(d.status == 200 for d in defaults)
    assert len({d.raw for d in defaults}) == 3
    assert decoded(defaults[0].raw).size == decoded(defaults[2].raw).size == (256, 256)
    assert decoded(defaults[1].raw).width == decoded(defaults[1].raw).height


@pytest.mark.parametrize("path", [
    f"/media/uploads/avatar/{uuid.uuid4()}/{uuid.uuid4()}",
    "/media/users/%2e%2e/%2e%2e/etc/passwd",
    "/media/users/../../etc/passwd",
    "/media/.env",
    "/media/users//default.png",
    "/media/users/a%5Cb.png",
], ids=["an-upload", "encoded-dot-dot", "dot-dot", "hidden", "empty-segment", "backslash"])
def test_what_cannot_be_media_is_not_found(media: Media, path: str) -> None:
    assert_problem(media.get(path), 404)


def test_the_media_api_describes_itself_as_it_answers(media: Media, member: User) -> None:
    document = media.get("/media/openapi.json")

    assert document.status == 200
    openapi.assert_documents_exactly(document.json, {("post", "/media/uploads"): ("200", {"400", "401", "403",
                                                                                          "404"})})
    openapi.assert_answers_as_documented(document.json, "post", "/media/uploads",
                                         media.request_upload(member, kind="avatar"))
    assert media.get("/media/health").json == {"status": "ok"}
