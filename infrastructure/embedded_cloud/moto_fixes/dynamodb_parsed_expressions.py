"""DynamoDB expressions parsed once per text, not once or twice per request.

moto 5.2.5 lexes and parses a ConditionExpression (or FilterExpression) on every request, twice for an UpdateItem
and for each write of a transaction (its handler checks the placeholders, the backend evaluates), and parses every
UpdateExpression twice. An SDK such as pynamodb sends the same few texts over and over (`attribute_not_exists
(#0)`, `SET #0 = #0 - :0`), and the parsing was about a fifth of the embedded cloud's CPU per checkout.

Here:
- a parsed condition is kept per (expression, names, values), with the placeholders it found (the handler's
  check of unused names and values reads them). The parse reads nothing else, and evaluating the result
  changes nothing in it; an expression moto refuses is parsed (and refused) every time;
- `UpdateExpressionParser.make` keeps its syntax tree per text. Whoever changes a tree copies it first: moto's
  validator deep-copies the tree it is given, the handler only reads it.
Both caches hold the most recent 512 entries.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.parsing.expressions import UpdateExpressionParser

SIZE = 512


class Recent(OrderedDict):
    """The most recent SIZE entries."""

    def get_recent(self, key: Any) -> Any:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def keep(self, key: Any, value: Any) -> None:
        self[key] = value
        if len(self) > SIZE:
            self.popitem(last=False)


_conditions = Recent()
_updates = Recent()
_replaced: dict[str, Any] = {}  # moto's functions, while ours are installed


def parse_condition(self: ConditionExpressionParser) -> Any:
    if not self.condition_expression:
        return _replaced["parse"](self)
    # repr tells apart every value a request can carry (str, bytes, bool, None, lists and dicts of them).
    key = (self.condition_expression, repr(self.expression_attribute_names), repr(self.expression_attribute_values))
    known = _conditions.get_recent(key)
    if known is None:
        names_before, values_before = len(self.expr_attr_names_found), len(self.expr_attr_values_found)
        op = _replaced["parse"](self)
        known = (op, self.expr_attr_names_found[names_before:], self.expr_attr_values_found[values_before:])
        _conditions.keep(key, known)
        return op
    op, names, values = known
    self.expr_attr_names_found.extend(names)
    self.expr_attr_values_found.extend(values)
    return op


def make_update_expression(cls: type[UpdateExpressionParser], expression_str: str) -> Any:
    tree = _updates.get_recent(expression_str)
    if tree is None:
        tree = _replaced["make"].__func__(cls, expression_str)
        _updates.keep(expression_str, tree)
    return tree


def install() -> None:
    if not _replaced:
        _replaced["parse"] = ConditionExpressionParser.parse
        _replaced["make"] = UpdateExpressionParser.__dict__["make"]
        ConditionExpressionParser.parse = parse_condition  # type: ignore[method-assign]
        UpdateExpressionParser.make = classmethod(make_update_expression)  # type: ignore[method-assign,assignment]


def uninstall() -> None:
    """Put back what install() replaced, and forget what was parsed (for tests and benchmarks)."""
    if _replaced:
        ConditionExpressionParser.parse = _replaced.pop("parse")  # type: ignore[method-assign]
        UpdateExpressionParser.make = _replaced.pop("make")  # type: ignore[method-assign]
        _conditions.clear()
        _updates.clear()
