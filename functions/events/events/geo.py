"""Places: geohashes for the `near` index, great-circle distances, and blocks of cells growing around a point.

An event's place key is its 12-character geohash, so every cell of any precision is a key prefix. A `near`
search reads a block of cells of one precision around the point, growing it a row or a column at a time on the
side nearest to the point (a k-nearest search over the geohash grid): every event closer than the block's
`covered_km` is then known, and those are final in distance order.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pygeohash

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
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


class Grid:
    """The geohash cells of one precision as rows (latitude) and columns (longitude, wrapping around)."""

    def __init__(self, precision: int) -> None:
        self.precision = precision
        bits = 5 * precision
        self.rows, self.columns = 2 ** (bits // 2), 2 ** (bits - bits // 2)
        self.height, self.width = 180 / self.rows, 360 / self.columns  # degrees

    def row_of(self, lat: float) -> int:
        return min(self.rows - 1, int((lat + 90) // self.height))

    def column_of(self, lon: float) -> int:
        return min(self.columns - 1, int((lon + 180) // self.width))

    def cell(self, row: int, column: int) -> str:
        """The cell's geohash (`column` may be any integer: longitudes wrap)."""
        column %= self.columns
        return pygeohash.encode(-90 + (row + 0.5) * self.height, -180 + (column + 0.5) * self.width, self.precision)

    def area_km2(self, lat: float) -> float:
        return self.height * KM_PER_DEGREE * self.width * KM_PER_DEGREE * max(0.01, math.cos(math.radians(lat)))

    def farthest_km(self, lat: float, lon: float, row: int, column: int) -> float:
        """The greatest distance from the point to the cell: at a corner, for any cell not holding the antipode."""
        south, west = -90 + row * self.height, -180 + column * self.width
        return max(distance_km(lat, lon, la, lo) for la in (south, south + self.height)
                   for lo in (west, west + self.width))


class Block:
    """Rows south..north and columns west..east (unwrapped) of a grid around a point, grown one side at a time."""

    def __init__(self, grid: Grid, lat: float, lon: float) -> None:
        self.grid, self.lat, self.lon = grid, lat, lon
        row, column = grid.row_of(lat), grid.column_of(lon)
        self.south = self.north = row
        self.west = self.east = column

    def cells(self) -> Iterator[tuple[int, int]]:
        for row in range(self.south, self.north + 1):
            for column in range(self.west, self.east + 1):
                yield row, column

    def _sides(self) -> dict[str, float]:
        """How far each side's outside is from the point (a lower bound; inf when nothing lies beyond)."""
        g, lat = self.grid, self.lat
        north_edge, south_edge = -90 + (self.north + 1) * g.height, -90 + self.south * g.height
        sides = {"north": math.inf if self.north >= g.rows - 1 else (north_edge - lat) * KM_PER_DEGREE,
                 "south": math.inf if self.south <= 0 else (lat - south_edge) * KM_PER_DEGREE}
        if self.east - self.west + 1 >= g.columns:
            return {**sides, "east": math.inf, "west": math.inf}
        for side, edge in (("west", -180 + self.west * g.width), ("east", -180 + (self.east + 1) * g.width)):
            # the distance to the great circle of the edge's meridian: below the distance to anything beyond it
            angle = min(90.0, abs(edge - self.lon))
            cross = math.sin(math.radians(angle)) * math.cos(math.radians(lat))
            sides[side] = EARTH_RADIUS_KM * math.asin(min(1.0, cross))
        return sides

    def covered_km(self) -> float:
        """Every point nearer than this lies inside the block."""
        return max(0.0, min(self._sides().values()))

    def whole(self) -> bool:
        return self.covered_km() == math.inf

    def grow(self) -> list[tuple[int, int]]:
        """Add the row or column on the nearest side; answers the new cells."""
        side = min((distance, name) for name, distance in self._sides().items())[1]
        if side in ("north", "south"):
            row = self.north + 1 if side == "north" else self.south - 1
            self.north, self.south = max(self.north, row), min(self.south, row)
            return [(row, c) for c in range(self.west, self.east + 1)]
        column = self.east + 1 if side == "east" else self.west - 1
        self.east, self.west = max(self.east, column), min(self.west, column)
        return [(r, column) for r in range(self.south, self.north + 1)]

    def cells_for(self, radius_km: float) -> int:
        """About how many cells a block covering `radius_km` holds."""
        g = self.grid
        rows = min(g.rows, 2 * math.ceil(radius_km / (g.height * KM_PER_DEGREE)) + 1)
        width_km = g.width * KM_PER_DEGREE * max(0.01, math.cos(math.radians(self.lat)))
        return rows * min(g.columns, 2 * math.ceil(radius_km / width_km) + 1)
