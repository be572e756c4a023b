"""`near=lat,lon` as a k-nearest search over geohash cells: an event just across a cell's edge, the antimeridian
or a row of cells comes in its place by distance; pages resume after ties; a sparse neighbourhood still finds
its events however far, filtered by title."""

from __future__ import annotations

import math
import uuid

from events_e2e import Events, ids, local_in
from support.platform import User


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (p1, l1), (p2, l2) = (map(math.radians, a)), (map(math.radians, b))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_events_across_cell_edges_and_the_antimeridian_come_by_distance(events: Events, org: User) -> None:
    t = "t" + uuid.uuid4().hex[:10]
    center = (-45.0001, 179.999)  # 11 m south of a row of geohash cells, 100 m west of the antimeridian
    spots = {"across the row": (-44.9990, 179.999), "across the antimeridian": (-45.0001, -179.998),
             "same cell": (-45.0030, 179.9950), "far east": (-45.0001, -179.5), "far north west": (-45.3, 179.5)}
    made = {name: events.created(org, title=f"{t} {name}", at=spot, date=local_in(7))["eventId"]
            for name, spot in spots.items()}
    expected = ["across the row", "across the antimeridian", "same cell", "far east", "far north west"]
    assert sorted(spots, key=lambda name: distance_km(center, spots[name])) == expected  # the data says so
    order = [made[name] for name in expected]
    near = f"{center[0]},{center[1]}"
    assert ids(events.found(near=near, title=t)) == order
    assert ids(events.all_pages(near=near, title=t, limit=1)) == order
    assert ids(events.all_pages(near=near, title=t, limit=2, sortOrder="desc")) == order


def test_pages_resume_after_events_at_the_same_distance(events: Events, org: User) -> None:
    t = "t" + uuid.uuid4().hex[:10]
    spot = (71.2906, -156.7886)  # Utqiagvik: the far north, where cells are narrow
    later = events.created(org, title=f"{t} later", at=spot, date=local_in(9))["eventId"]
    sooner = events.created(org, title=f"{t} sooner", at=spot, date=local_in(3))["eventId"]
    beyond = events.created(org, title=f"{t} beyond", at=(71.30, -156.70), date=local_in(1))["eventId"]
    near = f"{spot[0]},{spot[1]}"
    assert ids(events.all_pages(near=near, title=t, limit=1)) == [sooner, later, beyond]
    assert ids(events.all_pages(near=near, title=t, limit=1, sortOrder="desc")) == [later, sooner, beyond]


def test_a_sparse_neighbourhood_reaches_its_far_events_in_order(events: Events, org: User) -> None:
    t = "t" + uuid.uuid4().hex[:10]
    center = (64.0, -170.0)  # the Bering Sea
    bearings_km = [(0, 0.05), (90, 0.4), (200, 1.1), (310, 2.5), (45, 6.0), (170, 14.0), (260, 33.0), (20, 80.0)]
    spots = [_moved(center, bearing, km) for bearing, km in bearings_km] + [(-64.0, 10.0)]
    made = [events.created(org, title=f"{t} {i}", at=spot, date=local_in(5))["eventId"] for i, spot in
            enumerate(spots)]
    order = [made[i] for i in sorted(range(len(spots)), key=lambda i: distance_km(center, spots[i]))]
    near = f"{center[0]},{center[1]}"
    assert ids(events.found(near=near, title=t)) == order
    assert ids(events.all_pages(near=near, title=t, limit=3)) == order
    assert ids(events.found(near=near, title=t, limit=4)) == order[:4]


def _moved(start: tuple[float, float], bearing: float, km: float) -> tuple[float, float]:
    lat, lon = start
    north, east = km * math.cos(math.radians(bearing)), km * math.sin(math.radians(bearing))
    return round(lat + north / 111.19, 6), round(lon + east / (111.19 * math.cos(math.radians(lat))), 6)
