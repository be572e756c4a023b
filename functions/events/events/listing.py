"""Searches, read from the listing indexes (no Scan): how each one is served and what it costs.

Every event item and entry sits in one listing partition SEL (its status, or status+tag, or status+organization)
and carries one sort key per order (store.INDEXES). A search becomes a *plan*: the index of its order, the
partitions it reads (one per wanted status, times one per wanted tag when tags select, or the organization's),
key bounds when the order's key is also a filter (a date range on ByDate, a price ceiling on ByPrice, today
onwards for `upcoming`), and a FilterExpression for everything else. The partitions are read in order, page by
page, and merged on the sort key (an event found under two tags has the same key twice and is kept once).
The cursor is the last key returned: a page resumes every partition right after it, however deep it is.

Costs (items read per page of n): n+1 per partition when nothing is filtered; with filters, n / selectivity,
bounded by MAX_SCANNED per request (a page may then hold fewer than n items, with a cursor to go on).
`near` is a k-nearest search over geohash cells (near_page): about n+1 events beyond the cursor plus a few
Queries where events are dense (one per cell of a block grown around the point), a coarser grid where they are
sparse, the whole partition as a last resort; then one BatchGetItem for the page's documents.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kernel.aws import client
from kernel.errors import FieldError, ValidationFailed
from kernel.pagination import decode_cursor, encode_cursor

from . import geo, store
from .search import Criteria

MAX_SCANNED = 1000
MAX_PAGE = 400
Item = store.EventItem


@dataclass
class Budget:
    left: int = MAX_SCANNED

    def spend(self, count: int) -> None:
        self.left -= count

    @property
    def spent(self) -> bool:
        return self.left <= 0


class Expression:
    """A FilterExpression (or key condition) under construction, with its placeholders."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def name(self, attribute: str) -> str:
        placeholder = f"#{attribute}"
        self.names[placeholder] = attribute
        return placeholder

    def value(self, value: str | int) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = {"N": str(value)} if isinstance(value, int) else {"S": value}
        return placeholder


@dataclass
class Plan:
    index: str  # a key of store.INDEXES
    partitions: list[str]
    forward: bool = True
    lower: str | None = None  # inclusive bounds of the sort key
    upper: str | None = None
    filters: list[Callable[[Expression], str]] = field(default_factory=list)
    accept: Callable[[Item], bool] = lambda item: True

    @property
    def index_name(self) -> str:
        return store.INDEXES[self.index][0]

    @property
    def sort_attribute(self) -> str:
        return store.INDEXES[self.index][1]


PAGE_ATTRIBUTES = ("eventId", "creatorId", "creatorNameAt", "doc", "prices")  # what a page needs besides the sort key
PLACE_ATTRIBUTES = ("eventId", "lat", "lon", "prices")  # what ranking by distance needs


def _query(plan: Plan, partition: str, key: Callable[[Expression], str] | None, start: dict | None,
           limit: int | None, attributes: tuple[str, ...]) -> dict[str, Any]:
    """One Query returning only `attributes` (moto's cost, and DynamoDB's bandwidth, grows with every value)."""
    expression = Expression()
    condition = f"{expression.name('SEL')} = {expression.value(partition)}"
    if key is not None:
        condition += f" AND {key(expression)}"
    request: dict[str, Any] = {"TableName": Item.Meta.table_name, "IndexName": plan.index_name,
                               "KeyConditionExpression": condition, "ScanIndexForward": plan.forward}
    filters = [f(expression) for f in plan.filters]
    if filters:
        request["FilterExpression"] = " AND ".join(f"({f})" for f in filters)
    if limit:
        request["Limit"] = limit
    if start:
        request["ExclusiveStartKey"] = start
    request["ProjectionExpression"] = ", ".join(expression.name(a) for a in attributes)
    request["ExpressionAttributeNames"] = expression.names
    request["ExpressionAttributeValues"] = expression.values
    return client("dynamodb").query(**request)


# --- ordered searches --------------------------------------------------------------------------------------------


def _after(key: str) -> str:
    """The least string above `key` and every key it precedes: no stored key extends another (they end in an id)."""
    return key + " "


def _before(key: str) -> str:
    """The greatest bound below `key` and above every key that precedes it."""
    return key[:-1] + chr(ord(key[-1]) - 1) + "\U0010ffff"


class _Partition:
    """One partition of a plan's index, read in order from a position, a page at a time."""

    def __init__(self, plan: Plan, partition: str, after: str | None, first_page: int) -> None:
        self.plan, self.partition, self.frontier = plan, partition, after
        lower, upper = plan.lower, plan.upper
        if after is not None:
            if plan.forward:
                lower = max(lower, _after(after)) if lower else _after(after)
            else:
                upper = min(upper, _before(after)) if upper else _before(after)
        self.lower, self.upper = lower, upper
        self.buffer: deque[Item] = deque()
        self.start: dict | None = None
        self.done = bool(lower and upper and lower > upper)
        self.pages = 0
        self.first_page = first_page

    def _key_condition(self, expression: Expression) -> str:
        attribute = expression.name(self.plan.sort_attribute)
        if self.lower and self.upper:
            return f"{attribute} BETWEEN {expression.value(self.lower)} AND {expression.value(self.upper)}"
        if self.lower:
            return f"{attribute} >= {expression.value(self.lower)}"
        return f"{attribute} <= {expression.value(self.upper)}"  # type: ignore[arg-type]

    def fetch(self, budget: Budget) -> None:
        size = min(MAX_PAGE, self.first_page * 2 ** self.pages)
        key = self._key_condition if (self.lower or self.upper) else None
        response = _query(self.plan, self.partition, key, self.start, size,
                          (*PAGE_ATTRIBUTES, self.plan.sort_attribute))
        self.pages += 1
        budget.spend(int(response.get("ScannedCount", len(response["Items"]))))
        for raw in response["Items"]:
            item = Item.from_raw_data(raw)
            if self.plan.accept(item):
                self.buffer.append(item)
        self.start = response.get("LastEvaluatedKey")
        if self.start:
            self.frontier = self.start[self.plan.sort_attribute]["S"]
        else:
            self.done = True

    def head(self) -> str:
        return getattr(self.buffer[0], self.plan.sort_attribute)


def ordered_page(plan: Plan, after: str | None, limit: int, budget: Budget) -> tuple[list[Item], str | None, bool]:
    """Up to `limit` items after `after`, merged across the plan's partitions.

    Answers (items, where the next page starts, whether the plan is finished)."""
    first_page = limit + 1 if not plan.filters else max(limit + 1, 50)
    readers = [_Partition(plan, p, after, first_page) for p in dict.fromkeys(plan.partitions)]
    out: list[Item] = []
    last: str | None = None

    def earliest(candidates: list[_Partition]) -> _Partition:
        pick = min if plan.forward else max
        return pick(candidates, key=lambda r: r.head())

    def take(reader: _Partition) -> None:
        nonlocal last
        item = reader.buffer.popleft()
        key = getattr(item, plan.sort_attribute)
        if key != last:
            out.append(item)
            last = key

    stuck: list[_Partition] = []
    while len(out) <= limit:
        for reader in readers:
            while not reader.buffer and not reader.done:
                if budget.spent and reader.pages:
                    stuck.append(reader)
                    break
                reader.fetch(budget)
        if stuck:
            break
        ready = [r for r in readers if r.buffer]
        if not ready:
            return out, None, True
        take(earliest(ready))
    if len(out) > limit:
        return out[:limit], getattr(out[limit - 1], plan.sort_attribute), False
    # out of budget: go on up to the least advanced partition that still has more to read
    frontier: str = (min if plan.forward else max)(r.frontier or "" for r in stuck)
    while len(out) < limit:
        ready = [r for r in readers if r.buffer and (r.head() <= frontier if plan.forward else r.head() >= frontier)]
        if not ready:
            return out, frontier, False
        take(earliest(ready))
    return out, last, False


# --- near --------------------------------------------------------------------------------------------------------


class _Descending:
    def __init__(self, key: str) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return self.key > other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.key == other.key


def _distance(item: Item, lat: float, lon: float) -> float:
    if item.lat is None or item.lon is None:
        return math.inf
    return geo.distance_km(lat, lon, float(item.lat), float(item.lon))


def near_page(plan: Plan, point: tuple[float, float], after: tuple[float, str] | None, limit: int,
              secondary: str) -> tuple[list[Item], tuple[float, str] | None]:
    """Up to `limit` items by distance from `point` (then by `secondary`), after the cursor's (distance, key).

    A k-nearest search: a block of cells grows around the point, nearest side first, until more than `limit`
    events beyond the cursor lie closer than anything outside it. Cells wholly nearer than the cursor are not
    read. When the events read so far say a coarser grid would read less, the search moves to it; the whole
    partition is the last resort."""
    lat, lon = point
    skip_km = after[0] if after else 0.0

    def rank(item: Item) -> tuple[float, Any]:
        key = getattr(item, secondary)
        return _distance(item, lat, lon), (key if plan.forward else _Descending(key))

    threshold = None if after is None else (after[0], after[1] if plan.forward else _Descending(after[1]))
    partitions = list(dict.fromkeys(plan.partitions))
    found: dict[str, Item] = {}
    precision = _start_precision(lat, skip_km, limit)
    while True:
        final = _grow_block(plan, partitions, point, precision, skip_km, limit, secondary, rank, threshold, found)
        if isinstance(final, int):
            precision = final
            continue
        page = final[:limit]
        documents = _documents([item.eventId for _, item in page])
        items = [documents[item.eventId] for _, item in page if item.eventId in documents]
        if len(final) <= limit:
            return items, None
        return items, (page[-1][0][0], getattr(page[-1][1], secondary))


NEAR_START = 6  # cells of about 1.2 x 0.6 km
QUERY_COST = 10  # a Query costs about as much as reading this many items (moto: ~8 ms against ~0.75 ms)
MAX_CELLS = 150  # of one precision, before trying a coarser one
MIN_CELLS = 2  # read before judging the density
EMPTY_GUESS = 0.05  # events in the cells read, when none was: a sparse place, likely


def _start_precision(lat: float, skip_km: float, limit: int) -> int:
    """The first grid: fine, or for a page far out, one whose cells near the cursor's circle are few."""
    precision = NEAR_START
    while precision > 1 and geo.Block(geo.Grid(precision), lat, 0).cells_for(skip_km) > MAX_CELLS // 2:
        precision -= 1
    return precision


def _grow_block(plan: Plan, partitions: list[str], point: tuple[float, float], precision: int, skip_km: float,
                limit: int, secondary: str, rank: Callable[[Item], Any], threshold: Any,
                found: dict[str, Item]) -> list[tuple[Any, Item]] | int:
    """The ranked events closer than the block, once more than `limit` (or all there are); or the precision to
    go on with instead."""
    lat, lon = point
    if precision == 0:
        for partition in partitions:
            for item in _read_cell(plan, partition, "", secondary):
                found[item.eventId] = item
        return _ranked(found, plan, rank, threshold, math.inf)
    grid = geo.Grid(precision)
    block = geo.Block(grid, lat, lon)
    new_cells = list(block.cells())
    read_cells = seen = 0
    while True:
        for row, column in new_cells:
            if skip_km and grid.farthest_km(lat, lon, row, column) < skip_km - 1e-6:
                continue  # everything in it is before the cursor
            read_cells += 1
            for partition in partitions:
                for item in _read_cell(plan, partition, grid.cell(row, column), secondary):
                    found[item.eventId] = item
                    seen += 1
        covered = block.covered_km()
        final = _ranked(found, plan, rank, threshold, covered)
        if len(final) > limit or block.whole():
            return final
        coarser = _cheaper_precision(block, read_cells, seen, len(partitions), skip_km, limit)
        if coarser is not None:
            return coarser
        new_cells = block.grow()


def _ranked(found: dict[str, Item], plan: Plan, rank: Callable[[Item], Any], threshold: Any,
            covered: float) -> list[tuple[Any, Item]]:
    ranked = sorted(((rank(item), item) for item in found.values() if plan.accept(item)), key=lambda p: p[0])
    return [(r, item) for r, item in ranked if (threshold is None or threshold < r) and r[0] <= covered]


def _cheaper_precision(block: geo.Block, read_cells: int, seen: int, partitions: int, skip_km: float,
                       limit: int) -> int | None:
    """A coarser precision, when the density of events read so far says it costs less to finish there."""
    grid, lat = block.grid, block.lat
    if read_cells < MIN_CELLS and read_cells < MAX_CELLS:
        return None  # too few to judge by
    # events per km2 and partition; none read yet says at most one, likely far fewer (a coarser grid, soon)
    density = (seen or EMPTY_GUESS) / (read_cells * grid.area_km2(lat) * partitions)
    # uniform density says how far the page reaches; a block that keeps growing says it is sparser than that
    radius = max(math.sqrt((limit + 1) / (density * math.pi) + skip_km ** 2), 2 * block.covered_km())

    def cost(precision: int, cells_done: int = 0) -> float:
        other = geo.Block(geo.Grid(precision), lat, block.lon)
        cells = other.cells_for(radius)
        items = density * partitions * cells * other.grid.area_km2(lat)
        return max(0, cells - cells_done) * partitions * QUERY_COST + items

    here = cost(grid.precision, read_cells)
    options = [(cost(p), p) for p in range(grid.precision - 1, 0, -1)]
    best_cost, best = min(options, default=(math.inf, 0))
    if read_cells >= MAX_CELLS:
        return best if best else 0
    return best if best_cost < here else None


def _documents(event_ids: list[str]) -> dict[str, Item]:
    """The documents of a page of events, by id (one BatchGetItem)."""
    if not event_ids:
        return {}
    keys = [(store.event_key(i), store.MAIN) for i in event_ids]
    return {item.eventId: item for item in Item.batch_get(keys, attributes_to_get=list(PAGE_ATTRIBUTES))}


def _read_cell(plan: Plan, partition: str, cell: str, secondary: str) -> list[Item]:
    def in_cell(expression: Expression) -> str:
        return f"begins_with({expression.name('PLACEKEY')}, {expression.value(cell)})"

    items, start = [], None
    while True:
        response = _query(plan, partition, in_cell if cell else None, start, None, (*PLACE_ATTRIBUTES, secondary))
        items += [Item.from_raw_data(raw) for raw in response["Items"]]
        start = response.get("LastEvaluatedKey")
        if not start:
            return items


# --- from criteria to plans ----------------------------------------------------------------------------------------


def _contains(attribute: str, value: str) -> Callable[[Expression], str]:
    return lambda e: f"contains({e.name(attribute)}, {e.value(value)})"


def _any_tag(tags: tuple[str, ...], negate: bool = False) -> Callable[[Expression], str]:
    def expression(e: Expression) -> str:
        text = " OR ".join(f"contains({e.name('tags')}, {e.value(tag)})" for tag in tags)
        return f"NOT ({text})" if negate else text
    return expression


def _text_filters(c: Criteria) -> list[Callable[[Expression], str]]:
    filters = []
    if c.title:
        filters.append(_contains("titleLower", c.title))
    if c.query:
        q = c.query
        filters.append(lambda e: " OR ".join(f"contains({e.name(a)}, {e.value(q)})"
                                             for a in ("titleLower", "venueLower", "cityLower")))
    if c.city:
        filters.append(_contains("cityLower", c.city))
    if c.venue:
        filters.append(_contains("venueLower", c.venue))
    return filters


def _date_filter(c: Criteria) -> Callable[[Expression], str]:
    def expression(e: Expression) -> str:
        attribute = e.name("startsAt")
        if c.start and c.end:
            return f"{attribute} BETWEEN {e.value(c.start)} AND {e.value(c.end)}"
        if c.start:
            return f"{attribute} >= {e.value(c.start)}"
        return f"{attribute} <= {e.value(c.end)}"  # type: ignore[arg-type]
    return expression


def _price_filter(low: int, high: int, with_ceiling: bool) -> Callable[[Expression], str]:
    def expression(e: Expression) -> str:
        floor = f"{e.name('maxPrice')} >= {e.value(low)}"
        return f"{e.name('minPrice')} <= {e.value(high)} AND {floor}" if with_ceiling else floor
    return expression


def _selection(c: Criteria, tags_select: bool) -> tuple[list[str], list[Callable[[Expression], str]]]:
    """The partitions to read, and the filter the selection still needs."""
    if c.organization_id:
        partitions = [f"{s}#ORG#{c.organization_id}" for s in c.statuses]
        return partitions, ([_any_tag(c.tags)] if c.tags and tags_select else [])
    if c.tags and tags_select:
        return [f"{s}#TAG#{t}" for s in c.statuses for t in c.tags], []
    return list(c.statuses), []


def plan_for(c: Criteria, index: str, forward: bool, tags_select: bool = True,
             extra: list[Callable[[Expression], str]] | None = None) -> Plan:
    partitions, filters = _selection(c, tags_select)
    filters += _text_filters(c) + (extra or [])
    plan = Plan(index=index, partitions=partitions, forward=forward, filters=filters)
    if c.start or c.end:
        if index == "date":
            plan.lower, plan.upper = c.start, (c.end + "#~" if c.end else None)
        else:
            plan.filters.append(_date_filter(c))
    if c.price:
        low, high = c.price
        if index == "price":
            plan.upper = f"{high:012d}#~"
        plan.filters.append(_price_filter(low, high, with_ceiling=index != "price"))
        plan.accept = lambda item: any(low <= int(p) <= high for p in (item.prices or [0]))  # type: ignore
    return plan


def plans_for(c: Criteria) -> list[Plan]:
    """The plans a search reads one after the other (two for `feed`: its preferred tags first, then the rest)."""
    forward = not c.descending
    if c.mode == "popular":
        return [plan_for(c, "score", False)]
    if c.mode == "recently_added":
        return [plan_for(c, "instant", False)]
    if c.mode == "feed" and c.tags:
        return [plan_for(c, c.sort_by, forward), plan_for(c, c.sort_by, forward, tags_select=False,
                                                          extra=[_any_tag(c.tags, negate=True)])]
    if c.mode == "feed":
        return [plan_for(c, c.sort_by, forward, tags_select=False)]
    return [plan_for(c, c.sort_by, forward)]


# --- the search ----------------------------------------------------------------------------------------------------


def _mode(c: Criteria) -> str:
    if c.near and not c.mode:
        return f"near:{c.sort_by}:{'desc' if c.descending else 'asc'}"
    return f"{c.mode or 'search'}:{c.sort_by}:{'desc' if c.descending else 'asc'}"


def _bad_cursor() -> ValidationFailed:
    return ValidationFailed("Bad paging parameters", [FieldError("cursor", "is not a cursor of this search")])


def _cursor_values(cursor: str, names: tuple[str, ...]) -> list[str]:
    """The cursor's values in the order of `names`; a forged one is a 400 (the key becomes a DynamoDB bound: at most
    1 KB, no control characters to step below, no lone surrogates boto3 cannot encode)."""
    try:
        raw = decode_cursor(cursor, names)
    except ValueError as error:
        raise _bad_cursor() from error
    values = [next(iter(raw[name].values())) for name in names]
    if any(len(v) > 1024 or any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in v) for v in values):
        raise _bad_cursor()
    return values


def _number(text: str, kind: type) -> Any:
    try:
        return kind(text)
    except ValueError:
        return None


def search(c: Criteria, limit: int, cursor: str | None) -> tuple[list[Item], str | None]:
    mode = _mode(c)
    if c.near and not c.mode:
        position: tuple[float, str] | None = None
        if cursor:
            m, d, k = _cursor_values(cursor, ("m", "d", "k"))
            distance = _number(d, float)
            if m != mode or distance is None or not math.isfinite(distance):
                raise _bad_cursor()
            position = (distance, k)
        plan = plan_for(c, "place", not c.descending)
        items, last = near_page(plan, c.near, position, limit, store.INDEXES[c.sort_by][1])
        next_cursor = encode_cursor({"m": {"S": mode}, "d": {"S": repr(last[0])}, "k": {"S": last[1]}}) \
            if last else None
        return items, next_cursor
    plans = plans_for(c)
    group, after = 0, None  # type: tuple[int, str | None]
    if cursor:
        m, g, k = _cursor_values(cursor, ("m", "g", "k"))
        group, after = _number(g, int), k or None  # type: ignore[assignment]
        if m != mode or group is None or not 0 <= group < len(plans):
            raise _bad_cursor()
    budget, found = Budget(), []  # type: tuple[Budget, list[Item]]
    while group < len(plans):
        items, resume, finished = ordered_page(plans[group], after, limit - len(found), budget)
        found += items
        if not finished:
            return found, encode_cursor({"m": {"S": mode}, "g": {"N": str(group)}, "k": {"S": resume or ""}})
        group, after = group + 1, None
        if len(found) >= limit and group < len(plans):
            return found, encode_cursor({"m": {"S": mode}, "g": {"N": str(group)}, "k": {"S": ""}})
    return found, None
