"""Responses of JSON-protocol services (DynamoDB, SQS, Step Functions, EventBridge...) written in one pass.

moto 5.2.5 serialises every result through its generic, model-driven serialiser: for each member of each shape
it builds a picker context, asks six alias providers for candidate keys, tries each (and its snake_case form)
and tracks a key path. A Query or a GetItem of a few items spends more time there than in DynamoDB's logic: a
quarter of the embedded cloud's CPU while buyers check out.

Here a plain result (dicts, lists, strings, numbers, booleans, bytes: what DynamoDB, SQS and most JSON services
return) is written by walking the output shape once, with what moto's serialiser does per type: only the shape's
members, None left out, strings, integers and floats coerced as moto coerces them, blobs in base64, document
types as they are. Anything else falls back to moto's serialiser, which then answers exactly as before: errors,
results holding model objects, a dict key that is not a member (moto might have read it through an alias),
timestamps, None inside a list or map, event streams, services with response transformers or their own
serialiser, pretty-printed responses.
"""

from __future__ import annotations

import base64
import json
from enum import Enum
from typing import Any

from botocore.model import Shape
from moto import settings
from moto.core.responses import ActionResult, BaseResponse, EmptyResult
from moto.core.serialize import JSONSerializer, get_serializer_class
from moto.core.utils import get_service_model
from moto.dynamodb.responses import DynamoResult

from .replacements import Replacements


class Fallback(Exception):
    """The result holds something moto's serialiser must decide."""


_PLAIN_RESULTS = (ActionResult, DynamoResult, EmptyResult)
_SCALARS = (str, int, float, bool)


def _string(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, Enum):
        value = value.value
    if value in ({}, []):
        return value
    if isinstance(value, _SCALARS):
        return str(value)
    raise Fallback(value)


def _structure(value: Any, shape: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise Fallback(value)
    if shape.is_document_type:
        return value
    members = shape.members
    out: dict[str, Any] = {}
    for key, member_value in value.items():
        member = members.get(key)
        if member is None:
            raise Fallback(key)
        if member_value is not None:
            out[member.serialization.get("name", key)] = _value(member_value, member)
    return out


def _value(value: Any, shape: Shape) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return _structure(value, shape)
    if kind == "string":
        return _string(value)
    if kind == "map":
        if type(value) is not dict:
            raise Fallback(value)
        value_shape = shape.value  # type: ignore[attr-defined]
        if "name" in value_shape.serialization:
            raise Fallback(value_shape)  # moto writes every entry under that one name
        return {str(k): _value(v, value_shape) if v is not None else _none() for k, v in value.items()}
    if kind == "list":
        if type(value) is not list:
            raise Fallback(value)
        member = shape.member  # type: ignore[attr-defined]
        if member.serialization.get("name", member.name) != member.name:
            raise Fallback(member)  # moto then puts the unserialised items in the list
        return [_value(v, member) if v is not None else _none() for v in value]
    if kind == "boolean":
        return value
    if kind in ("integer", "long"):
        return int(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "blob":
        raw = value.encode("utf-8") if isinstance(value, str) else value
        if not isinstance(raw, (bytes, bytearray)):
            raise Fallback(value)
        return base64.b64encode(raw).strip().decode("utf-8")
    raise Fallback(kind)  # timestamps and anything not listed here


def _none() -> Any:
    raise Fallback(None)


def fast_body(response: BaseResponse, action_result: ActionResult) -> tuple[int, dict[str, str], str]:
    """What moto's serialiser answers for this result, or Fallback."""
    if type(action_result) not in _PLAIN_RESULTS or settings.PRETTIFY_RESPONSES:
        raise Fallback(action_result)
    if getattr(response, "RESPONSE_KEY_PATH_TO_TRANSFORMER", None):
        raise Fallback(response)
    service_model = get_service_model(response.boto3_service_name)
    if service_model.protocol != "json" or response.determine_response_protocol(service_model) != "json":
        raise Fallback(service_model.protocol)
    if get_serializer_class(service_model.service_name, "json") is not JSONSerializer:
        raise Fallback(service_model.service_name)
    operation_model = service_model.operation_model(response._get_action())
    if operation_model.has_event_stream_output:
        raise Fallback(operation_model.name)
    result = action_result.result
    output_shape = operation_model.output_shape
    body = {} if output_shape is None or result is None else _structure(result, output_shape)
    content_type = "application/x-amz-json-" + service_model.metadata.get("jsonVersion", "1.0")
    status = operation_model.http.get("responseCode", JSONSerializer.DEFAULT_RESPONSE_CODE)
    return status, {"Content-Type": content_type}, json.dumps(body)


def serialized(self: BaseResponse, action_result: ActionResult) -> Any:
    try:
        status, headers, body = fast_body(self, action_result)
    except Fallback:
        return replaced.originals["BaseResponse.serialized"](self, action_result)
    headers.update(self.response_headers)
    return status, headers, body


replaced = Replacements((BaseResponse, "serialized", serialized))
install, uninstall = replaced.install, replaced.uninstall
