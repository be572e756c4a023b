"""GET /events/tags: the tag taxonomy by category; GET /events/tags/{category}: one category's tags (an unknown
category has none: [])."""

from __future__ import annotations

from kernel import http
from kernel.tags import TAXONOMY

from ..views import TagNames, Taxonomy, documented, respond

router = http.router()
CACHE = {"Cache-Control": "public, max-age=3600"}


@router.get("/events/tags", responses=documented(200, "The tag taxonomy by category", model=Taxonomy))
def all_tags() -> object:
    return respond(200, Taxonomy, [{"category": c, "tags": list(t)} for c, t in TAXONOMY.items()], CACHE)


@router.get("/events/tags/<category>", responses=documented(200, "The category's tags ([] for none)", model=TagNames))
def tags_of(category: str) -> object:
    found = next((list(t) for c, t in TAXONOMY.items() if c.lower() == category.lower()), [])
    return respond(200, TagNames, found, CACHE)


handler = http.entrypoint(http.create_app("events", router))
