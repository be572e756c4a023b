"""Avatars: a presigned POST straight to the bucket, then the bucket's notification checks the file, publishes it
as a square JPEG under a new name and announces media.avatar.updated; anything else is deleted unannounced."""

from __future__ import annotations

import base64
import json

import pytest
from media_e2e import BLUE, GREEN, RED, Media, assert_problem, banded_image, decoded, near
from PIL import Image
from support.bus import BusTap
from support.platform import Platform, User
from support.polling import eventually

FIVE_MB = 5 * 1024 * 1024


def test_an_avatar_is_uploaded_cropped_square_published_and_announced(media: Media, bus: BusTap,
                                                                      member: User) -> None:
    upload_key = media.upload(member, banded_image(300, 200), "image/png", kind="avatar")

    announced = bus.wait_for("media.avatar.updated", userId=member.id)
    url = announced["payload"]["url"]
    assert url.startswith(f"{media.platform.url}/media/users/{member.id}/avatar-") and url.endswith(".jpg")
    served = media.get(url)
    assert served.status == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert "max-age=31536000" in served.headers["cache-control"]
    image = decoded(served.raw)
    assert image.format == "JPEG" and image.size == (200, 200)  # the centre square, not enlarged
    for corner in [(2, 2), (197, 2), (2, 197), (197, 197)]:
        assert near(image.getpixel(corner), RED), corner  # the bands at the sides were cut off
    media.wait_until_handled(upload_key)
    assert media.keys(f"users/{member.id}/") == [url.split("/media/", 1)[1]]


def test_each_upload_gets_a_new_public_name_and_large_pictures_are_scaled_down(media: Media, bus: BusTap,
                                                                               member: User) -> None:
    media.upload(member, banded_image(300, 200), "image/png", kind="avatar")
    first = bus.wait_for("media.avatar.updated", userId=member.id)["payload"]["url"]

    media.upload(member, banded_image(1600, 1200, "WEBP"), "image/webp", kind="avatar")
    second = eventually(lambda: [e for e in bus.about("media.avatar.updated", userId=member.id)
                                 if e["payload"]["url"] != first], what="the second avatar")[0]["payload"]["url"]

    image = decoded(media.get(second).raw)
    assert image.size == (512, 512)
    assert near(image.getpixel((5, 256)), RED) and not near(image.getpixel((5, 256)), BLUE)
    assert decoded(media.get(first).raw).size == (200, 200)  # the old name still shows the old picture


def test_the_presigned_policy_fixes_the_key_the_type_and_the_size(media: Media, member: User) -> None:
    response = media.request_upload(member, kind="avatar", contentType="image/webp")

    assert response.status == 200, response.raw
    presigned = response.json
    assert presigned["key"].startswith(f"uploads/avatar/{member.id}/")
    assert presigned["expiresAt"].endswith("Z")
    assert presigned["fields"]["key"] == presigned["key"]
    assert presigned["fields"]["Content-Type"] == "image/webp"
    conditions = json.loads(base64.b64decode(presigned["fields"]["policy"]))["conditions"]
    assert {"key": presigned["key"]} in conditions
    assert {"Content-Type": "image/webp"} in conditions
    assert ["content-length-range", 1, FIVE_MB] in conditions
    assert media.keys(presigned["key"]) == []  # nothing is stored until the browser sends the file


def _bomb() -> bytes:
    """A small PNG whose header announces 100 million pixels."""
    import io

    output = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(output, "PNG")
    return output.getvalue()


# Size and declared type out of the policy are media.domain.check_upload's, unit-tested
# (tests/unit/media/test_media_domain.py); here what only decoding the stored bytes finds.
REJECTED = {
    "text-with-an-image-type": (b"<html><script>alert(1)</script></html>", "image/png", {}),
    "a-gif-declared-as-png": (banded_image(300, 200, "GIF"), "image/png", {}),
    "a-truncated-jpeg": (banded_image(900, 600, "JPEG")[:3000], "image/jpeg", {}),
    "a-decompression-bomb": (_bomb(), "image/png", {}),
}


@pytest.mark.parametrize("case", REJECTED, ids=list(REJECTED))
def test_a_rejected_upload_is_deleted_and_publishes_nothing(media: Media, bus: BusTap, member: User,
                                                            case: str) -> None:
    content, content_type, overrides = REJECTED[case]
    rejected = media.upload(member, content, content_type, field_overrides=overrides, kind="avatar")
    media.wait_until_handled(rejected)

    # A good upload afterwards is announced; nothing was announced before it, nothing else was published.
    media.upload(member, banded_image(300, 200), "image/png", kind="avatar")
    good = bus.wait_for("media.avatar.updated", userId=member.id)
    assert len(bus.about("media.avatar.updated", userId=member.id)) == 1
    assert media.keys(f"users/{member.id}/") == [good["payload"]["url"].split("/media/", 1)[1]]


def test_a_second_notification_of_the_same_upload_publishes_nothing_more(media: Media, bus: BusTap,
                                                                         member: User) -> None:
    picture = banded_image(300, 200)
    upload_key = media.upload(member, picture, "image/png", kind="avatar")
    first = bus.wait_for("media.avatar.updated", userId=member.id)
    media.wait_until_handled(upload_key)

    # S3 notifies again while the same upload is still there (at-least-once delivery): same key, same bytes.
    media.s3.put_object(Bucket=media.bucket, Key=upload_key, Body=picture, ContentType="image/png")
    media.wait_until_handled(upload_key)
    media.upload(member, banded_image(300, 200, centre=GREEN), "image/png", kind="avatar")
    eventually(lambda: len(bus.about("media.avatar.updated", userId=member.id)) >= 2, what="the next avatar")

    urls = [e["payload"]["url"] for e in bus.about("media.avatar.updated", userId=member.id)]
    assert len(urls) == 2 and urls[0] == first["payload"]["url"] and urls[1] != urls[0]
    assert decoded(media.get(urls[0]).raw).size == (200, 200)


def test_a_published_avatar_becomes_the_users_avatar(platform: Platform, media: Media, bus: BusTap,
                                                     member: User) -> None:
    media.upload(member, banded_image(300, 200), "image/png", kind="avatar")
    url = bus.wait_for("media.avatar.updated", userId=member.id)["payload"]["url"]

    eventually(lambda: platform.request("GET", f"/users/{member.id}").json["profile"]["avatar"] == url,
               timeout=15, what="the user's profile to show the new avatar")


@pytest.mark.parametrize("body", [
    {"kind": "banner"},
    {"kind": "avatar", "eventId": "c6a1f0d2-8e4b-4f3a-b5c7-9d0e1f2a3b4c"},
    {"kind": "avatar", "contentType": "image/gif"},
    {"kind": "avatar", "contentType": "image/svg+xml"},
    {"kind": "avatar", "size": 10},
    {},
], ids=["unknown-kind", "avatar-with-an-event", "gif", "svg", "unknown-field", "empty"])
def test_an_invalid_upload_request_is_a_400(media: Media, member: User, body: dict) -> None:
    assert_problem(media.request_upload(member, **body), 400)


def test_uploads_need_a_valid_token(media: Media) -> None:
    assert_problem(media.request_upload(None, kind="avatar"), 401)
    response = media.platform.request("POST", "/media/uploads", {"kind": "avatar"},
                                      headers={"authorization": "Bearer not.a.token"})
    assert_problem(response, 401)

