"""What ticketing knows of an event (a replica fed by `event.*`) and the rules it sets for tickets."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.errors import Conflict, Forbidden, NotFound
from kernel.events import EVENT_STATUS_RANK

from .common import EVENT_NOT_FOUND

DRAFT, PUBLISHED, CANCELLED, COMPLETED = "DRAFT", "PUBLISHED", "CANCELLED", "COMPLETED"
STATUS_RANK = EVENT_STATUS_RANK  # an event only moves forward; late messages never move it back


class NotOnSale(Conflict):
    def __init__(self, event_id: str, why: str = "it is not published") -> None:
        super().__init__(f"Cannot reserve tickets for event {event_id} because {why}")


class ClosedForTypes(Conflict):
    def __init__(self) -> None:
        super().__init__("The event is no longer open for ticket types")


@dataclass(frozen=True)
class Event:
    event_id: str
    creator_id: str
    status: str
    title: str | None
    date: str | None
    starts_at: str | None  # UTC instant, once the events context has told it
    end_date: str | None = None  # local, in `timezone`
    ends_at: str | None = None  # UTC instant
    timezone: str | None = None
    collaborator_ids: tuple[str, ...] = ()  # organizations that accepted to collaborate

    def visible_to(self, viewer_id: str | None) -> bool:
        """Its creator sees it in any status; everybody else only once published (reference §1.2)."""
        return viewer_id == self.creator_id or self.status == PUBLISHED

    def require_creator(self, user_id: str, refusal: str = "Only the event's creator can manage its ticket types"
                        ) -> None:
        if user_id != self.creator_id:
            raise Forbidden(refusal)

    def require_open_for_types(self) -> None:
        if self.status in (CANCELLED, COMPLETED):
            raise Conflict(f"The event is {self.status.lower()}: its ticket types cannot change")

    def require_on_sale(self, now: str) -> None:
        if self.status != PUBLISHED:
            raise NotOnSale(self.event_id)
        if self.starts_at is not None and self.starts_at <= now:
            raise NotOnSale(self.event_id, "it has already started")


def visible_or_404(event: Event | None, viewer_id: str | None) -> Event:
    if event is None or not event.visible_to(viewer_id):
        raise NotFound(EVENT_NOT_FOUND)
    return event
