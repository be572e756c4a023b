"""The example envelopes of events_schema/examples, made safe to put on a shared platform's bus."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "events_schema" / "examples"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def with_fresh_ids(texts: dict[str, str]) -> dict[str, dict]:
    """The examples with every id replaced by a new one, the same one wherever the examples share it: other modules
    put the same examples on the shared platform's bus, and a consumer rightly drops an eventId it has handled
    and refuses an event or user it has seen deleted."""
    fresh: dict[str, str] = {}
    return {t: json.loads(UUID.sub(lambda m: fresh.setdefault(m.group(), str(uuid.uuid4())), text))
            for t, text in texts.items()}


def fresh_examples(*event_types: str) -> dict[str, dict]:
    """event type -> its example envelope, with fresh ids shared across these examples (see with_fresh_ids)."""
    return with_fresh_ids({t: (EXAMPLES / f"{t}.json").read_text(encoding="utf-8") for t in event_types})
