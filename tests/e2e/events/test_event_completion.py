"""A PUBLISHED event becomes COMPLETED once its end has passed - not at its start - by the scheduled sweep,
whether or not anyone reads it, with `event.completed` exactly once (reference §2.2; the reference did it lazily
on read, §12 item 7).

The sweep reads "now" from its schedule's `time`: the test invokes the runs of later minutes (support.sweeps)
on the session's platform instead of waiting for them, and never reads the event before a run had to complete
it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from events_e2e import Events, ids
from support.bus import BusTap
from support.platform import Platform
from support.sweeps import run_at

SWEEP = "CompleteEventsFunction"


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@pytest.fixture
def tap(platform: Platform) -> Iterator[BusTap]:
    with BusTap(platform.cloud, "events") as bus_tap:
        yield bus_tap


def test_published_events_complete_once_their_end_has_passed(platform: Platform, tap: BusTap) -> None:
    """The runs stay within the next hour (support.sweeps.run_at: a run completes every event of the worker's
    platform that has ended by then); that an event without an end of its own ends four hours after its start is
    the domain's rule, tested in tests/unit/events/test_events_domain.py."""
    events = Events(platform)
    org = events.organization()
    start = (datetime.now(UTC) + timedelta(minutes=5)).replace(microsecond=0)
    end = start + timedelta(minutes=30)
    soon = events.created(org, date=local(start), endDate=local(end), timezone="UTC")["eventId"]
    default_end = events.created(org, date=local(start), timezone="UTC")["eventId"]  # ends 4 h after its start
    later = events.created(org, date=local(start + timedelta(days=1)), timezone="UTC")["eventId"]
    draft = events.created(org, status="DRAFT", date=local(start), timezone="UTC")["eventId"]

    def completed(event_id: str) -> list[dict]:
        return tap.about("event.completed", eventId=event_id)

    run_at(platform, SWEEP, start + timedelta(minutes=1))  # started, not ended: still on
    run_at(platform, SWEEP, end)
    tap.wait_for("event.completed", timeout=60, eventId=soon)
    assert events.get(soon).json["status"] == "COMPLETED"
    # a completed event stays searchable as COMPLETED
    assert ids(events.found(organizationId=org.id, status="COMPLETED")) == [soon]
    # a completed event is not changed any more
    assert events.update(soon, org, {"status": "PUBLISHED"}).status == 409
    assert platform.request("DELETE", f"/events/{soon}/poster", user=org).status == 409
    run_at(platform, SWEEP, end + timedelta(minutes=1))  # the next minute's run: completed once
    assert [events.get(e, org).json["status"] for e in (default_end, later, draft)] == [
        "PUBLISHED", "PUBLISHED", "DRAFT"]
    assert len(completed(soon)) == 1
    assert completed(default_end) == [] and completed(later) == [] and completed(draft) == []


def test_an_event_shows_its_span_and_refuses_an_end_before_its_start(platform: Platform) -> None:
    events = Events(platform)
    org = events.organization()
    start = datetime(2031, 3, 29, 23, 0)  # Europe/Rome moves its clocks on at 02:00 that night
    created = events.created(org, date=local(start), timezone="Europe/Rome")
    assert (created["endDate"], created["startsAt"], created["endsAt"]) == (
        "2031-03-30T04:00:00", "2031-03-29T22:00:00Z", "2031-03-30T02:00:00Z")  # four hours, not three
    before = events.create(org, date=local(start), endDate=local(start - timedelta(minutes=1)),
                           timezone="Europe/Rome")
    assert before.status == 400, before.raw
    assert [e["field"] for e in before.json["errors"]] == ["endDate"]
    moved = events.update(created["eventId"], org, {"status": "PUBLISHED", "date": "2031-04-02T21:00:00"})
    assert (moved.json["date"], moved.json["endDate"]) == ("2031-04-02T21:00:00", "2031-04-03T02:00:00")
    assert events.update(created["eventId"], org, {"status": "PUBLISHED", "endDate": "2031-04-02T20:00:00"}
                         ).status == 400
    found = events.found(organizationId=org.id)
    assert [(e["startsAt"], e["endsAt"]) for e in found] == [("2031-04-02T19:00:00Z", "2031-04-03T00:00:00Z")]
