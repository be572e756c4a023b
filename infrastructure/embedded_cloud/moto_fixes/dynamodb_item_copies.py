"""DynamoDB items copied directly, and UpdateItem's answer copies the old item only when it returns from it.

moto 5.2.5 deep-copies an item several times per write: UpdateItem's handler copies the stored item to compute
UPDATED_OLD/UPDATED_NEW/ALL_OLD (also when the request returns nothing: ReturnValues NONE is the default), the
backend copies it again as the stream's old image, and a transaction (our rollback fix) copies what it may have
to put back. Each copy goes through `copy.deepcopy`'s dispatch and memo for every attribute value: ~110 us for
an order item of ten attributes.

Here `Item.__deepcopy__` and `DynamoType.__deepcopy__` build the same objects moto's do (type, value, nested
values copied, sets as new lists, the item's size not re-validated) without `copy.deepcopy`'s machinery (~10 us),
and UpdateItem's handler takes the stored item itself, uncopied, when ReturnValues is NONE or ALL_NEW: it then
reads the item only to compute what those answers drop.
"""

from __future__ import annotations

import copy
import threading
from types import SimpleNamespace
from typing import Any

from moto.dynamodb import responses
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.responses import DynamoHandler

from .replacements import Replacements

_new = object.__new__
_SETS = ("SS", "NS", "BS")
_old_unused = threading.local()


def copy_value(value: DynamoType, memo: Any = None) -> DynamoType:
    result = _new(DynamoType)
    kind = result.type = value.type
    inner = value.value
    if kind == "L":
        result.value = [copy_value(v) for v in inner]
    elif kind == "M":
        result.value = {k: copy_value(v) for k, v in inner.items()}
    elif kind in _SETS:
        result.value = list(inner)
    else:
        result.value = inner
    return result


def copy_item(item: Item, memo: Any = None) -> Item:
    result = _new(Item)
    result.hash_key = copy_value(item.hash_key)
    result.range_key = copy_value(item.range_key) if item.range_key is not None else None
    attrs = LimitedSizeDict.__new__(LimitedSizeDict)
    dict.__init__(attrs, {k: copy_value(v) for k, v in item.attrs.items()})
    result.attrs = attrs
    return result


def deepcopy_unless_unused(value: Any, memo: Any = None) -> Any:
    """The handler's `copy.deepcopy`: the value itself while the update's answer needs nothing of the old item."""
    if getattr(_old_unused, "flag", False):
        return value
    return copy.deepcopy(value, memo)


def update_item(self: DynamoHandler) -> Any:
    _old_unused.flag = self.body.get("ReturnValues", "NONE") in ("NONE", "ALL_NEW")
    try:
        return replaced.originals["DynamoHandler.update_item"](self)
    finally:
        _old_unused.flag = False


replaced = Replacements((Item, "__deepcopy__", copy_item), (DynamoType, "__deepcopy__", copy_value),
                        (DynamoHandler, "update_item", update_item),
                        (responses, "copy", SimpleNamespace(deepcopy=deepcopy_unless_unused)))
install, uninstall = replaced.install, replaced.uninstall
