"""EventBridge rules deliver to Lambda functions and Step Functions state machines.

moto's `Rule.send_to_targets` raises NotImplementedError for those targets. We hand them to the embedded
cloud (asynchronously, as EventBridge does) and let moto deliver the targets it supports (SQS, archives, ...).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .replacements import Replacements

if TYPE_CHECKING:
    from moto.events.models import Rule

Deliver = Callable[[str, bytes], None]  # (target ARN, input) -> None

_targets: dict[str, Deliver] = {}
OURS = (":lambda:", ":states:")


def route_to(deliver: Deliver) -> None:
    _targets["deliver"] = deliver


def _target_input(target: dict, event: dict) -> bytes:
    """The Input / InputPath / InputTransformer of a target, as EventBridge applies them."""
    from moto.events.models import EventTemplateParser

    if "Input" in target:
        return target["Input"].encode()
    if "InputPath" in target:
        from jsonpath_ng import parse

        matches = [m.value for m in parse(target["InputPath"]).find(event)]
        return json.dumps(matches[0] if matches else None).encode()
    if "InputTransformer" in target:
        transformer = target["InputTransformer"]
        rendered = EventTemplateParser.parse(input_template=transformer.get("InputTemplate"),
                                             input_paths_map=transformer.get("InputPathsMap", {}), event=event)
        return (rendered if isinstance(rendered, str) else json.dumps(rendered)).encode()
    return json.dumps(event).encode()


def send_to_targets(self: Rule, original_event: Any, transform_input: bool = True) -> None:
    ours = [t for t in self.targets if any(kind in t["Arn"] for kind in OURS)]
    if ours and self.event_pattern.matches_event(original_event):
        for target in ours:
            _targets["deliver"](target["Arn"], _target_input(target, dict(original_event)))
    rest = [t for t in self.targets if t not in ours]
    if rest:
        all_targets, self.targets = self.targets, rest
        try:
            replaced.originals["Rule.send_to_targets"](self, original_event, transform_input)
        finally:
            self.targets = all_targets


replaced = Replacements(("moto.events.models.Rule", "send_to_targets", send_to_targets))
install, uninstall = replaced.install, replaced.uninstall
