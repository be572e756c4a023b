"""PutEvents builds an event's message for the rules it matches only.

moto 5.2.5's `EventsBackend.put_events` builds, for every rule of the bus, the event's message anew (a deep copy
of the base message, the Detail parsed again) and hands it to the rule, whose pattern check copies it through JSON
and flattens it, to find that most rules do not match: the `eventonight` bus has 21 rules, and a domain event
matches those of the contexts that consume it (a registration's user.created: five). Here the message is
flattened once per event and each rule's pattern is matched against it with moto's own matcher; a rule that
matches gets the message moto builds, and the rest of PutEvents is moto's, unchanged.
"""

from __future__ import annotations

import copy
import json
import warnings
from typing import Any

from moto.core.utils import unix_time
from moto.events.models import EventPattern, EventsBackend
from moto.events.utils import _BASE_EVENT_MESSAGE
from moto.moto_api._internal import mock_random as random

from .replacements import Replacements


def _message(backend: EventsBackend, event: dict[str, Any], event_id: str) -> dict[str, Any]:
    """The message moto hands each rule (its fields in moto's order)."""
    message = copy.deepcopy(_BASE_EVENT_MESSAGE)
    message["id"] = event_id
    message["detail-type"] = event["DetailType"]
    message["source"] = event["Source"]
    message["account"] = backend.account_id
    message["time"] = event.get("Time", unix_time())
    message["region"] = backend.region_name
    message["resources"] = event.get("Resources", [])
    message["detail"] = json.loads(event["Detail"])
    message["ingestion-time"] = unix_time()
    return message


def matches(pattern: EventPattern, flat: dict[str, Any]) -> bool:
    """`pattern.matches_event(message)`, given the message already flattened as that method flattens it."""
    return not pattern._pattern or pattern._does_event_match(flat, pattern._pattern)  # noqa: SLF001


def put_events(self: EventsBackend, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """moto 5.2.5's put_events, each event's message flattened once for every rule's pattern."""
    from moto.events.exceptions import ValidationException

    if len(events) > 10:
        raise ValidationException(
            "1 validation error detected: "
            "Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: "
            "Member must have length less than or equal to 10"
        )
    entries: list[dict[str, Any]] = []
    for event in events:
        if not event.get("Source"):
            entries.append({"ErrorCode": "InvalidArgument",
                            "ErrorMessage": "Parameter Source is not valid. Reason: Source is a required argument."})
        elif not event.get("DetailType"):
            entries.append({"ErrorCode": "InvalidArgument", "ErrorMessage":
                            "Parameter DetailType is not valid. Reason: DetailType is a required argument."})
        elif not event.get("Detail"):
            entries.append({"ErrorCode": "InvalidArgument",
                            "ErrorMessage": "Parameter Detail is not valid. Reason: Detail is a required argument."})
        else:
            try:
                detail = json.loads(event["Detail"])
                if not isinstance(detail, dict):
                    warnings.warn(
                        f"EventDetail should be of type dict - types such as {type(detail)} are ignored by AWS",
                        stacklevel=2,
                    )
            except ValueError:
                entries.append({"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."})
                continue
            event_id = str(random.uuid4())
            entries.append({"EventId": event_id})
            event_bus = self.describe_event_bus(self._normalize_event_bus_arn(event.get("EventBusName")))
            flat = None
            for rule in list(event_bus.rules.values()):
                if flat is None:  # as matches_event sees it: through JSON, flattened
                    flat = EventPattern._flatten_dict(json.loads(json.dumps(_message(self, event, event_id))))
                if matches(rule.event_pattern, flat):
                    rule.send_to_targets(_message(self, event, event_id))
    return entries


replaced = Replacements((EventsBackend, "put_events", put_events))
install, uninstall = replaced.install, replaced.uninstall
