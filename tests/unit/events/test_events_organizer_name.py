"""The organizer's name kept on its events (GET /events/{id} reads one item), against the context's table in
in-process moto: user.* renames every event the organization created, whatever its status and page by page, and
none it only collaborates on; the same fact told again under new eventIds, or late, changes nothing; a creation or
a save that read an older name is stale; an event never told a name reads the users replica, as all did before."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from events import store  # noqa: E402
from events.domain import CANCELLED, COMPLETED, DRAFT, PUBLISHED, Details, Location, create  # noqa: E402
from events.handlers import consume, get_event  # noqa: E402
from kernel.unit_of_work import Stale
from support.consumer_calls import deliver, envelope, idempotency_records
from support.context_tables import table_per_module
from support.queues import copy_of

NOW = datetime.now(UTC)
ORG, PARTNER = str(uuid.uuid4()), str(uuid.uuid4())
PLACE = Location(name="Terrazza", country="Italy", country_code="IT", city="Milano", road="Piazza Diaz",
                 postcode="20123", lat=45.46, lon=9.19)

moto_table, table = table_per_module("events")  # one table for the module, emptied after each test


def at(seconds_ago: float) -> str:
    return (NOW - timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def user(event_type: str, seconds_ago: float, user_id: str = ORG, name: str = "Blue Note",
         role: str = "organization") -> dict[str, Any]:
    """A user.created / user.updated as the users context publishes it (a new eventId each time)."""
    return envelope(event_type, at(seconds_ago), id=user_id, name=name, role=role)


def new_event(creator: str = ORG, status: str = PUBLISHED, collaborators: tuple[str, ...] = ()) -> str:
    """An event as POST /events writes it: with the name its creator's replica holds now."""
    details = Details(title="Jazz on the Roof", description="Three bands.", location=PLACE, timezone="Europe/Rome",
                      date=(NOW + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S"))
    event = create(str(uuid.uuid4()), creator, DRAFT if status == DRAFT else PUBLISHED, details, "poster.png",
                   NOW).after
    name, told_at = store.told_name(creator)
    event = replace(event, collaborator_ids=collaborators, creator_name=name, creator_name_at=told_at)
    store.create(event, [])
    if status in (CANCELLED, COMPLETED):
        store.save(replace(event, status=status), event)
    return event.id


def names(event_id: str) -> set[str | None]:
    """The organizer's name on the event's item and on each of its listing entries (in their documents)."""
    return {json.loads(item.doc).get("creatorName") for item in store.EventItem.query(store.event_key(event_id))}


@pytest.fixture
def calls() -> list[str]:
    """The DynamoDB operations the context's models send, in order."""
    sent: list[str] = []
    client = store.EventItem._get_connection().connection.client
    record = lambda model, **_: sent.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb", record)
    yield sent
    client.meta.events.unregister("before-call.dynamodb", record)


def get(event_id: str) -> dict[str, Any]:
    """GET /events/{id}, anonymous, through the function's own app."""
    path = f"/events/{event_id}"
    request = {"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "", "headers": {},
               "requestContext": {"http": {"method": "GET", "path": path, "sourceIp": "192.0.2.1"},
                                  "requestId": "r1", "stage": "$default"}, "isBase64Encoded": False}
    response = get_event.handler.app.resolve(request, None)
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def test_get_of_an_event_told_its_organizers_name_is_one_getitem(calls):
    untold = new_event()  # before the users context told of its organizer
    calls.clear()
    assert "creatorName" not in get(untold)
    assert calls == ["GetItem", "BatchGetItem"]  # the users replica: nothing there yet
    deliver(consume.handler, user("user.created", 5))
    calls.clear()
    assert get(untold)["creatorName"] == "Blue Note"
    assert calls == ["GetItem"]
    calls.clear()
    assert get(new_event())["creatorName"] == "Blue Note"  # created with the name the replica holds
    assert calls[-1:] == ["GetItem"] and calls.count("GetItem") == 2  # the creation's read of the replica, the GET


def test_an_event_the_rename_missed_shows_the_name_the_replica_holds():
    """An event written after the consumer looked for the organization's events (its index lagging behind)."""
    event_id = new_event()
    store.remember_user(ORG, "organization", "Blue Note", at(5))  # the replica only: no event renamed
    assert get(event_id)["creatorName"] == "Blue Note"


def test_a_rename_reaches_every_event_the_organization_created_page_by_page_and_none_it_collaborates_on(
        monkeypatch):
    monkeypatch.setattr(store, "CREATED_BY_PAGE", 2)
    deliver(consume.handler, user("user.created", 9), user("user.created", 9, PARTNER, "Partner"))
    own = [new_event() for _ in range(3)] + [new_event(status=s) for s in (DRAFT, CANCELLED, COMPLETED)]
    theirs = new_event(PARTNER, collaborators=(ORG,))
    deliver(consume.handler, user("user.updated", 5, name="Blue Note Milano"))
    assert {event_id: names(event_id) for event_id in own} == {event_id: {"Blue Note Milano"} for event_id in own}
    assert names(theirs) == {"Partner"}  # its copy under the collaborator too
    assert store.get(theirs).creator_name == "Partner"


def test_a_rename_told_again_under_new_event_ids_or_late_changes_nothing():
    """user.created/updated run for every delivery (kernel.consumer `repeatable`, no idempotency record)."""
    event_id = new_event()
    created, renamed = user("user.created", 9), user("user.updated", 3, name="Blue Note Milano")
    older = user("user.updated", 6, name="Blue Club")
    deliver(consume.handler, created, copy_of(created))
    version = store.get(event_id).version
    deliver(consume.handler, renamed, copy_of(renamed), older, copy_of(older), copy_of(created), copy_of(renamed))
    event = store.get(event_id)
    assert (event.creator_name, event.creator_name_at, event.version) == ("Blue Note Milano", at(3), version + 1)
    assert names(event_id) == {"Blue Note Milano"}
    assert idempotency_records() == []


def test_a_members_update_looks_for_no_events_and_an_organizations_does(calls):
    deliver(consume.handler, user("user.updated", 5, user_id=PARTNER, name="Ada", role="member"))
    assert "Query" not in calls
    deliver(consume.handler, user("user.updated", 5))
    assert "Query" in calls


def test_a_creation_that_read_the_name_before_a_rename_is_stale():
    store.remember_user(ORG, "organization", "Blue Club", at(9))
    name, told_at = store.told_name(ORG)
    details = Details(title="Late Set")
    event = replace(create(str(uuid.uuid4()), ORG, DRAFT, details, "poster.png", NOW).after,
                    creator_name=name, creator_name_at=told_at)
    store.remember_user(ORG, "organization", "Blue Note", at(5))  # its consumer may have renamed the events already
    with pytest.raises(Stale):
        store.create(event, [])
    assert store.get(event.id) is None
    store.create(replace(event, creator_name="Blue Note", creator_name_at=at(5)), [])
    assert store.get(event.id).creator_name == "Blue Note"


def test_a_save_that_read_the_event_before_a_rename_is_stale_and_cannot_put_the_old_name_back():
    deliver(consume.handler, user("user.created", 9))
    event_id = new_event()
    read = store.get(event_id)
    deliver(consume.handler, user("user.updated", 5, name="Blue Note Milano"))
    with pytest.raises(Stale):
        store.save(replace(read, title="Changed meanwhile"), read)
    assert store.get(event_id).creator_name == "Blue Note Milano"


def test_a_deleted_organizations_events_show_no_name_and_a_late_update_does_not_bring_it_back(calls):
    deliver(consume.handler, user("user.created", 9))
    published, completed = new_event(), new_event(status=COMPLETED)
    deliver(consume.handler, envelope("user.deleted", at(5), id=ORG), user("user.updated", 7, name="Blue Club"))
    assert store.get(published).status == CANCELLED  # departed.py
    for event_id in (published, completed):
        event = store.get(event_id)
        assert (event.creator_name, event.creator_name_at) == (None, at(5))
        calls.clear()
        assert "creatorName" not in get(event_id)
        assert calls == ["GetItem"]  # told: no name, not unknown
