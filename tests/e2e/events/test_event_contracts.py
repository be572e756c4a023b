"""The domain events the events context publishes reach the bus, each valid against events_schema/ (BusTap checks
every one), with the payloads consumers rely on: created (with the time zone of its date), published (also when
created as PUBLISHED, §12 item 2), updated, cancelled, deleted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from events_e2e import Events, local_in
from support.bus import BusTap
from support.platform import Platform, User


@pytest.fixture
def tap(platform: Platform) -> Iterator[BusTap]:
    with BusTap(platform.cloud, "events") as bus_tap:
        yield bus_tap


def of_event(tap: BusTap, last_type: str, event_id: str, count: int) -> list[dict[str, Any]]:
    """The envelopes about `event_id`, in order, once `count` of them have arrived, the last one a `last_type`."""
    tap.wait_for(last_type, eventId=event_id)
    found = [e for e in tap.seen if e["payload"].get("eventId") == event_id]
    assert len(found) == count, [e["eventType"] for e in found]
    return found


def test_lifecycle_events_are_published_and_valid(events: Events, platform: Platform, org: User,
                                                  tap: BusTap) -> None:
    partner = events.organization()
    published = events.created(org, collaboratorIds=[partner.id])
    tap.wait_for("event.collaborator.invited", eventId=published["eventId"])
    created, announced, invited = of_event(tap, "event.published", published["eventId"], 3)
    assert created["eventType"] == "event.created" and invited["eventType"] == "event.collaborator.invited"
    payload = announced["payload"]
    assert payload["creatorName"] == org.username and payload["name"] == published["title"]
    assert payload["startsAt"] == published["startsAt"]
    assert payload["collaboratorIds"] == []  # invited, not a collaborator until it accepts (M7)

    draft = events.created(org, status="DRAFT", date=None, timezone=None)["eventId"]
    assert [e["eventType"] for e in of_event(tap, "event.created", draft, 1)] == ["event.created"]
    events.update(draft, org, {"status": "PUBLISHED", "date": local_in(2), "timezone": "UTC"})
    assert [e["eventType"] for e in of_event(tap, "event.published", draft, 3)][1:] == \
        ["event.updated", "event.published"]
    platform.request("DELETE", f"/events/{draft}", user=org)
    assert of_event(tap, "event.cancelled", draft, 4)[3]["eventType"] == "event.cancelled"
    platform.request("DELETE", f"/events/{draft}", user=org)
    assert of_event(tap, "event.deleted", draft, 5)[4]["payload"] == {"eventId": draft}


def test_event_created_carries_the_time_zone_of_its_date(events: Events, org: User, tap: BusTap) -> None:
    # 20:00 in Pago Pago (UTC-11) is 07:00 UTC the next day: the local date alone would put it a day early
    local = local_in(10, "Pacific/Pago_Pago")[:11] + "20:00:00"
    published = events.created(org, date=local, timezone="Pacific/Pago_Pago")
    payload = tap.wait_for("event.created", eventId=published["eventId"])["payload"]
    assert payload["date"] == local and payload["timezone"] == "Pacific/Pago_Pago"
    assert payload["startsAt"] == published["startsAt"] and payload["startsAt"].endswith("T07:00:00Z")
    undated = events.created(org, status="DRAFT", date=None, timezone=None)["eventId"]
    payload = tap.wait_for("event.created", eventId=undated)["payload"]
    assert {"date", "timezone", "startsAt"}.isdisjoint(payload)
