"""EventBridge parses each input path once, not for every target of every event.

moto 5.2.5 renders the input of each target an event goes to (`EventTemplateParser.parse`) with
`jsonpath_ng.ext.parse(path)` for each of the eight paths of its default template (or of the target's
InputTransformer), and jsonpath_ng builds a new PLY parser, its grammar tables included, for every call: a
user's registration, whose user.created goes to the queue of each context that keeps a replica, spent 22 % of
the platform's CPU there. A parsed path is an immutable expression (`find` only reads the event): here they are
kept by their text (the most recent 512) and the rendering is moto's, unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .replacements import Replacements


@lru_cache(maxsize=512)
def _parsed(path: str) -> Any:
    from jsonpath_ng.ext import parse

    return parse(path)


def _render(input_template: str, input_paths_map: dict[str, Any], event: Any) -> dict[str, Any]:
    """moto 5.2.5's EventTemplateParser.parse, each path parsed once."""
    import json

    from moto.events.utils import EventTemplateParser

    template = input_template or EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE
    paths = input_paths_map or EventTemplateParser.DEFAULT_EVENT_INPUT_PATHS_MAP
    for name, path in paths.items():
        matches = _parsed(path).find(event)
        result = EventTemplateParser._stringify(matches[0].value) if matches else None
        if result:
            template = template.replace(f"<{name}>", result)
    for name, value in {"aws.events.event.json": event,
                        "aws.events.event.ingestion-time": event["ingestion-time"]}.items():
        template = template.replace(f"<{name}>", EventTemplateParser._stringify(value))
    return json.loads(template)


replaced = Replacements(("moto.events.utils.EventTemplateParser", "parse", staticmethod(_render)))
install, uninstall = replaced.install, replaced.uninstall
