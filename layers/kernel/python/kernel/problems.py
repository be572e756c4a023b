"""RFC 9457 problem details: the one error body every context answers with."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response

from .errors import DomainError, FieldError

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://eventonight.dev/problems/"


def problem(status: int, slug: str, title: str, detail: str, errors: list[FieldError] | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail, **extra}
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    return Response(status_code=status, content_type=CONTENT_TYPE, body=json.dumps(body), headers=headers or {})


def from_error(error: DomainError) -> Response:
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(max(1, int(retry_after)))} if retry_after is not None else None
    return problem(error.status, error.slug, error.title, error.detail, error.errors, headers=headers)
