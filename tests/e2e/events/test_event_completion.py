"""A PUBLISHED event becomes COMPLETED once its start has passed, by the scheduled sweep, whether or not anyone
reads it, with `event.completed` exactly once (reference §2.2; the reference did it lazily on read, §12 item 7).

This module runs its own embedded cloud with schedules 60 times faster (the sweep's `rate(1 minute)` fires
every second), and never reads the event until the sweep has had to complete it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from events_e2e import Events, ids
from support.bus import BusTap
from support.cloud import RunningCloud
from support.platform import Platform

TEMPLATE = Path(__file__).resolve().parents[3] / "template.yaml"


@pytest.fixture(scope="module")
def fast_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    cloud = RunningCloud(TEMPLATE, tmp_path_factory.mktemp("events-sweep"), "--quiet", "--schedule-speed", "60")
    yield Platform(cloud)
    cloud.stop()


@pytest.fixture
def tap(fast_platform: Platform) -> Iterator[BusTap]:
    with BusTap(fast_platform.cloud, "events") as bus_tap:
        yield bus_tap


def test_published_events_complete_once_their_start_has_passed(fast_platform: Platform, tap: BusTap) -> None:
    events = Events(fast_platform)
    org = events.organization()
    start = datetime.now(UTC) + timedelta(seconds=4)
    soon = events.created(org, date=start.strftime("%Y-%m-%dT%H:%M:%S"), timezone="UTC")["eventId"]
    later = events.created(org, date=(start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S"),
                           timezone="UTC")["eventId"]
    draft = events.created(org, status="DRAFT", date=start.strftime("%Y-%m-%dT%H:%M:%S"), timezone="UTC")["eventId"]

    def completed(event_id: str) -> list[dict]:
        return tap.about("event.completed", eventId=event_id)

    tap.wait_for("event.completed", timeout=60, eventId=soon)
    assert events.get(soon).json["status"] == "COMPLETED"
    assert events.get(later).json["status"] == "PUBLISHED"
    assert events.get(draft, org).json["status"] == "DRAFT"
    # upcoming: what is still to come; past events stay searchable as COMPLETED
    assert ids(events.found(organizationId=org.id, other="upcoming", status="PUBLISHED,COMPLETED")) == [later]
    assert ids(events.found(organizationId=org.id, status="COMPLETED")) == [soon]
    # a completed event is not changed any more
    assert events.update(soon, org, {"status": "PUBLISHED"}).status == 409
    assert fast_platform.request("DELETE", f"/events/{soon}/poster", user=org).status == 409
    # more sweeps run (one a second) until a second event completes: still one event.completed for the first
    again = events.created(org, date=(datetime.now(UTC) + timedelta(seconds=3)).strftime("%Y-%m-%dT%H:%M:%S"),
                           timezone="UTC")["eventId"]
    tap.wait_for("event.completed", timeout=60, eventId=again)
    assert len(completed(soon)) == 1
    assert completed(later) == [] and completed(draft) == []
