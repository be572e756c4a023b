"""GET /events/tags: the tag taxonomy by category; GET /events/tags/{category}: one category's tags (an unknown
category has none: [])."""

from __future__ import annotations

from kernel import http
from kernel.tags import TAXONOMY

router = http.router()
CACHE = {"Cache-Control": "public, max-age=3600"}


@router.get("/events/tags")
def all_tags() -> object:
    return http.json_response(200, [{"category": c, "tags": list(t)} for c, t in TAXONOMY.items()], CACHE)


@router.get("/events/tags/<category>")
def tags_of(category: str) -> object:
    found = next((list(t) for c, t in TAXONOMY.items() if c.lower() == category.lower()), [])
    return http.json_response(200, found, CACHE)


handler = http.entrypoint(http.create_app("events", router))
