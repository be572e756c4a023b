"""Step Functions parses each JSONPath once, not on every evaluation.

moto 5.2.5's ASL interpreter calls `jsonpath_ng.ext.parse(path)` each time a state reads a path (`InputPath`,
`Parameters`' `.$` fields, `TimeoutSecondsPath`, `ResultPath`...), and jsonpath_ng builds a new PLY parser
(its grammar tables included) for every call: 8% of the platform's CPU while buyers check out, as each saga
start evaluates a dozen paths. A parsed path is an immutable expression (`find` reads the data only): here
the parsed paths are kept by their text (the most recent 512).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from moto.stepfunctions.parser.asl.component.common.path import result_path
from moto.stepfunctions.parser.asl.utils import json_path

_replaced: dict[str, Any] = {}  # moto's imported functions, while ours are installed


def install() -> None:
    if not _replaced:
        _replaced.update(extended=json_path.parse, plain=result_path.parse)
        json_path.parse = lru_cache(maxsize=512)(_replaced["extended"])
        result_path.parse = lru_cache(maxsize=512)(_replaced["plain"])


def uninstall() -> None:
    """Put back what install() replaced (for tests and benchmarks)."""
    if _replaced:
        json_path.parse = _replaced.pop("extended")
        result_path.parse = _replaced.pop("plain")
