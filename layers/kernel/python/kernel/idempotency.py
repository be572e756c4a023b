"""`Idempotency-Key` on creating commands: a retry with the same key answers the first result, once more.

Keys are scoped to the caller and the route; the same key with a different body is a 409.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.dynamodb import DynamoDBPersistenceLayer

from .errors import Conflict, FieldError, ValidationFailed

HEADER = "idempotency-key"
_CONFIG = IdempotencyConfig(event_key_jmespath="[scope, key]", payload_validation_jmespath="bodyHash",
                            expires_after_seconds=24 * 3600)


@cache
def _persistence() -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(table_name=os.environ["TABLE_NAME"], key_attr="PK", sort_key_attr="SK",
                                    expiry_attr="expiresAt", static_pk_value="IDEMPOTENCY#http")


def once(app: APIGatewayHttpResolver, scope: str, command: Callable[[], Response]) -> Response:
    """Run `command` unless this caller already sent this Idempotency-Key to this route; then replay."""
    key = (app.current_event.headers or {}).get(HEADER)
    if key is None:
        return command()
    if not 1 <= len(key) <= 255:
        raise ValidationFailed("Bad Idempotency-Key", [FieldError(HEADER, "must be 1 to 255 characters")])
    body_hash = hashlib.sha256((app.current_event.body or "").encode()).hexdigest()
    route = f"{app.current_event.request_context.http.method} {app.current_event.route_key}"
    # the invocation's deadline bounds the "in progress" record: after a timeout or a crash the same key runs
    # again once that deadline has passed, instead of answering 409 for the record's whole 24 hours
    _CONFIG.register_lambda_context(app.lambda_context)

    @idempotent_function(data_keyword_argument="request", config=_CONFIG, persistence_store=_persistence())
    def run(request: dict[str, Any]) -> dict[str, Any]:
        response = command()
        return {"status": response.status_code, "body": response.body, "headers": response.headers,
                "contentType": response.content_type}

    try:
        stored = run(request={"scope": f"{scope}|{route}", "key": key, "bodyHash": body_hash})
    except IdempotencyValidationError as error:
        raise Conflict("This Idempotency-Key was used with a different request") from error
    except IdempotencyAlreadyInProgressError as error:
        raise Conflict("A request with this Idempotency-Key is still in progress") from error
    headers = {k: v for k, v in (stored["headers"] or {}).items() if isinstance(v, str)}
    return Response(status_code=stored["status"], content_type=stored["contentType"],
                    body=stored["body"] if isinstance(stored["body"], str) else json.dumps(stored["body"]),
                    headers=headers)
