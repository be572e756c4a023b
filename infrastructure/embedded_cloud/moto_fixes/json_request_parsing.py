"""JSON-protocol requests (DynamoDB, SQS, Step Functions, EventBridge, Cognito) parsed by a function made once
per input shape, not by looking the shape's handler and members up again at every value.

moto 5.2.5's `JSONParser` walks the decoded body along the operation's input shape: at each value it formats
the handler's name and looks it up (`_parse_<type>`), and at each structure it reads every member's
serialisation name and asks the value for it - ten members for every DynamoDB attribute value (S, N, B, SS, NS,
BS, M, L, NULL, BOOL). About 7% of the CPU of a checkout's DynamoDB calls, most of it for the item of an order.

Here each shape gets a parsing function the first time a request needs it (a structure's members, their wire
names and their functions are read once; a member's function is made when first used, so recursive shapes such
as DynamoDB's AttributeValue are no problem); strings and booleans are taken as they are, as moto's default
handler does. What comes out is moto's: the same members, in the shape's order, in the parser's MAP_TYPE,
blobs and timestamps through the parser's own blob and timestamp parsers, numbers through float/int, a value of
the wrong kind failing where moto's fails. Only moto's `JSONParser` itself takes this path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.core.parse import UNDEFINED, JSONParser

from .replacements import Replacements

Parse = Callable[[Any, Any], Any]  # (parser, value) -> parsed value; None where the value is taken as it is
_made: dict[int, tuple[Any, Parse | None]] = {}  # id(shape) -> (the shape, kept alive so its id stays its own; fn)


def parser_for(shape: Any) -> Parse | None:
    made = _made.get(id(shape))
    if made is not None and made[0] is shape:
        return made[1]
    function = _make(shape)
    _made[id(shape)] = (shape, function)
    return function


def _make(shape: Any) -> Parse | None:
    kind = shape.type_name
    if kind == "structure":
        return None if shape.is_document_type else _structure(shape)
    if kind == "list":
        return _list(shape)
    if kind == "map":
        return _map(shape)
    if kind == "blob":
        return lambda parser, value: parser._blob_parser(value)
    if kind == "timestamp":
        return lambda parser, value: parser._timestamp_parser(value)
    if kind in ("float", "double"):
        return lambda parser, value: value if value is UNDEFINED else float(value)
    if kind in ("integer", "byte", "short", "long"):
        return lambda parser, value: value if value is UNDEFINED else int(value)
    return None  # string, boolean, anything else: moto's default handler returns the value


def _structure(shape: Any) -> Parse:
    members: list[tuple[str, str, Parse | None]] = []
    known = False

    def parse_structure(parser: Any, value: Any) -> Any:
        nonlocal known
        if value is None:
            return None  # "null" on the wire stays None, not an empty structure
        if not known:
            members.extend((name, member.serialization.get("name", name), parser_for(member))
                           for name, member in shape.members.items())
            known = True
        parsed = parser.MAP_TYPE()
        for name, wire_name, function in members:
            raw = value.get(wire_name)
            if raw is not None:
                parsed[name] = raw if function is None else function(parser, raw)
        return parsed

    return parse_structure


def _list(shape: Any) -> Parse:
    def parse_list(parser: Any, node: Any) -> list[Any]:
        function = parser_for(shape.member)
        if function is None:
            return [item for item in node]  # noqa: C416 - iterates `node` as moto's loop does, whatever it is
        return [function(parser, item) for item in node]

    return parse_list


def _map(shape: Any) -> Parse:
    def parse_map(parser: Any, value: Any) -> Any:
        key_function, value_function = parser_for(shape.key), parser_for(shape.value)
        parsed = parser.MAP_TYPE()
        for key, nested in value.items():
            parsed[key if key_function is None else key_function(parser, key)] = (
                nested if value_function is None else value_function(parser, nested))
        return parsed

    return parse_map


def _parse_json_body(self: JSONParser, raw_body: Any, shape: Any) -> Any:
    if type(self) is not JSONParser:
        return replaced.originals["JSONParser._parse_json_body"](self, raw_body, shape)
    parsed_json = self._parse_body_as_json(raw_body)
    function = parser_for(shape)
    return parsed_json if function is None else function(self, parsed_json)


replaced = Replacements((JSONParser, "_parse_json_body", _parse_json_body))
install = replaced.install


def uninstall() -> None:
    """Put back what install() replaced, and forget the parsers made (for tests and benchmarks)."""
    replaced.uninstall()
    _made.clear()

