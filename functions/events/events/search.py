"""What a search asks for (reference §8.2-8.3), checked: plain Python, no AWS.

`GET /events/search` parameters: status, title, query, city, location_name, tags, startDate, endDate (with an
optional IANA `timezone` for bounds given without offset, default UTC), organizationId, price=min,max (minor
units), sortBy=date|title|instant|price, sortOrder=asc|desc, near=lat,lon, other=upcoming|popular|
recently_added|feed, limit, cursor. Every value is checked (400), unknown parameters included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kernel.errors import FieldError, Forbidden, Unauthorized, ValidationFailed
from kernel.inputs import time_zone
from kernel.tags import canonical

from .domain import DRAFT, MAX_TAGS, PUBLISHED, STATUSES, utc

SORTS = ("date", "title", "instant", "price")
MODES = ("upcoming", "popular", "recently_added", "feed")
PARAMETERS = {"status", "title", "query", "city", "location_name", "locationName", "tags", "startDate", "endDate",
              "timezone", "organizationId", "price", "sortBy", "sortOrder", "near", "other", "limit", "cursor"}
MAX_TEXT = 100
MAX_PRICE = 10**11


@dataclass(frozen=True)
class Criteria:
    statuses: tuple[str, ...] = (PUBLISHED,)
    title: str | None = None  # case-folded substrings
    query: str | None = None
    city: str | None = None
    venue: str | None = None
    tags: tuple[str, ...] = ()
    start: str | None = None  # UTC instants, inclusive
    end: str | None = None
    organization_id: str | None = None
    price: tuple[int, int] | None = None
    sort_by: str = "date"
    descending: bool = False
    near: tuple[float, float] | None = None
    mode: str | None = None


def criteria(query: dict[str, str], caller_id: str | None, now: datetime) -> Criteria:
    errors: list[FieldError] = []
    unknown = sorted(set(query) - PARAMETERS)
    for name in unknown:
        errors.append(FieldError(name, "is not a search parameter" + (" (use cursor)" if name == "offset" else "")))
    organization = query.get("organizationId") or None
    statuses = _statuses(query.get("status"), errors)
    mode = query.get("other") or None
    if mode is not None and mode not in MODES:
        errors.append(FieldError("other", f"must be one of {', '.join(MODES)}"))
    sort_by = query.get("sortBy") or "date"
    if sort_by not in SORTS:
        errors.append(FieldError("sortBy", f"must be one of {', '.join(SORTS)}"))
    order = (query.get("sortOrder") or "asc").lower()
    if order not in ("asc", "desc"):
        errors.append(FieldError("sortOrder", "must be asc or desc"))
    zone = _zone(query.get("timezone"), errors)
    start = _bound(query.get("startDate"), zone, "startDate", errors, end=False)
    end = _bound(query.get("endDate"), zone, "endDate", errors, end=True)
    if start and end and start > end:
        errors.append(FieldError("startDate", "must not be after endDate"))
    tags = _tags(query.get("tags"), errors)
    found = Criteria(
        statuses=statuses or ((*STATUSES,) if organization and organization == caller_id else (PUBLISHED,)),
        title=_text(query, "title", errors), query=_text(query, "query", errors), city=_text(query, "city", errors),
        venue=_text(query, "location_name", errors) or _text(query, "locationName", errors), tags=tags,
        start=start, end=end, organization_id=organization, price=_price(query.get("price"), errors),
        sort_by=sort_by, descending=order == "desc", near=_near(query.get("near"), errors), mode=mode)
    if errors:
        raise ValidationFailed("Bad search", errors)
    if DRAFT in found.statuses and statuses:
        if caller_id is None:
            raise Unauthorized("Searching drafts needs a login")
        if organization != caller_id:
            raise Forbidden("Only your own drafts can be searched: set organizationId to your id")
    if found.mode == "upcoming":
        # Still to start: a start (whole seconds) after now, i.e. from the next whole second. An event starting
        # in the current second has started, and the completion sweep may already have completed it.
        moment = utc(now + timedelta(seconds=1))
        return Criteria(**{**found.__dict__, "start": max(found.start or moment, moment)})
    return found


def _statuses(raw: str | None, errors: list[FieldError]) -> tuple[str, ...]:
    if not raw:
        return ()
    wanted = [s.strip().upper() for s in raw.split(",") if s.strip()]
    bad = [s for s in wanted if s not in STATUSES]
    if bad:
        errors.append(FieldError("status", f"unknown status {', '.join(bad)}; one of {', '.join(STATUSES)}"))
    return tuple(dict.fromkeys(s for s in wanted if s in STATUSES))


def _text(query: dict[str, str], name: str, errors: list[FieldError]) -> str | None:
    value = (query.get(name) or "").strip()
    if len(value) > MAX_TEXT:
        errors.append(FieldError(name, f"at most {MAX_TEXT} characters"))
    return value.casefold() or None


def _tags(raw: str | None, errors: list[FieldError]) -> tuple[str, ...]:
    if not raw:
        return ()
    names = [t.strip() for t in raw.split(",") if t.strip()]
    unknown = [t for t in names if canonical(t) is None]
    if unknown:
        errors.append(FieldError("tags", f"not in the tag taxonomy: {', '.join(unknown)}"))
    found = tuple(dict.fromkeys(canonical(t) for t in names if canonical(t)))
    if len(found) > MAX_TAGS:
        errors.append(FieldError("tags", f"at most {MAX_TAGS} tags"))
    return found  # type: ignore[return-value]


def _zone(raw: str | None, errors: list[FieldError]) -> ZoneInfo:
    zone = time_zone(raw or "UTC")
    if zone is None:
        errors.append(FieldError("timezone", "must be an IANA time zone, like Europe/Rome"))
    return zone or ZoneInfo("UTC")


def _bound(raw: str | None, zone: ZoneInfo, name: str, errors: list[FieldError], end: bool) -> str | None:
    """A date-time (with offset, or local in `zone`) or a whole day, as a UTC instant."""
    if not raw:
        return None
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = datetime.combine(day + timedelta(days=1), time()) - timedelta(seconds=1) if end else \
                datetime.combine(day, time())
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        errors.append(FieldError(name, "must be a date or date-time, like 2026-07-15 or 2026-07-15T20:00:00"))
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return utc(moment.astimezone(UTC))


def _price(raw: str | None, errors: list[FieldError]) -> tuple[int, int] | None:
    if not raw:
        return None
    try:
        low, high = (int(part) for part in raw.split(","))
        if 0 <= low <= high <= MAX_PRICE:
            return low, high
    except ValueError:
        pass
    errors.append(FieldError("price", "must be min,max in minor units, 0 <= min <= max"))
    return None


def _near(raw: str | None, errors: list[FieldError]) -> tuple[float, float] | None:
    if not raw:
        return None
    try:
        lat, lon = (float(part) for part in raw.split(","))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
    except ValueError:
        pass
    errors.append(FieldError("near", "must be lat,lon with lat in [-90, 90] and lon in [-180, 180]"))
    return None
