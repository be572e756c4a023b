"""Step Functions parses each JSONPath once, not on every evaluation.

moto 5.2.5's ASL interpreter calls `jsonpath_ng.ext.parse(path)` each time a state reads a path (`InputPath`,
`Parameters`' `.$` fields, `TimeoutSecondsPath`, `ResultPath`...), and jsonpath_ng builds a new PLY parser
(its grammar tables included) for every call: 8% of the platform's CPU while buyers check out, as each saga
start evaluates a dozen paths. A parsed path is an immutable expression (`find` reads the data only): here
the parsed paths are kept by their text (the most recent 512).
"""

from __future__ import annotations

from functools import lru_cache

from moto.stepfunctions.parser.asl.component.common.path import result_path
from moto.stepfunctions.parser.asl.utils import json_path

from .replacements import Replacements

parse_extended = lru_cache(maxsize=512)(json_path.parse)
parse_plain = lru_cache(maxsize=512)(result_path.parse)
replaced = Replacements((json_path, "parse", parse_extended), (result_path, "parse", parse_plain))
install = replaced.install


def uninstall() -> None:
    """Put back what install() replaced, and forget the parsed paths (for tests and benchmarks)."""
    replaced.uninstall()
    parse_extended.cache_clear()
    parse_plain.cache_clear()
