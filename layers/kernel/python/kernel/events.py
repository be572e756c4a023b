"""Domain events: the envelope every context publishes (api-conventions), checked against events_schema/."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).parent / "event_schemas"  # events_schema/ of the repository, shipped in this layer
# The order an event's status moves in (the events context's lifecycle, as its event.* messages tell it):
# DRAFT -> PUBLISHED -> CANCELLED | COMPLETED. A consumer's replica keeps it forward only (kernel.replica).
EVENT_STATUS_RANK = {"DRAFT": 0, "PUBLISHED": 1, "CANCELLED": 2, "COMPLETED": 2}


class UnknownEventType(ValueError):
    pass


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def envelope(event_type: str, producer: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A new domain event, valid against its schema (a producer bug fails here, before anything is written)."""
    event = {"eventId": str(uuid.uuid4()), "eventType": event_type, "occurredAt": now_iso(), "version": 1,
             "producer": producer, "payload": payload}
    validate(event)
    return event


@cache
def _registry() -> Any:
    """Every schema of events_schema/, so that `$ref`s between them (the shared envelope) resolve."""
    from referencing import Registry, Resource

    resources = []
    for path in SCHEMAS.glob("*.json"):
        resource = Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))
        resources += [(path.name, resource), (resource.id() or path.name, resource)]
    return Registry().with_resources(resources)


@cache
def _validator(event_type: str) -> Any:
    from jsonschema import Draft202012Validator

    path = SCHEMAS / f"{event_type}.json"
    if not path.is_file():
        raise UnknownEventType(f"no schema for {event_type} in events_schema/")
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(event: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError (or UnknownEventType) when the event breaks its contract."""
    _validator(str(event.get("eventType"))).validate(event)
