"""A personal calendar feed through the platform's HTTP API: the user issues a secret URL (its token stored only
hashed), a calendar app reads it without a login and finds the events the user holds tickets for, with their
span; rotating the URL or revoking it makes the old one a 404 at once. Only the user manages it (401, 403)."""

from __future__ import annotations

from urllib.parse import urlsplit

from icalendar import Calendar
from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually
from ticketing_e2e import announce_event, checked_out, ticket_type


def feed_path(url: str) -> str:
    return urlsplit(url).path


def test_a_holders_feed_lists_their_events_until_its_url_is_rotated_or_revoked(
        platform: Platform, organization: User, member: User, other_member: User) -> None:
    path = f"/ticketing/users/{member.id}/calendar-feed"
    assert platform.request("GET", path, user=member).json == {"active": False}
    held = announce_event(platform, organization, days=8, title="Held night")
    free = ticket_type(platform, organization, held, amount=0)
    assert checked_out(platform, member, free["id"])["order"]["status"] == "COMPLETED"
    not_mine = announce_event(platform, organization, days=9, title="Other night")
    other = ticket_type(platform, organization, not_mine, amount=0)
    checked_out(platform, other_member, other["id"])

    issued = platform.request("POST", path, user=member)
    assert issued.status == 201, issued.raw
    first = feed_path(issued.json["url"])
    assert first == f"/ticketing/calendar-feeds/{issued.json['token']}"
    assert platform.request("GET", path, user=member).json["active"] is True

    answer = platform.request("GET", first)  # no login: the token is the key
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar"), answer.raw
    entries = Calendar.from_ical(answer.raw).walk("VEVENT")
    assert [(str(e["UID"]), str(e["SUMMARY"])) for e in entries] == [(f"{held}@eventonight", "Held night")]
    assert str(entries[0]["URL"]).endswith(f"/en/events/{held}")

    rotated = platform.request("POST", path, user=member)
    assert rotated.status == 201 and rotated.json["token"] != issued.json["token"]
    assert platform.request("GET", first).status == 404  # the old URL stops at once
    second = feed_path(rotated.json["url"])
    assert platform.request("GET", second).status == 200

    assert platform.request("DELETE", path, user=member).status == 204
    assert platform.request("GET", second).status == 404
    assert platform.request("GET", path, user=member).json == {"active": False}
    assert platform.request("DELETE", path, user=member).status == 404


def test_only_the_user_manages_their_feed_and_a_forged_token_opens_nothing(
        platform: Platform, member: User, other_member: User) -> None:
    path = f"/ticketing/users/{member.id}/calendar-feed"
    for method in ("GET", "POST", "DELETE"):
        assert platform.request(method, path).status == 401
        assert platform.request(method, path, user=other_member).status == 403
    for token in ("A" * 43, "short", "x" * 44):
        answer = platform.request("GET", f"/ticketing/calendar-feeds/{token}")
        assert answer.status in (400, 404), answer.raw
    assert platform.request("GET", f"/ticketing/calendar-feeds/{'A' * 43}").status == 404


def test_with_following_the_feed_adds_the_upcoming_events_of_followed_organizations(
        platform: Platform, organization: User, other_organization: User, member: User) -> None:
    followed = announce_event(platform, organization, days=6, title="Followed night")
    unfollowed = announce_event(platform, other_organization, days=7, title="Unfollowed night")
    publish(platform.cloud, "interactions.follow.created", {"followerId": member.id, "followedId": organization.id,
                                                            "followerName": "m", "followerUsername": member.username,
                                                            "followerAvatar": "http://127.0.0.1/a.png"},
            "interactions")
    issued = platform.request("POST", f"/ticketing/users/{member.id}/calendar-feed", user=member).json
    path = feed_path(issued["url"])

    def uids(query: str = "") -> set[str]:
        answer = platform.request("GET", path + query)
        assert answer.status == 200, answer.raw
        return {str(e["UID"]) for e in Calendar.from_ical(answer.raw).walk("VEVENT")}

    eventually(lambda: uids("?following=true") == {f"{followed}@eventonight"},
               what="the followed organization's event in the feed")
    assert uids() == set() and uids("?following=false") == set()  # held tickets only: none
    assert f"{unfollowed}@eventonight" not in uids("?following=true")
    assert platform.request("GET", path + "?following=maybe").status == 400
    publish(platform.cloud, "interactions.follow.deleted", {"followerId": member.id, "followedId": organization.id},
            "interactions")
    eventually(lambda: uids("?following=true") == set(), what="the unfollowed organization gone from the feed")
