"""The ticketing rules without AWS: who manages an event's types, when tickets are on sale, the capped total,
and the purchase state machine's definition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kernel.errors import Conflict, Forbidden, NotFound
from ticketing.domain import Event, capped_available, visible_or_404

ASL = Path(__file__).resolve().parents[3] / "infrastructure" / "ticketing-purchase.asl.json"


def event(status: str = "PUBLISHED", starts_at: str | None = "2030-01-01T20:00:00Z") -> Event:
    return Event(event_id="e1", creator_id="org", status=status, title="Jazz", date="2030-01-01T21:00:00",
                 starts_at=starts_at)


def test_only_the_creator_sees_a_draft_and_manages_types() -> None:
    assert visible_or_404(event("DRAFT"), "org").event_id == "e1"
    for viewer in ("someone", None):
        with pytest.raises(NotFound):
            visible_or_404(event("DRAFT"), viewer)
    with pytest.raises(Forbidden):
        event().require_creator("someone")
    with pytest.raises(NotFound):
        visible_or_404(None, "org")


@pytest.mark.parametrize(("status", "starts_at"), [("DRAFT", None), ("CANCELLED", None), ("COMPLETED", None),
                                                   ("PUBLISHED", "2020-01-01T20:00:00Z")])
def test_tickets_are_on_sale_only_for_a_published_event_that_has_not_started(status: str,
                                                                             starts_at: str | None) -> None:
    with pytest.raises(Conflict):
        event(status, starts_at).require_on_sale("2026-11-22T00:00:00.000Z")
    event().require_on_sale("2026-11-22T00:00:00.000Z")


def test_a_new_total_never_goes_below_what_is_sold() -> None:
    assert capped_available(10, 3) == 7
    assert capped_available(2, 3) == 0
    assert capped_available(3, 3) == 0


def test_the_saga_waits_with_the_hold_as_timeout_and_names_nothing_by_hand() -> None:
    text = ASL.read_text()
    definition = json.loads(text)
    wait = definition["States"]["AwaitPayment"]
    assert wait["Resource"].endswith(".waitForTaskToken") and wait["TimeoutSecondsPath"] == "$.holdSeconds"
    assert wait["Catch"][0]["ErrorEquals"] == ["States.Timeout"]
    assert "arn:aws:lambda" not in text and "${AwaitPaymentFunctionArn}" in text  # every ARN substituted
