"""Decode Stripe's form encoding (`line_items[0][price_data][unit_amount]=1500`, `expand[]=x`) into dicts.

Indexed arrays (`a[0][b]`) come out as dicts keyed by the index strings: whether a key is an array index or a
metadata key named "0" is only known to the endpoint, which converts with `params.as_list`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import invalid_request

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def _split_key(key: str) -> tuple[list[str], bool]:
    """`a[b][]` -> (["a", "b"], True): the path, and whether the value is appended to an array."""
    match = _KEY.match(key)
    if not match:
        raise invalid_request(f"Invalid parameter name: {key}", key)
    segments = [match.group(1), *_SEGMENT.findall(match.group(2))]
    append = len(segments) > 1 and segments[-1] == ""
    if append:
        segments.pop()
    if "" in segments:
        raise invalid_request(f"Invalid parameter name: {key}", key)
    return segments, append


def decode_params(pairs: Iterable[tuple[str, str]]) -> dict:
    root: dict = {}
    for key, value in pairs:
        segments, append = _split_key(key)
        node = root
        for segment in segments[:-1]:
            node = node.setdefault(segment, {})
            if not isinstance(node, dict):
                raise invalid_request("Invalid hash", key)
        last = segments[-1]
        if append:
            values = node.setdefault(last, [])
            if not isinstance(values, list):
                raise invalid_request("Invalid array", key)
            values.append(value)
        elif isinstance(node.get(last), dict | list):
            raise invalid_request("Invalid hash", key)
        else:
            node[last] = value
    return root
