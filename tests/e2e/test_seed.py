"""`eventonight up --seed` leaves a platform worth looking at: demo accounts that can log in, published events of
the demo organizations with ticket types on sale, follows and likes; and seeding twice changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from embedded_cloud.seed import DEMO_DATA, seed
from support.platform import Platform
from support.polling import eventually

DATA = json.loads(DEMO_DATA.read_text())


@pytest.fixture(scope="module")
def said(platform: Platform) -> list[str]:
    lines: list[str] = []
    seed(platform.cloud, lines.append)
    seed(platform.cloud, lines.append)  # the second run finds everything in place
    return lines


def login(platform: Platform, username: str) -> dict[str, Any]:
    user = next(u for u in DATA["users"] if u["username"] == username)
    response = platform.request("POST", "/users/login", {"username": username, "password": user["password"]})
    assert response.status == 200, response.raw
    return response.json  # type: ignore[no-any-return]


def test_seeded_demo_accounts_can_log_in(platform: Platform, said: list[str]) -> None:
    assert not [line for line in said if line.startswith("seed:")], said
    for user in DATA["users"]:
        assert login(platform, user["username"])["role"] == user["role"]
        assert any(user["username"] in line for line in said)


def test_each_demo_event_is_published_once_with_its_ticket_types(platform: Platform, said: list[str]) -> None:
    for organizer in {event["organizer"] for event in DATA["events"]}:
        organization_id = login(platform, organizer)["id"]
        found = platform.request("GET", f"/events/search?organizationId={organization_id}&limit=50").json["items"]
        wanted = [e for e in DATA["events"] if e["organizer"] == organizer]
        assert sorted(e["title"] for e in found) == sorted(e["title"] for e in wanted)  # once each, after two runs
        for event in found:
            assert event["status"] == "PUBLISHED"
            kinds = platform.request("GET", f"/ticketing/events/{event['eventId']}/ticket-types").json["items"]
            expected = next(e for e in wanted if e["title"] == event["title"])["ticketTypes"]
            assert sorted((t["type"], t["price"]["amount"]) for t in kinds) == sorted(
                (t["type"], t["price"]) for t in expected)


def test_demo_members_follow_and_like(platform: Platform, said: list[str]) -> None:
    ada = login(platform, "ada")
    followers = eventually(lambda: platform.request(
        "GET", f"/interactions/users/{login(platform, 'aurora_club')['id']}/followers").json["items"],
        what="aurora_club's followers")
    assert ada["id"] in json.dumps(followers)
    techno = platform.request("GET", "/events/search?title=Aurora%20Techno%20Night").json["items"][0]
    likes = platform.request("GET", f"/interactions/events/{techno['eventId']}/likes").json
    assert ada["id"] in json.dumps(likes)
