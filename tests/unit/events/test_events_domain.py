"""The events context's rules on its domain objects, without AWS (reference behaviour §2.2 and the fixes of §12):
what an event must hold, how its status moves, what an update keeps or clears, and which domain events each
command causes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from events.domain import (
    CANCELLED,
    COMPLETED,
    DRAFT,
    PUBLISHED,
    Change,
    Details,
    Location,
    complete,
    create,
    depart,
    remove,
    update,
    with_prices,
)
from kernel.errors import Conflict, ValidationFailed

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
LATER = (NOW + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S")
PLACE = Location(name="Terrazza", country="Italy", country_code="IT", city="Milano", road="Piazza Diaz",
                 postcode="20123", lat=45.46, lon=9.19)


def details(**overrides: object) -> Details:
    values = dict(title="Jazz on the Roof", description="Three bands.", location=PLACE, date=LATER,
                  timezone="Europe/Rome", tags=["Concert"])
    values.update(overrides)
    return Details(**values)  # type: ignore[arg-type]


def new(status: str = PUBLISHED, **overrides: object):  # noqa: ANN201
    return create("e1", "org1", status, details(**overrides), "poster.png", NOW).after


def fields_of(error: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {problem.field for problem in error.value.errors}


# --- what an event holds ------------------------------------------------------------------------------------------


def test_a_draft_needs_only_its_creator():
    draft = create("e1", "org1", DRAFT, Details(), "poster.png", NOW).after
    assert (draft.status, draft.creator_id, draft.title, draft.is_free) == (DRAFT, "org1", None, True)


def test_a_published_event_needs_title_description_full_address_coordinates_and_a_date():
    with pytest.raises(ValidationFailed) as error:
        create("e1", "org1", PUBLISHED, Details(location=Location(city="Milano")), "p", NOW)
    assert fields_of(error) == {"title", "description", "location.country", "location.countryCode",
                                "location.road", "location.postcode", "location", "date"}


def test_a_published_event_starts_in_the_future():
    past = (NOW - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    with pytest.raises(ValidationFailed) as error:
        new(date=past)
    assert fields_of(error) == {"date"}


def test_only_drafts_and_published_events_can_be_created():
    with pytest.raises(ValidationFailed) as error:
        new(CANCELLED)
    assert "status" in fields_of(error)


@pytest.mark.parametrize(("title", "ok"), [("ab", False), ("abc", True), ("x" * 200, True), ("x" * 201, False)])
def test_a_title_has_3_to_200_characters(title, ok):
    if ok:
        assert new(DRAFT, title=title).title == title
    else:
        with pytest.raises(ValidationFailed) as error:
            new(DRAFT, title=title)
        assert fields_of(error) == {"title"}


def test_a_description_has_at_most_5000_characters():
    assert new(DRAFT, description="x" * 5000).description == "x" * 5000
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, description="x" * 5001)
    assert fields_of(error) == {"description"}


def test_date_and_timezone_go_together_and_the_date_has_no_offset():
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, timezone=None)
    assert fields_of(error) == {"timezone"}
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, date="2027-01-01T20:00:00+01:00")
    assert fields_of(error) == {"date"}
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, timezone="Mars/Olympus")
    assert fields_of(error) == {"timezone"}


def test_the_start_is_the_local_time_in_the_events_zone():
    event = new(date="2027-07-15T20:00", timezone="Europe/Rome")
    assert event.date == "2027-07-15T20:00:00"
    assert event.starts_at == datetime(2027, 7, 15, 18, 0, tzinfo=UTC)


def test_tags_are_known_names_each_once_and_at_most_ten():
    assert new(tags=["live music", " Live Music", "Pub"]).tags == ("Live Music", "Pub")
    with pytest.raises(ValidationFailed) as error:
        new(tags=["Pub", "Not a tag"])
    assert fields_of(error) == {"tags"}
    eleven = ["Club", "Pub", "Bar", "Restaurant", "Theatre", "Outdoor", "Electronic", "Pop", "Hip Hop", "Rock",
              "Reggaeton"]
    assert len(new(tags=eleven[:10]).tags) == 10
    with pytest.raises(ValidationFailed) as error:
        new(tags=eleven)
    assert fields_of(error) == {"tags"}


def test_a_location_is_trimmed_upper_cases_its_country_and_needs_a_name_or_city():
    event = new(DRAFT, location=Location(name="  ", city=" Milano ", country_code="it"))
    assert (event.location.name, event.location.city, event.location.country_code) == (None, "Milano", "IT")
    assert event.location.display_name == "Milano"
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, location=Location(country="Italy"))
    assert fields_of(error) == {"location"}
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, location=Location(city="Milano", lat=45.0))
    assert fields_of(error) == {"location"}
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, location=Location(city="Milano", lat=91.0, lon=0.0, link="javascript:alert(1)"))
    assert fields_of(error) == {"location.lat", "location.link"}


def test_the_creator_is_never_its_own_collaborator_and_at_most_twenty_are_named():
    assert new(collaborator_ids=["org1", "org2", "org2"]).invited_ids == ("org2",)
    with pytest.raises(ValidationFailed) as error:
        new(collaborator_ids=[f"org{n}" for n in range(2, 23)])
    assert fields_of(error) == {"collaboratorIds"}


def test_every_broken_rule_is_reported_at_once():
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, title="ab", description="x" * 5001, tags=["Nope"])
    assert fields_of(error) == {"title", "description", "tags"}


# --- prices and popularity ----------------------------------------------------------------------------------------


def test_an_event_is_free_until_a_ticket_type_costs_something_and_again_once_the_last_goes():
    event = new()
    priced = with_prices(event, [1500, 0, 1500, 2500], "EUR")
    assert (priced.prices, priced.min_price, priced.max_price, priced.is_free) == ((0, 1500, 2500), 0, 2500, False)
    assert with_prices(event, [0], "EUR").is_free
    gone = with_prices(priced, [], "EUR")
    assert gone.is_free and gone.currency is None


def test_popularity_counts_a_ticket_twice_a_like_once():
    assert replace(new(), likes=3, tickets_sold=2).score == 7


# --- the status machine and what each command causes -------------------------------------------------------------


def test_creating_causes_event_created_and_publishing_at_once_event_published_too():
    assert create("e1", "org1", DRAFT, details(), "p", NOW).caused == ("event.created",)
    assert create("e1", "org1", PUBLISHED, details(), "p", NOW).caused == ("event.created", "event.published")


def test_publishing_a_draft_causes_event_updated_and_event_published():
    transition = update(new(DRAFT), Change(PUBLISHED), NOW)
    assert transition.after.status == PUBLISHED
    assert transition.caused == ("event.updated", "event.published")


def test_an_update_that_keeps_the_status_causes_only_event_updated():
    assert update(new(), Change(PUBLISHED, Details(title="New title")), NOW).caused == ("event.updated",)
    assert update(new(DRAFT), Change(DRAFT), NOW).caused == ("event.updated",)


def test_cancelling_causes_event_updated_and_event_cancelled():
    transition = update(new(), Change(CANCELLED), NOW)
    assert transition.after.status == CANCELLED
    assert transition.caused == ("event.updated", "event.cancelled")


@pytest.mark.parametrize(("current", "target"), [
    (DRAFT, CANCELLED), (DRAFT, COMPLETED), (PUBLISHED, DRAFT), (PUBLISHED, COMPLETED), (CANCELLED, PUBLISHED),
    (CANCELLED, DRAFT)])
def test_the_status_only_moves_along_the_machine(current, target):
    with pytest.raises(Conflict, match=f"Invalid status transition from {current} to {target}"):
        update(replace(new(), status=current), Change(target), NOW)


def test_a_completed_event_cannot_be_changed():
    with pytest.raises(Conflict, match="A completed event cannot be changed"):
        update(replace(new(), status=COMPLETED), Change(COMPLETED), NOW)


def test_an_update_leaving_the_event_published_must_keep_it_publishable():
    with pytest.raises(ValidationFailed) as error:
        update(new(), Change(PUBLISHED, cleared=frozenset({"description"})), NOW)
    assert fields_of(error) == {"description"}
    past = NOW + timedelta(days=31)  # the event's date has passed by the time of this update
    with pytest.raises(ValidationFailed) as error:
        update(new(), Change(PUBLISHED, Details(title="Late change")), past)
    assert fields_of(error) == {"date"}


def test_an_update_keeps_what_it_omits_keeps_blank_texts_and_clears_what_it_sends_as_null():
    event = new()
    kept = update(event, Change(PUBLISHED, Details(title="", description="")), NOW).after
    assert (kept.title, kept.description, kept.tags, kept.location, kept.date) == (
        event.title, event.description, event.tags, event.location, event.date)
    assert update(event, Change(PUBLISHED, Details(tags=[])), NOW).after.tags == ()
    cleared = update(new(DRAFT), Change(DRAFT, cleared=frozenset({"date", "location", "title"})), NOW).after
    assert (cleared.date, cleared.timezone, cleared.location, cleared.title) == (None, None, None, None)


def test_deleting_a_published_event_cancels_it_and_anything_else_is_deleted_for_good():
    cancelled = remove(new())
    assert (cancelled.after.status, cancelled.caused, cancelled.gone) == (CANCELLED, ("event.cancelled",), False)
    for status in (DRAFT, CANCELLED, COMPLETED):
        gone = remove(replace(new(), status=status))
        assert (gone.caused, gone.gone) == (("event.deleted",), True)


def test_a_published_event_completes_once_its_end_has_passed_not_at_its_start():
    event = new(date="2027-07-15T20:00:00", end_date="2027-07-16T01:30:00")
    assert complete(event, NOW) is None
    assert complete(event, event.starts_at) is None  # started: still on
    assert complete(event, event.ends_at - timedelta(seconds=1)) is None
    done = complete(event, event.ends_at)
    assert (done.after.status, done.caused) == (COMPLETED, ("event.completed",))
    assert complete(done.after, event.ends_at + timedelta(days=1)) is None  # exactly once
    for status in (DRAFT, CANCELLED):
        assert complete(replace(event, status=status), event.ends_at) is None


def test_an_event_ends_four_hours_after_its_start_unless_told():
    event = new(date="2027-07-15T20:00:00", timezone="Europe/Rome")
    assert (event.end_date, event.ends_at) == ("2027-07-16T00:00:00", datetime(2027, 7, 15, 22, 0, tzinfo=UTC))
    told = new(date="2027-07-15T20:00", end_date="2027-07-15T23:30")
    assert (told.end_date, told.ends_at) == ("2027-07-15T23:30:00", datetime(2027, 7, 15, 21, 30, tzinfo=UTC))
    stored_before_ends_existed = replace(told, end_date=None)
    assert stored_before_ends_existed.ends_at == told.starts_at + timedelta(hours=4)
    clocks_change = new(date="2027-03-27T23:00:00", timezone="Europe/Rome")  # 02:00 -> 03:00 that night
    assert (clocks_change.end_date, clocks_change.ends_at - clocks_change.starts_at) == (
        "2027-03-28T04:00:00", timedelta(hours=4))
    assert new(DRAFT, date=None, timezone=None).ends_at is None


@pytest.mark.parametrize("end", ["2027-07-15T20:00:00", "2027-07-15T19:59:59", "2027-07-14T23:00:00",
                                 "2027-07-15T20:00+01:00", "2027-13-01T00:00:00"])
def test_an_end_must_be_a_local_date_time_after_the_start(end):
    with pytest.raises(ValidationFailed) as error:
        new(date="2027-07-15T20:00:00", end_date=end)
    assert fields_of(error) == {"endDate"}


def test_an_end_needs_a_start():
    with pytest.raises(ValidationFailed) as error:
        new(DRAFT, date=None, timezone=None, end_date="2027-07-15T23:00:00")
    assert fields_of(error) == {"endDate"}


def test_moving_the_start_moves_the_end_with_it_unless_an_end_is_sent():
    event = new(date="2027-07-15T20:00:00", end_date="2027-07-15T22:30:00")
    moved = update(event, Change(PUBLISHED, Details(date="2027-07-20T21:00:00")), NOW).after
    assert (moved.date, moved.end_date) == ("2027-07-20T21:00:00", "2027-07-20T23:30:00")
    ended = update(event, Change(PUBLISHED, Details(end_date="2027-07-16T02:00:00")), NOW).after
    assert (ended.date, ended.end_date) == ("2027-07-15T20:00:00", "2027-07-16T02:00:00")
    with pytest.raises(ValidationFailed) as error:
        update(event, Change(PUBLISHED, Details(end_date="2027-07-15T19:00:00")), NOW)
    assert fields_of(error) == {"endDate"}
    reset = update(event, Change(PUBLISHED, cleared=frozenset({"endDate"})), NOW).after
    assert reset.end_date == "2027-07-16T00:00:00"


def test_when_its_creator_is_gone_a_published_event_is_cancelled_a_draft_deleted_the_rest_left():
    assert depart(new(), "org1").caused == ("event.cancelled",)
    assert depart(new(), "org1").after.status == CANCELLED
    draft = depart(new(DRAFT), "org1")
    assert (draft.caused, draft.gone) == (("event.deleted",), True)
    for status in (CANCELLED, COMPLETED):
        assert depart(replace(new(), status=status), "org1") is None


def test_when_a_collaborator_is_gone_it_leaves_and_an_invited_one_is_forgotten_quietly():
    event = replace(new(), collaborator_ids=("org2",), invited_ids=("org3",))
    gone = depart(event, "org2")
    assert (gone.after.collaborator_ids, gone.caused, gone.organization_id) == ((), ("event.collaborator.left",),
                                                                                  "org2")
    quiet = depart(event, "org3")
    assert (quiet.after.invited_ids, quiet.caused) == ((), ())
    assert depart(event, "org9") is None
