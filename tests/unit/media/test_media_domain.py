"""The media context's rules on plain objects (reference §2.7): who may upload what, which keys are uploads of
ours, what a stored upload must be, which keys may be served, and the announcement a published image causes."""

from __future__ import annotations

import pytest
from kernel.errors import Forbidden, NotFound, ValidationFailed
from media.domain import (
    MAX_UPLOAD_BYTES,
    KnownEvent,
    Target,
    Upload,
    UploadRejected,
    check_upload,
    default_for,
    is_public_key,
    target_of_upload,
    upload_target,
)

ME, OTHER = "0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a01", "0b7e3d52-9a41-4c1e-8f6a-2d5c7e9b1a02"
EVENT, UPLOAD_ID = "1c8f4e63-ab52-4d2f-9a7b-3e6d8f0c2b01", "2d9a5f74-bc63-4e3a-8b8c-4f7e9a1d3c01"


def test_a_user_uploads_their_own_avatar_and_no_event_goes_with_it() -> None:
    assert upload_target("avatar", ME, None, None) == Target("avatar", ME)
    with pytest.raises(ValidationFailed):
        upload_target("avatar", ME, EVENT, None)


@pytest.mark.parametrize("status", ["DRAFT", "PUBLISHED", "CANCELLED"])
def test_the_creator_uploads_the_poster_of_their_event_whatever_its_status(status: str) -> None:
    assert upload_target("poster", ME, EVENT, KnownEvent(EVENT, ME, status)) == Target("poster", EVENT)


def test_a_poster_needs_its_event_and_an_unknown_one_is_not_found() -> None:
    with pytest.raises(ValidationFailed):
        upload_target("poster", ME, None, None)
    with pytest.raises(NotFound):
        upload_target("poster", ME, EVENT, None)


def test_someone_else_is_forbidden_a_published_poster_and_does_not_learn_of_a_draft() -> None:
    with pytest.raises(Forbidden):
        upload_target("poster", ME, EVENT, KnownEvent(EVENT, OTHER, "PUBLISHED"))
    with pytest.raises(NotFound):
        upload_target("poster", ME, EVENT, KnownEvent(EVENT, OTHER, "DRAFT"))


def test_an_upload_key_names_its_target_and_a_key_we_never_issued_names_none() -> None:
    target = Target("poster", EVENT)
    assert target_of_upload(target.upload_key(UPLOAD_ID)) == target
    for key in (f"uploads/banner/{EVENT}/{UPLOAD_ID}", f"uploads/avatar/not-a-uuid/{UPLOAD_ID}",
                f"uploads/avatar/{ME}/{UPLOAD_ID}/extra", f"users/{ME}/{UPLOAD_ID}",
                f"uploads/avatar/{ME.upper()}/{UPLOAD_ID}"):
        assert target_of_upload(key) is None, key


@pytest.mark.parametrize(("size", "content_type"), [(0, "image/png"), (MAX_UPLOAD_BYTES + 1, "image/png"),
                                                    (10, "image/gif"), (10, None), (10, "text/html")])
def test_a_stored_upload_out_of_its_policy_is_rejected(size: int, content_type: str | None) -> None:
    with pytest.raises(UploadRejected):
        check_upload(size, content_type)
    with pytest.raises(UploadRejected):
        Upload("k", "e", Target("avatar", ME)).check(size, content_type)


@pytest.mark.parametrize("content_type", ["image/jpeg", "image/png", "image/webp"])
def test_an_image_of_1_byte_to_5_mb_passes(content_type: str) -> None:
    check_upload(1, content_type)
    check_upload(MAX_UPLOAD_BYTES, content_type)


def test_a_published_image_is_announced_for_its_target_under_a_name_of_its_content() -> None:
    avatar, poster = Upload("k1", "e1", Target("avatar", ME)), Upload("k2", "e2", Target("poster", EVENT))
    avatar.publish("https://m/users/a.jpg")
    poster.publish("https://m/events/p.jpg")
    assert avatar.events == [("media.avatar.updated", {"userId": ME, "url": "https://m/users/a.jpg"})]
    assert poster.events == [("media.poster.updated", {"eventId": EVENT, "url": "https://m/events/p.jpg"})]
    assert Target("avatar", ME).public_key("ab" * 32) == f"users/{ME}/avatar-{'ab' * 8}.jpg"
    assert Target("poster", EVENT).max_side > Target("avatar", ME).max_side


@pytest.mark.parametrize(("key", "public"), [
    ("users/default.png", True), (f"events/{EVENT}/poster-abc.jpg", True),
    (f"uploads/avatar/{ME}/{UPLOAD_ID}", False), ("users/../etc/passwd", False), (".env", False),
    ("users//default.png", False), ("users/a\\b.png", False), ("x" * 1025, False),
])
def test_only_plain_keys_outside_the_uploads_are_served(key: str, public: bool) -> None:
    assert is_public_key(key) is public


def test_a_missing_key_falls_back_to_the_default_of_its_folder() -> None:
    assert default_for(f"users/{ME}/avatar-1.jpg") == "users/default.png"
    assert default_for(f"events/{EVENT}/poster-1.jpg") == "events/default.png"
    assert default_for("elsewhere/x.jpg") == "default.png"
