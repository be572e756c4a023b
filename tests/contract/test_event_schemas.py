"""The event contracts in events_schema/: valid JSON Schemas, every example valid, every event type named once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from kernel import events

SCHEMAS = Path(__file__).resolve().parents[2] / "events_schema"
EVENT_TYPES = sorted(p.stem for p in SCHEMAS.glob("*.json") if not p.name.startswith("_"))
EXAMPLES = sorted((SCHEMAS / "examples").glob("*.json"))


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_each_schema_is_a_valid_schema_for_its_own_event_type(event_type: str) -> None:
    schema = json.loads((SCHEMAS / f"{event_type}.json").read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["title"] == event_type
    assert schema["properties"]["eventType"] == {"const": event_type}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_is_valid(example: Path) -> None:
    event = json.loads(example.read_text())
    assert event["eventType"] == example.stem
    events.validate(event)


def test_every_event_type_has_an_example() -> None:
    assert {p.stem for p in EXAMPLES} == set(EVENT_TYPES)


def test_an_event_that_breaks_its_contract_is_refused() -> None:
    example = json.loads((SCHEMAS / "examples" / "user.deleted.json").read_text())
    broken = {**example, "payload": {"id": "not-a-uuid"}}
    with pytest.raises(Exception, match="uuid"):
        events.validate(broken)
    with pytest.raises(events.UnknownEventType):
        events.validate({**example, "eventType": "user.exploded"})
