"""Every route of these contexts documents what its success answer carries (issue 17, architecture review §6): a
schema with the fields of the `http.View` model the handler sends, not a bare object. Contexts join the list as
their routes get their models."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESCRIBED = ("chat", "events", "interactions", "media", "notifications", "users")


def document(context: str) -> dict[str, Any]:
    """The context's OpenAPI document as `GET /<context>/openapi.json` builds it (no cloud)."""
    sys.path.insert(0, str(ROOT / "functions" / context))
    try:
        http = importlib.import_module("kernel.http")
        module = importlib.import_module(f"{context}.handlers.openapi")
        app = http.create_app(context, *module.ROUTERS)
        return json.loads(app.get_openapi_json_schema(security_schemes=http.security_schemes()))
    finally:
        sys.path.remove(str(ROOT / "functions" / context))


def resolved(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


@pytest.mark.parametrize("context", DESCRIBED)
def test_every_success_answer_has_the_schema_of_what_comes_back(context: str) -> None:
    doc = document(context)
    undescribed = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            if path.endswith(("/openapi.json", "/health")):
                continue
            for status, answer in operation["responses"].items():
                if not status.startswith("2") or status == "204":
                    continue
                content = answer.get("content", {})
                if set(content) == {"text/calendar"} and content["text/calendar"]["schema"] == {"type": "string"}:
                    continue  # a file (an iCalendar document), described by its media type
                schema = resolved(content["application/json"]["schema"], doc)
                if schema.get("type") == "array":  # a list (the tag taxonomy): described by what it holds
                    schema = resolved(schema.get("items", {}), doc)
                    if schema.get("type") in ("string", "integer", "number", "boolean"):
                        continue
                options = schema.get("anyOf", [schema])  # a union of views: each described
                if not all(resolved(option, doc).get("properties") for option in options):
                    undescribed.append(f"{method.upper()} {path} {status}")
    assert not undescribed, undescribed


def test_a_notifications_type_is_documented_as_the_vocabulary() -> None:
    doc = document("notifications")
    from notifications.domain import NoteType

    schema = resolved(resolved(doc["components"]["schemas"]["NotificationView"], doc)["properties"]["type"], doc)
    assert schema["enum"] == [t.value for t in NoteType]
