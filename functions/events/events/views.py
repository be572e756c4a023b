"""What the events API sends: the Event JSON of reference §2.2 (absent fields left out), in api-conventions form.

Dates: `date` (local) with `timezone`, and `startsAt`, the UTC instant; `instant` is the creation instant.
Prices: `isFree`, and `price: {min, max}` as money once ticket types exist. The document is stored with the event
(store.document); `creatorName`, the organizer's current name, comes from the users replica (kept from user.*
events), read with the page. Its creator also sees `invitedCollaboratorIds`, the organizations invited that have not
accepted yet (they are nobody else's business, and not collaborators: security review M7).
"""

from __future__ import annotations

import json
from typing import Any

from . import store


def event_views(items: list[store.EventItem], viewer_id: str | None = None) -> list[dict[str, Any]]:
    """Views of a page of events, with their organizers' names (one BatchGetItem)."""
    users = store.users([item.creatorId for item in items])
    views = []
    for item in items:
        view = json.loads(item.doc)  # type: ignore[arg-type]
        name = users[item.creatorId].name if item.creatorId in users else None
        if name:
            view["creatorName"] = name
        if viewer_id is not None and viewer_id == item.creatorId and getattr(item, "invitedIds", None):
            view["invitedCollaboratorIds"] = list(item.invitedIds)
        views.append(view)
    return views
