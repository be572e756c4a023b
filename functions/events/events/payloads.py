"""The payloads of the domain events the events context publishes (events_schema/event.*.json)."""

from __future__ import annotations

from typing import Any

from .domain import Event, Transition, utc


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _starts(event: Event) -> str | None:
    start = event.starts_at
    return utc(start) if start else None


def _ends(event: Event) -> str | None:
    end = event.ends_at
    return utc(end) if end else None


def _location_name(event: Event) -> str | None:
    return event.location.display_name if event.location else None


def created(event: Event) -> dict[str, Any]:
    return _clean({"eventId": event.id, "creatorId": event.creator_id, "collaboratorIds": list(event.collaborator_ids),
                   "name": event.title, "date": event.date, "timezone": event.timezone, "startsAt": _starts(event),
                   "endDate": event.local_end, "endsAt": _ends(event), "status": event.status, "tags": list(event.tags),
                   "instant": int(event.created_at.timestamp() * 1000), "locationName": _location_name(event)})


updated = created  # event.updated carries the whole event as event.created does


def published(event: Event, creator_name: str) -> dict[str, Any]:
    return _clean({"eventId": event.id, "name": event.title, "creatorId": event.creator_id, "creatorName": creator_name,
                   "collaboratorIds": list(event.collaborator_ids), "date": event.date, "timezone": event.timezone,
                   "startsAt": _starts(event), "endDate": event.local_end, "endsAt": _ends(event),
                   "locationName": _location_name(event)})


def cancelled(event: Event) -> dict[str, Any]:
    return _clean({"eventId": event.id, "creatorId": event.creator_id, "name": event.title, "startsAt": _starts(event)})


def completed(event: Event) -> dict[str, Any]:
    return _clean({"eventId": event.id, "creatorId": event.creator_id, "name": event.title, "startsAt": _starts(event)})


def deleted(event: Event) -> dict[str, Any]:
    return {"eventId": event.id}


def collaboration(event: Event, organization_id: str, creator_name: str | None = None) -> dict[str, Any]:
    """event.collaborator.*: who was invited, accepted, declined or left, with the collaborators now (the
    accepted ones: interactions counts reviews for them)."""
    return _clean({"eventId": event.id, "creatorId": event.creator_id, "creatorName": creator_name,
                   "organizationId": organization_id, "collaboratorIds": list(event.collaborator_ids),
                   "name": event.title, "startsAt": _starts(event)})


def messages(transition: Transition, creator_name: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The domain events a transition causes, with their payloads, then an event.collaborator.invited per
    organization that learns of its invitation with it (notifications tells it who invited it)."""
    after, organization_id = transition.after, transition.organization_id
    found: list[tuple[str, dict[str, Any]]] = []
    for kind in transition.caused:
        if kind.startswith("event.collaborator."):
            found.append((kind, collaboration(after, organization_id or "")))
        elif kind == "event.published":
            found.append((kind, published(after, creator_name or "")))
        else:
            found.append((kind, _OF_EVENT[kind](after)))
    invited = [("event.collaborator.invited", collaboration(after, org, creator_name)) for org in transition.invited]
    return found + invited


_OF_EVENT = {"event.created": created, "event.updated": updated, "event.cancelled": cancelled,
             "event.completed": completed, "event.deleted": deleted}
