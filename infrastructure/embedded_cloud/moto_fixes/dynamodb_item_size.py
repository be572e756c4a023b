"""A DynamoDB item's size checked once when it is built, not once per attribute.

moto 5.2.5 keeps an item's attributes in a `LimitedSizeDict` whose `__setitem__` adds up the size of every
attribute already there (each value walked to its leaves) before it takes the next one, to refuse an item over
400 KB. `Item.__init__` sets the attributes one by one, so building an item measures it n times over: quadratic
in its attributes, ~15% of a transaction's CPU on the platform for an order and its tickets (about twenty
attributes each), and every PutItem, every transaction's Put and every restored item pays it.

Here `Item.__init__` converts the attributes, takes them all, and measures the item once: the same sum
(each name's bytes and each value's size) against the same limit, so an item moto refused is refused, with the
same error. A single attribute set later (UpdateItem's SET) still goes through moto's check.
"""

from __future__ import annotations

from typing import Any

from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.utilities import bytesize

from .replacements import Replacements

LIMIT = 405000  # moto's: DynamoDB's 400 KB, where it measured the real limit to fall


def build_item(self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict[str, Any]) -> None:
    self.hash_key = hash_key
    self.range_key = range_key
    converted = {key: DynamoType(value) for key, value in attrs.items()}
    if sum(bytesize(key) + value.size() for key, value in converted.items()) > LIMIT:
        raise ItemSizeTooLarge
    self.attrs = LimitedSizeDict()
    dict.update(self.attrs, converted)  # the dict's own update: LimitedSizeDict checks only in __setitem__


replaced = Replacements((Item, "__init__", build_item))
install, uninstall = replaced.install, replaced.uninstall
