"""Places: geohashes for the `near` index, great-circle distances, and how far a block of cells reaches.

An event's place key is its 12-character geohash, so every cell of any precision is a key prefix. A `near`
search reads the 3x3 block of cells around the point at some precision: every event closer than the block's
`covered_radius_km` is then known, and those are final in distance order.
"""

from __future__ import annotations

import math
from typing import Literal

import pygeohash

EARTH_RADIUS_KM = 6371.0
KEY_PRECISION = 12
FINEST, COARSEST = 8, 1


def geohash(lat: float, lon: float) -> str:
    return pygeohash.encode(lat, lon, KEY_PRECISION)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine, R = 6371 km (reference §8.2)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def block(lat: float, lon: float, precision: int) -> list[str]:
    """The cell holding the point and its (up to) eight neighbours."""
    center = pygeohash.encode(lat, lon, precision)
    cells = [center]
    for vertical in (None, "top", "bottom"):  # type: ignore[assignment]
        row = center if vertical is None else _adjacent(center, vertical)
        if row is None:
            continue
        for horizontal in (None, "left", "right"):
            cell = row if horizontal is None else _adjacent(row, horizontal)
            if cell is not None and cell not in cells:
                cells.append(cell)
    return cells


def _adjacent(cell: str, direction: Literal["top", "bottom", "left", "right"]) -> str | None:
    box = pygeohash.get_bounding_box(cell)
    if (direction == "top" and box.max_lat >= 90) or (direction == "bottom" and box.min_lat <= -90):
        return None  # nothing beyond a pole
    return pygeohash.get_adjacent(cell, direction)


def covered_radius_km(lat: float, lon: float, precision: int) -> float:
    """A distance under which every point lies inside `block(lat, lon, precision)`.

    The smallest of: the distance to the block's northern and southern latitudes (along the meridian) and to the
    great circles of its eastern and western meridians (a lower bound of the distance to the meridians)."""
    box = pygeohash.get_bounding_box(pygeohash.encode(lat, lon, precision))
    height, width = box.max_lat - box.min_lat, box.max_lon - box.min_lon
    north = box.max_lat + height if box.max_lat + height <= 90 else box.max_lat
    south = box.min_lat - height if box.min_lat - height >= -90 else box.min_lat
    bounds = [math.radians(north - lat) * EARTH_RADIUS_KM, math.radians(lat - south) * EARTH_RADIUS_KM]
    if width * 3 < 360:
        for meridian in (box.min_lon - width, box.max_lon + width):
            cross = abs(math.sin(math.radians(meridian - lon))) * math.cos(math.radians(lat))
            bounds.append(EARTH_RADIUS_KM * math.asin(min(1.0, cross)))
    return max(0.0, min(bounds))
