"""What the media context tells the users context: a published avatar becomes the user's avatar, with its
`user.updated` - once, however often the fact is told."""

from __future__ import annotations

from support.bus import BusTap, publish, send
from support.platform import Platform, User
from support.queues import copy_of, drained


def test_an_avatar_told_again_under_a_new_event_id_updates_the_user_once(platform: Platform, member: User) -> None:
    """The same fact twice (not the same message: kernel.consumer drops that before the handler)."""
    default = platform.request("GET", f"/users/{member.id}", user=member).json["profile"]["avatar"]
    url = default.rsplit("/users/", 1)[0] + f"/users/{member.id}/avatar-1.jpg"  # under the media base URL
    with BusTap(platform.cloud, "users") as tap:
        announced = publish(platform.cloud, "media.avatar.updated", {"userId": member.id, "url": url}, "media")
        assert tap.wait_for("user.updated", id=member.id)["payload"]["avatar"] == url
        send(platform.cloud, copy_of(announced))
        drained(platform, "UsersConsumerFunction")
        # a later change of ours as a marker: the outbox relays in order, so a second update would be seen first
        renamed = platform.request("PUT", f"/users/{member.id}", {"account": {"darkMode": False, "language": "en"},
                                                                  "profile": {"name": "Marker"}}, user=member)
        assert renamed.status == 200, renamed.raw
        tap.wait_for("user.updated", id=member.id, name="Marker")
        told = [e for e in tap.about("user.updated", id=member.id, avatar=url) if e["payload"].get("name") != "Marker"]
        assert len(told) == 1
    assert platform.request("GET", f"/users/{member.id}", user=member).json["profile"]["avatar"] == url
