"""GET /events/search: every filter, order and mode of reference §8.2-8.3, with data that exposes a wrong answer
(an event just outside a range, a draft or a cancelled event that must not appear, a collaborator's event...)."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from events_e2e import Events, ids, local_in
from support.platform import Platform, User
from support.polling import eventually


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (p1, l1), (p2, l2) = (map(math.radians, a)), (map(math.radians, b))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def token() -> str:
    return "t" + uuid.uuid4().hex[:10]


def test_default_search_shows_published_events_by_date(events: Events, org: User) -> None:
    t = token()
    later = events.created(org, title=f"{t} later", date=local_in(20))["eventId"]
    sooner = events.created(org, title=f"{t} sooner", date=local_in(10))["eventId"]
    events.created(org, title=f"{t} draft", status="DRAFT")
    cancelled = events.created(org, title=f"{t} cancelled", date=local_in(5))["eventId"]
    assert events.update(cancelled, org, {"status": "CANCELLED"}).status == 200
    assert ids(events.found(query=t)) == [sooner, later]
    assert ids(events.found(query=t, sortOrder="desc")) == [later, sooner]
    assert ids(events.found(query=t, status="cancelled")) == [cancelled]
    assert ids(events.found(query=t, status="PUBLISHED,CANCELLED")) == [cancelled, sooner, later]
    assert ids(events.all_pages(query=t, limit=1)) == [sooner, later]


def test_upcoming_lists_what_is_still_to_start_soonest_first(events: Events, org: User) -> None:
    t = token()
    later = events.created(org, title=f"{t} later", date=local_in(9))["eventId"]
    sooner = events.created(org, title=f"{t} sooner", date=local_in(2))["eventId"]
    cancelled = events.created(org, title=f"{t} cancelled", date=local_in(1))["eventId"]
    assert events.update(cancelled, org, {"status": "CANCELLED"}).status == 200
    events.created(org, title=f"{t} draft", status="DRAFT", date=local_in(1))
    starting = (datetime.now(UTC) + timedelta(seconds=3)).strftime("%Y-%m-%dT%H:%M:%S")
    started = events.created(org, title=f"{t} started", date=starting, timezone="UTC")["eventId"]
    # once its start has passed it is not upcoming, PUBLISHED or (after the sweep) COMPLETED
    statuses = "PUBLISHED,COMPLETED"
    eventually(lambda: ids(events.found(query=t, other="upcoming", status=statuses)) == [sooner, later],
               what="upcoming without the started event")
    assert ids(events.found(query=t, status=statuses)) == [started, sooner, later]
    assert ids(events.all_pages(query=t, other="upcoming", limit=1)) == [sooner, later]
    assert ids(events.found(organizationId=org.id, other="upcoming", startDate=local_in(5)[:10])) == [later]


def test_get_events_is_the_search_with_its_pages(events: Events, org: User) -> None:
    t = token()
    made = [events.created(org, title=f"{t} {i}", date=local_in(i + 1))["eventId"] for i in range(3)]
    pages, path = [], f"/events?limit=2&query={t}"
    while path:
        page = events.platform.request("GET", path)
        assert page.status == 200 and set(page.json) == {"items", "nextCursor"}  # §12 item 10: `items`, paged
        pages.append(ids(page.json["items"]))
        path = f"/events?limit=2&query={t}&cursor={quote(page.json['nextCursor'])}" if page.json["nextCursor"] else ""
    assert pages == [made[:2], made[2:]]
    assert events.platform.request("GET", "/events?limit=0").status == 400


def test_date_range_is_inclusive_and_in_the_given_time_zone(events: Events, org: User) -> None:
    t = token()
    e10 = events.created(org, title=f"{t} a", date="2031-05-10T23:30:00", timezone="Europe/Rome")["eventId"]
    e11 = events.created(org, title=f"{t} b", date="2031-05-11T00:30:00", timezone="Europe/Rome")["eventId"]
    e12 = events.created(org, title=f"{t} c", date="2031-05-12T00:00:00", timezone="Europe/Rome")["eventId"]
    assert ids(events.found(query=t, startDate="2031-05-11", endDate="2031-05-11", timezone="Europe/Rome")) == [e11]
    # the same day in UTC holds the Roman 23:30 of the 10th (21:30Z) but not 00:00 on the 12th (22:00Z on the 11th)
    assert ids(events.found(query=t, startDate="2031-05-11", endDate="2031-05-11")) == [e12]
    assert ids(events.found(organizationId=org.id, startDate="2031-05-10T23:30:00",
                            timezone="Europe/Rome")) == [e10, e11, e12]
    assert ids(events.found(organizationId=org.id, endDate="2031-05-11T00:30:00+02:00")) == [e10, e11]
    assert events.search(startDate="2031-05-12", endDate="2031-05-11").status == 400
    assert events.search(startDate="soon").status == 400


def test_text_filters_are_case_insensitive_substrings(events: Events, org: User) -> None:
    t = token()
    place = {"country": "Italy", "countryCode": "IT", "road": "Via Roma", "postcode": "10100", "lat": 45.07,
             "lon": 7.68}
    roof = events.created(org, title=f"{t} Jazz on the ROOF", location={**place, "name": "Blue Cellar",
                                                                        "city": "Torino"})["eventId"]
    cellar = events.created(org, title=f"{t} Techno night", location={**place, "name": "The Roof Club",
                                                                      "city": "Bologna"})["eventId"]
    assert ids(events.found(title=f"{t} jazz")) == [roof]
    assert set(ids(events.found(query=t))) == {roof, cellar}
    assert ids(events.found(organizationId=org.id, query="roof club")) == [cellar]
    assert ids(events.found(organizationId=org.id, query="TORINO")) == [roof]
    assert ids(events.found(organizationId=org.id, city="bolo")) == [cellar]
    assert ids(events.found(organizationId=org.id, location_name="cellar")) == [roof]


def test_tags_match_any_of_them_once(events: Events, org: User) -> None:
    t = token()
    rock = events.created(org, title=f"{t} r", tags=["Rock"], date=local_in(3))["eventId"]
    both = events.created(org, title=f"{t} b", tags=["Pop", "Club"], date=local_in(4))["eventId"]
    events.created(org, title=f"{t} x", tags=["Theatre"], date=local_in(5))
    events.created(org, title=f"{t} d", tags=["Rock"], status="DRAFT")
    assert ids(events.found(query=t, tags="rock,club,pop")) == [rock, both]
    assert ids(events.all_pages(query=t, tags="Rock,Club,Pop", limit=1)) == [rock, both]
    assert ids(events.found(organizationId=org.id, tags="pop")) == [both]
    assert events.search(tags="Opera").status == 400


def test_an_organization_finds_its_events_and_those_it_collaborates_on(events: Events, org: User) -> None:
    partner = events.organization()
    own = events.created(org, date=local_in(3))["eventId"]
    shared = events.created(partner, collaboratorIds=[org.id], date=local_in(4))["eventId"]
    events.created(partner, date=local_in(5))
    partner_draft = events.created(partner, status="DRAFT", collaboratorIds=[org.id])["eventId"]
    assert ids(events.found(organizationId=org.id)) == [own]  # invited is not collaborating (M7)
    assert events.answer(shared, org, "accept").status == 200
    assert ids(events.found(organizationId=org.id)) == [own, shared]
    # drafts: the organization sees its own, never a draft it collaborates on
    mine = ids(events.found(org, organizationId=org.id))
    assert own in mine and shared in mine and partner_draft not in mine
    assert len([e for e in events.found(org, organizationId=org.id, status="DRAFT")]) == 1  # its probe draft
    # once published and accepted, the collaboration shows
    assert events.update(partner_draft, partner, {"status": "PUBLISHED"}).status == 200
    assert partner_draft not in ids(events.found(organizationId=org.id))
    assert events.answer(partner_draft, org, "accept").status == 200
    assert partner_draft in ids(events.found(organizationId=org.id))
    # removing the collaborator removes the event from its searches
    assert events.update(shared, partner, {"status": "PUBLISHED", "collaboratorIds": []}).status == 200
    assert shared not in ids(events.found(organizationId=org.id))


def test_drafts_need_the_owner_login(events: Events, platform: Platform, org: User) -> None:
    other = events.organization()
    assert events.search(status="DRAFT", organizationId=org.id).status == 401
    assert events.search(other, status="DRAFT", organizationId=org.id).status == 403
    assert events.search(other, status="DRAFT,PUBLISHED", organizationId=org.id).status == 403  # §12 item 4
    assert events.search(org, status="DRAFT").status == 403
    drafts = events.found(org, status="DRAFT", organizationId=org.id)
    assert drafts and {e["status"] for e in drafts} == {"DRAFT"}
    assert all(e["creatorId"] == org.id for e in drafts)


def test_sorting_by_title_and_creation(events: Events, org: User) -> None:
    b = events.created(org, title="beta night", date=local_in(2))["eventId"]
    a = events.created(org, title="Alpha night", date=local_in(3))["eventId"]
    c = events.created(org, title="gamma night", date=local_in(1))["eventId"]
    assert ids(events.found(organizationId=org.id, sortBy="title")) == [a, b, c]
    assert ids(events.found(organizationId=org.id, sortBy="title", sortOrder="desc")) == [c, b, a]
    assert ids(events.found(organizationId=org.id, sortBy="instant")) == [b, a, c]
    assert ids(events.found(organizationId=org.id, other="recently_added")) == [c, a, b]
    assert ids(events.all_pages(organizationId=org.id, sortBy="title", limit=2)) == [a, b, c]


def test_near_orders_by_great_circle_distance_across_pages(events: Events, org: User) -> None:
    center = (-33.9249, 18.4241)  # Cape Town: far from every other test's events
    spots = {"2km": (-33.9100, 18.4300), "9km": (-33.8500, 18.4600), "40km": (-34.2000, 18.5000),
             "700km": (-29.8587, 31.0218), "0km": center}
    made = {name: events.created(org, at=spot, date=local_in(7))["eventId"] for name, spot in spots.items()}
    order = [made[n] for n in ("0km", "2km", "9km", "40km", "700km")]
    near = f"{center[0]},{center[1]}"
    assert ids(events.found(near=near, limit=5)) == order
    assert ids(events.all_pages(near=near, limit=2))[:5] == order
    durban = (-29.8, 31.0)
    from_durban = sorted(made, key=lambda name: distance_km(durban, spots[name]))
    assert ids(events.found(organizationId=org.id, near="-29.8,31.0")) == [made[n] for n in from_durban]
    assert events.search(near="91,0").status == 400


def test_feed_puts_preferred_tags_first(events: Events, org: User) -> None:
    plain_soon = events.created(org, tags=["Theatre"], date=local_in(1))["eventId"]
    rock_late = events.created(org, tags=["Rock"], date=local_in(9))["eventId"]
    pop_mid = events.created(org, tags=["Pop", "Rock"], date=local_in(5))["eventId"]
    untagged = events.created(org, tags=None, date=local_in(2))["eventId"]
    expected = [pop_mid, rock_late, plain_soon, untagged]
    assert ids(events.found(organizationId=org.id, other="feed", tags="Rock,Pop")) == expected
    assert ids(events.all_pages(organizationId=org.id, other="feed", tags="Rock,Pop", limit=1)) == expected
    t = token()
    mine = {events.created(org, title=f"{t} {i}", tags=tags, date=local_in(i + 1))["eventId"]: tags
            for i, tags in enumerate([["Pub"], ["Rock"], ["Pub"], ["Rock"]])}
    feed = ids(events.all_pages(query=t, other="feed", tags="Rock", limit=3))
    assert [mine[i] for i in feed] == [["Rock"], ["Rock"], ["Pub"], ["Pub"]]


def test_paging_parameters_are_checked(events: Events) -> None:
    assert events.search(limit=0).status == 400
    assert events.search(limit=101).status == 400
    assert events.search(cursor="not-a-cursor").status == 400
    assert events.search(offset=10).status == 400
    assert events.search(sortBy="popularity").status == 400
    assert events.search(other="trending").status == 400
    assert events.search(status="LIVE").status == 400
    assert events.search(price="10").status == 400
    page = events.search(limit=1)
    assert page.status == 200
    cursor = page.json["nextCursor"]
    if cursor:  # a cursor of one order is not a cursor of another
        assert events.search(limit=1, sortBy="title", cursor=cursor).status == 400
    listing = events.platform.request("GET", "/events?limit=1")
    assert listing.status == 200 and len(listing.json["items"]) <= 1
