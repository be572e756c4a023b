"""DynamoDB expressions parsed once per text, not once or twice per request.

moto 5.2.5 lexes and parses a ConditionExpression (or FilterExpression) on every request, twice for an UpdateItem
and for each write of a transaction (its handler checks the placeholders, the backend evaluates), and parses every
UpdateExpression twice. An SDK such as pynamodb sends the same few texts over and over (`attribute_not_exists
(#0)`, `SET #0 = #0 - :0`), and the parsing was about a fifth of the embedded cloud's CPU per checkout.

Here:
- a parsed condition is kept per (expression, names), with the placeholders it found (the handler's check of
  unused names and values reads them), and the values are bound to a copy of it at each use. The parse reads
  the values only to look each placeholder up (in the text's order, a missing one a KeyError) and to build an
  `AttributeValue` of each operand (after every lookup, in the order moto builds them): a hit does both, in
  those orders, so a request moto refuses for its values is refused with the same error. A key with the values
  in it missed whenever one changed (an order id, a session URL, a task token: half a checkout's conditions).
  Evaluating the result changes nothing in it; an expression moto refuses is parsed (and refused) every time;
- `UpdateExpressionParser.make` keeps its syntax tree per text. Whoever changes a tree copies it first: moto's
  validator deep-copies the tree it is given, the handler only reads it.
Both caches hold the most recent 512 entries.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, NamedTuple

from moto.dynamodb.comparisons import AttributeValue, ConditionExpressionParser, Func, Op
from moto.dynamodb.parsing.expressions import UpdateExpressionParser

from .replacements import Replacements

SIZE = 512
_new = object.__new__


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


class _Parsed(NamedTuple):
    """A condition as parsed once, and how to bind other values to it."""

    op: Any
    names_found: list[str]
    values_found: list[str]
    looked_up: list[str]  # the value placeholders in the order the parse looked them up
    built: list[str]  # the placeholder of each operand `AttributeValue`, in the order the parse built them
    slots: dict[int, int]  # id of each of those operands -> its index in `built`
    operands: list[Any]  # those operands, held so that no other object takes one of their ids


def parse_condition(self: ConditionExpressionParser) -> Any:
    if not self.condition_expression:
        return replaced.originals["ConditionExpressionParser.parse"](self)
    # repr tells apart every name map a request can carry (str keys and values)
    key = (self.condition_expression, repr(self.expression_attribute_names))
    known = _conditions.get_recent(key)
    if known is None:
        names_before, values_before = len(self.expr_attr_names_found), len(self.expr_attr_values_found)
        looked_up: list[str] = []
        built: list[str] = []
        slots: dict[int, int] = {}
        operands: list[Any] = []
        lookup, make_operand = self._lookup_expression_attribute_value, self._make_operand

        def recording_lookup(name: str) -> Any:
            looked_up.append(name)
            return lookup(name)

        def recording_make_operand(node: Any) -> Any:
            operand = make_operand(node)
            if node.kind == ConditionExpressionParser.Kind.EXPRESSION_ATTRIBUTE_VALUE:
                slots[id(operand)] = len(built)
                built.append(node.text)
                operands.append(operand)
            return operand

        # on this instance only: the parse calls them through self
        self._lookup_expression_attribute_value = recording_lookup  # type: ignore[method-assign]
        self._make_operand = recording_make_operand  # type: ignore[method-assign]
        try:
            op = replaced.originals["ConditionExpressionParser.parse"](self)
        finally:
            del self._lookup_expression_attribute_value, self._make_operand
        _conditions.keep(key, _Parsed(op, self.expr_attr_names_found[names_before:],
                                      self.expr_attr_values_found[values_before:], looked_up, built, slots,
                                      operands))
        return op
    self.expr_attr_names_found.extend(known.names_found)
    self.expr_attr_values_found.extend(known.values_found)
    if not known.built:
        return known.op
    values = [self._lookup_expression_attribute_value(name) for name in known.looked_up]
    by_name = dict(zip(known.looked_up, values, strict=True))
    operands = [AttributeValue(by_name[name]) for name in known.built]
    return _bound(known.op, known.slots, operands, {})


def _bound(node: Any, slots: dict[int, int], operands: list[Any], memo: dict[int, Any]) -> Any:
    """A copy of a parsed condition with each operand value replaced, sharing what holds none (paths, names)."""
    key = id(node)
    if key in memo:
        return memo[key]
    slot = slots.get(key)
    if slot is not None:
        result = operands[slot]
    elif type(node) is tuple or type(node) is list:
        items = [_bound(item, slots, operands, memo) for item in node]
        result = node if all(a is b for a, b in zip(items, node, strict=True)) else type(node)(items)
    elif isinstance(node, (Op, Func)):
        changed = {name: _bound(value, slots, operands, memo) for name, value in vars(node).items()}
        if all(changed[name] is value for name, value in vars(node).items()):
            result = node
        else:
            result = _new(type(node))
            result.__dict__.update(changed)
    else:
        result = node
    memo[key] = result
    return result


def make_update_expression(cls: type[UpdateExpressionParser], expression_str: str) -> Any:
    tree = _updates.get_recent(expression_str)
    if tree is None:
        tree = replaced.originals["UpdateExpressionParser.make"].__func__(cls, expression_str)
        _updates.keep(expression_str, tree)
    return tree


replaced = Replacements((ConditionExpressionParser, "parse", parse_condition),
                        (UpdateExpressionParser, "make", classmethod(make_update_expression)))
install = replaced.install


def uninstall() -> None:
    """Put back what install() replaced, and forget what was parsed (for tests and benchmarks)."""
    replaced.uninstall()
    _conditions.clear()
    _updates.clear()
