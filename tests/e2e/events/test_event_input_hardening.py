"""Input an organization or a visitor crafts: a location link must be a web page (security review M5), and time
zones naming a tzdata directory or forged search cursors are 400s, never 500s (L1)."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from events_e2e import Events, event_body
from support.platform import User

PLACE = {"name": "Terrazza Martini", "country": "Italy", "countryCode": "IT", "city": "Milano",
         "road": "Piazza Diaz", "postcode": "20123", "lat": 45.4642, "lon": 9.19}


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json.get("errors", [])}


@pytest.mark.parametrize("link", ["javascript:alert(1)", " javascript:alert(1)", "JavaScript:alert(1)",
                                  "data:text/html,<script>alert(1)</script>", "//evil.example/map",
                                  "/events/elsewhere", "https://", "https://evil.example/\tx", "ftp://example.com/"])
def test_a_location_link_that_is_not_a_web_page_is_refused_and_not_stored(events: Events, org: User,
                                                                           link: str) -> None:
    title = f"Link {uuid.uuid4().hex[:8]}"
    created = events.create(org, title=title, location={**PLACE, "link": link})
    assert created.status == 400, created.raw
    assert created.headers["content-type"].startswith("application/problem+json")
    assert fields(created) == {"location.link"}
    assert events.found(org, query=title, status="PUBLISHED") == []
    existing = events.created(org, title=title, location={**PLACE, "link": "https://maps.example/terrazza"})
    changed = events.update(existing["eventId"], org, event_body(title=title, location={**PLACE, "link": link}))
    assert changed.status == 400 and fields(changed) == {"location.link"}
    assert events.get(existing["eventId"]).json["location"]["link"] == "https://maps.example/terrazza"


def test_a_web_link_is_kept(events: Events, org: User) -> None:
    link = "http://maps.example/?q=Piazza%20Diaz#here"
    created = events.created(org, location={**PLACE, "link": link})
    assert events.get(created["eventId"]).json["location"]["link"] == link


@pytest.mark.parametrize("zone", ["Etc", "America", "Europe/", "../zoneinfo/UTC", "x" * 100])
def test_a_time_zone_that_names_no_zone_is_a_400(events: Events, org: User, zone: str) -> None:
    created = events.create(org, timezone=zone)
    assert created.status == 400, created.raw
    assert fields(created) == {"timezone"}
    searched = events.search(timezone=zone, startDate="2026-01-01")
    assert searched.status == 400, searched.raw


def cursor(raw: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


def decoded(value: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))  # type: ignore[no-any-return]


def test_forged_search_cursors_are_400s(events: Events, org: User) -> None:
    title = f"Paged {uuid.uuid4().hex[:8]}"
    for _ in range(2):
        events.created(org, title=title)
    for order in ("asc", "desc"):
        page = events.search(query=title, limit=1, sortOrder=order)
        assert page.status == 200 and page.json["nextCursor"], page.raw
        real = decoded(page.json["nextCursor"])
        assert events.search(query=title, limit=1, sortOrder=order, cursor=cursor(real)).status == 200
        for forged in ({**real, "g": {"N": "x"}}, {**real, "g": {"N": "1.5"}}, {**real, "k": {"S": "\x00"}},
                       {**real, "k": {"S": "a\ud800"}}, {**real, "k": {"S": "k" * 5000}}):
            answer = events.search(query=title, limit=1, sortOrder=order, cursor=cursor(forged))
            assert answer.status == 400, (forged, answer.raw)
    near = events.search(near="45.46,9.19", limit=1)
    assert near.status == 200 and near.json["nextCursor"], near.raw
    real = decoded(near.json["nextCursor"])
    for distance in ("far", "nan", "inf", "-inf"):
        answer = events.search(near="45.46,9.19", limit=1, cursor=cursor({**real, "d": {"S": distance}}))
        assert answer.status == 400, (distance, answer.raw)
