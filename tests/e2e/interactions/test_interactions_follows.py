"""Follows through the HTTP gateway: follow, unfollow, the lists with their counts, and removing them all."""

from __future__ import annotations

from interactions_world import World, all_pages, new_id
from support.platform import Platform


def _follow(platform: Platform, follower, followed_id: str):  # type: ignore[no-untyped-def]
    return platform.request("POST", f"/interactions/users/{follower.id}/following", {"followedId": followed_id},
                            user=follower)


def _summary(platform: Platform, user_id: str) -> tuple[int, int]:
    body = platform.request("GET", f"/interactions/users/{user_id}").json
    return body["totalFollowers"], body["totalFollowing"]


def test_following_someone_shows_on_both_sides_with_counts(platform: Platform, world: World) -> None:
    member = world.user()
    organization = world.user("organization")

    followed = _follow(platform, member, organization.id)
    assert followed.status == 201, followed.raw
    assert followed.json["followerId"] == member.id and followed.json["followedId"] == organization.id

    assert _summary(platform, member.id) == (0, 1)
    assert _summary(platform, organization.id) == (1, 0)
    followers = platform.request("GET", f"/interactions/users/{organization.id}/followers").json
    assert [f["userId"] for f in followers["items"]] == [member.id] and followers["totalFollowers"] == 1
    assert followers["items"][0]["username"] == member.username
    following = platform.request("GET", f"/interactions/users/{member.id}/following").json
    assert [f["userId"] for f in following["items"]] == [organization.id] and following["totalFollowing"] == 1
    assert platform.request("GET", f"/interactions/users/{member.id}/following/{organization.id}").json == \
        {"isFollowing": True}
    assert platform.request("GET", f"/interactions/users/{organization.id}/following/{member.id}").json == \
        {"isFollowing": False}


def test_follow_rules(platform: Platform, world: World) -> None:
    member, other = world.user(), world.user()

    self_follow = _follow(platform, member, member.id)
    assert self_follow.status == 409 and self_follow.json["detail"] == "Cannot follow yourself"
    assert _follow(platform, member, new_id()).status == 404
    assert _follow(platform, member, other.id).status == 201
    duplicate = _follow(platform, member, other.id)
    assert duplicate.status == 409 and duplicate.json["detail"] == "Already following this user"
    assert _summary(platform, other.id) == (1, 0)

    as_someone_else = platform.request("POST", f"/interactions/users/{member.id}/following",
                                       {"followedId": other.id}, user=other)
    assert as_someone_else.status == 403
    assert platform.request("POST", f"/interactions/users/{member.id}/following", {"followedId": other.id}).status \
        == 401
    for body in ({}, {"followedId": other.id, "extra": 1}, {"followedId": 5}):
        bad = platform.request("POST", f"/interactions/users/{other.id}/following", body, user=other)
        assert bad.status == 400, (body, bad.raw)
        assert bad.json["errors"]


def test_unfollow_and_its_errors(platform: Platform, world: World) -> None:
    member, other = world.user(), world.user()
    assert _follow(platform, member, other.id).status == 201

    assert platform.request("DELETE", f"/interactions/users/{member.id}/following/{other.id}", user=other).status \
        == 403
    gone = platform.request("DELETE", f"/interactions/users/{member.id}/following/{other.id}", user=member)
    assert gone.status == 204, gone.raw
    again = platform.request("DELETE", f"/interactions/users/{member.id}/following/{other.id}", user=member)
    assert again.status == 404 and again.json["detail"] == "Follow relationship not found"
    assert _summary(platform, member.id) == (0, 0) and _summary(platform, other.id) == (0, 0)
    assert platform.request("GET", f"/interactions/users/{member.id}/following/{other.id}").json == \
        {"isFollowing": False}


def test_followers_page_newest_first(platform: Platform, world: World) -> None:
    star = world.user("organization")
    fans = [world.user() for _ in range(4)]
    for fan in fans:
        assert _follow(platform, fan, star.id).status == 201
    listed = [f["userId"] for f in all_pages(platform, f"/interactions/users/{star.id}/followers", limit=3)]
    assert listed == [fan.id for fan in reversed(fans)]
    assert platform.request("GET", f"/interactions/users/{star.id}/followers").json["totalFollowers"] == 4


def test_removing_every_follow_corrects_every_count(platform: Platform, world: World) -> None:
    member = world.user()
    others = [world.user() for _ in range(3)]
    for other in others:
        assert _follow(platform, member, other.id).status == 201
        assert _follow(platform, other, member.id).status == 201
    assert _summary(platform, member.id) == (3, 3)

    assert platform.request("DELETE", f"/interactions/users/{member.id}", user=others[0]).status == 403
    removed = platform.request("DELETE", f"/interactions/users/{member.id}", user=member)
    assert removed.status == 204, removed.raw
    assert _summary(platform, member.id) == (0, 0)
    for other in others:
        assert _summary(platform, other.id) == (0, 0)
    assert platform.request("GET", f"/interactions/users/{member.id}/followers").json["items"] == []
    assert platform.request("DELETE", f"/interactions/users/{member.id}", user=member).status == 204
