"""The HTTP side of every context: the powertools resolver with pydantic validation, problem+json errors mapped
once, body limits, `GET /<context>/health` and `GET /<context>/openapi.json`.

One Lambda per command or query: a use-case module declares its route on a `Router` and exports
`handler = http.entrypoint(http.create_app("users", router))`; the context's OpenAPI function includes every
router of the context.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.logging import correlation_paths
from pydantic import BaseModel, ConfigDict, SerializationInfo, SerializerFunctionWrapHandler, model_serializer
from pydantic.alias_generators import to_camel

from . import inputs
from .auth import Caller, KeyedReads, caller_from, optional_caller_from
from .errors import DomainError, FieldError, NotFound, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from .headers import SECURITY_HEADERS
from .problems import CONTENT_TYPE, TYPE_BASE, from_error, problem

logger = Logger()
MAX_BODY_BYTES = 1024 * 1024
# A route that needs a caller declares `security=http.AUTHENTICATED`: its OpenAPI operation says so, and a request
# without a valid token is a 401 even when its input is also invalid (powertools validates before the route runs).
AUTHENTICATED: list[dict[str, list[str]]] = [{"bearer": []}]


def security_schemes() -> dict[str, Any]:
    """The OpenAPI document's security schemes. Built when a document is: powertools' OpenAPI models (pydantic)
    were a third of an HTTP function's imports at each cold start, and a request never needs them."""
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    return {"bearer": HTTPBearer(bearerFormat="JWT", description="The Cognito access token")}


class Command(BaseModel):
    """A request body: camelCase on the wire, unknown fields refused, strings trimmed. Its validator is built at
    its first use (`defer_build`), as View's serialiser: a cold start builds those of its own route, not of every
    model its context declares."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True,
                              str_strip_whitespace=True, defer_build=True)


class View(BaseModel):
    """A response body (documented with `kernel.responses`): camelCase on the wire. A field with a default is left
    out while it is None; a field without one is always sent, null included (`nextCursor` of the last page)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)

    @model_serializer(mode="wrap")
    def _absent_left_out(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo):  # type: ignore[no-untyped-def]
        # no return annotation: it would stand for the model's own schema in the OpenAPI document
        data = handler(self)
        for name, field in type(self).model_fields.items():
            if not field.is_required() and getattr(self, name) is None:
                data.pop(field.alias if info.by_alias and field.alias else name, None)
        return data


def json_response(status: int, body: BaseModel | dict | list | None = None,
                  headers: dict[str, str] | None = None) -> Response:
    if isinstance(body, BaseModel):
        payload: Any = body.model_dump(mode="json", by_alias=True)
    else:
        payload = body
    return Response(status_code=status, content_type="application/json",
                    body=json.dumps(payload) if payload is not None else "", headers=headers or {})


def _field(location: tuple) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _refused(event: dict[str, Any]) -> DomainError | None:
    """413 for a body over 1 MB, 415 for a body that is not JSON, 400 for one that is not UTF-8; checked before the
    request is validated."""
    body = event.get("body") or ""
    size = len(body.encode()) if isinstance(body, str) else len(body)
    if (size * 3 // 4 if event.get("isBase64Encoded") else size) > MAX_BODY_BYTES:
        return PayloadTooLarge("The body may not exceed 1 MB")
    content_type = {k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("content-type", "")
    method = event.get("requestContext", {}).get("http", {}).get("method", "")
    if body and method in ("POST", "PUT", "PATCH") and not content_type.startswith("application/json"):
        return UnsupportedMediaType("Send the body as application/json")
    if body and event.get("isBase64Encoded") and not _is_utf8(body):  # the gateway base64s what is not UTF-8
        return ValidationFailed("The body is not valid JSON", [FieldError("body", "must be UTF-8 JSON")])
    return None


def _is_utf8(encoded: str) -> bool:
    try:
        base64.b64decode(encoded, validate=True).decode("utf-8")
        return True
    except ValueError:  # binascii.Error and UnicodeDecodeError both are
        return False


def _limits(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """`_refused` for an app resolved without `entrypoint` (powertools validates the request before this runs)."""
    refused = _refused(app.current_event.raw_event)
    if refused:
        raise refused
    return next_middleware(app)


_PARAMETER = re.compile(r"<(\w+)>")


def _known_ids(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """404 for a path parameter out of its format (`inputs.PATH_PARAMETERS`): such an id names nothing, and it
    never reaches a DynamoDB key (size limits, `#` separators). A route that needs a token answers 401 first."""
    route, arguments = app.context.get("_route"), app.context.get("_route_args") or {}
    names = _PARAMETER.findall(route.path) if route is not None else []  # the arguments also hold the body
    if not all(inputs.is_path_parameter(name, arguments.get(name)) for name in names):
        if route.security:
            caller(app)
        raise NotFound("No such resource")
    return next_middleware(app)


def _require_formats(router: APIGatewayHttpRouter) -> None:
    for rule, *_ in router._routes:  # powertools keeps no public list of a router's rules
        unknown = set(_PARAMETER.findall(rule)) - inputs.PATH_PARAMETERS.keys()
        if unknown:
            raise ValueError(f"{rule}: no format in kernel.inputs.PATH_PARAMETERS for {sorted(unknown)}")


def create_app(context: str, *routers: APIGatewayHttpRouter) -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)
    app.use(middlewares=[_limits, _known_ids])
    for router in routers:
        _require_formats(router)
        app.include_router(router)

    @app.exception_handler(DomainError)
    def domain_error(error: DomainError) -> Response:
        if error.status >= 500:
            logger.exception("domain error %s", error.slug)
        return from_error(error)

    @app.exception_handler(RequestUnsupportedContentType)  # raised by the validation, before `_limits` runs
    def unsupported_content_type(error: RequestUnsupportedContentType) -> Response:
        return from_error(UnsupportedMediaType("Send the body as application/json"))

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response:
        route = app.context.get("_route")
        if route is not None and route.security:
            try:
                caller(app)
            except DomainError as unauthorized:
                return from_error(unauthorized)
        errors = [FieldError(_field(tuple(e.get("loc", ()))), e.get("msg", "is not valid")) for e in error.errors()]
        return problem(400, "validation", "Bad Request", "The request is not valid", errors)

    @app.not_found
    def no_route(error: NotFoundError) -> Response:
        return problem(404, "not-found", "Not Found", "No such resource")

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response:
        logger.exception("unexpected error")
        request_id = app.current_event.request_context.request_id
        return problem(500, "internal", "Internal Server Error", "Something went wrong on our side",
                       requestId=request_id)

    @app.get(f"/{context}/health", include_in_schema=False)
    def health() -> dict:
        return {"status": "ok"}

    @app.get(f"/{context}/openapi.json", include_in_schema=False)
    def openapi():  # type: ignore[no-untyped-def]  # an annotation would enter the schema it builds
        schema = json.loads(app.get_openapi_json_schema(title=f"EvenToNight {context} API", version="1",
                                                        security_schemes=security_schemes()))
        return Response(status_code=200, content_type="application/json", body=json.dumps(_as_answered(schema)))

    return app


PROBLEM_SCHEMA = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string", "format": "uri"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"}, "requestId": {"type": "string"},
                   "errors": {"type": "array", "items": {
                       "type": "object", "required": ["field", "message"],
                       "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}}


def _as_answered(schema: dict[str, Any]) -> dict[str, Any]:
    """The document powertools generates, with the invalid requests answered as they are: a 400 problem (it
    documents a 422 in its own format). Routes refer to `#/components/schemas/Problem` for their other problems."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components["Problem"] = PROBLEM_SCHEMA
    invalid = {"description": "The request is not valid",
               "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in inputs.PATH_PARAMETERS:
                    parameter.setdefault("schema", {})["pattern"] = f"^{inputs.PATH_PARAMETERS[parameter['name']]}$"
            responses = operation.get("responses", {})
            if responses.pop("422", None) is not None and _can_be_invalid(operation):
                responses.setdefault("400", invalid)
    return schema


def _can_be_invalid(operation: dict[str, Any]) -> bool:
    """Whether validation can refuse a request: it has a body or a parameter other than a string in the path."""
    return "requestBody" in operation or any(
        parameter["in"] != "path" or parameter.get("schema", {}).get("type") != "string"
        for parameter in operation.get("parameters", []))


def router() -> APIGatewayHttpRouter:
    return APIGatewayHttpRouter()


def caller(route: APIGatewayHttpResolver | APIGatewayHttpRouter, reads: KeyedReads | None = None) -> Caller:
    """The authenticated caller of the current request (401 without a valid access token). `reads`
    (kernel.table.BatchRead) are read in the same BatchGetItem as the token's revocation check: a route's first
    read by key costs no call of its own."""
    return caller_from(route.current_event.headers or {}, reads)


def optional_caller(route: APIGatewayHttpResolver | APIGatewayHttpRouter) -> Caller | None:
    return optional_caller_from(route.current_event.headers or {})


def entrypoint(app: APIGatewayHttpResolver) -> Callable[[dict, Any], dict]:
    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    def handler(event: dict, context: Any) -> dict:
        refused = _refused(event)  # here, as powertools validates the request before any middleware runs
        if refused:
            body = {"type": TYPE_BASE + refused.slug, "title": refused.title, "status": refused.status,
                    "detail": refused.detail}
            if refused.errors:
                body["errors"] = [{"field": e.field, "message": e.message} for e in refused.errors]
            response = {"statusCode": refused.status, "headers": {"Content-Type": CONTENT_TYPE},
                        "body": json.dumps(body)}
        else:
            response = app.resolve(event, context)
        response["headers"] = {**SECURITY_HEADERS, **(response.get("headers") or {})}  # a route's own win
        return response

    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "eventonight")
    handler.app = app  # type: ignore[attr-defined]  # its routes, read by tests/contract/test_wiring.py
    return handler
