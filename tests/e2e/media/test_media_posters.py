"""Posters: media learns who created an event from event.created on the bus (never by asking the events context);
only that creator gets a presigned POST; event.deleted ends uploads for the event and removes its posters."""

from __future__ import annotations

import uuid
from typing import Any

from media_e2e import RED, Media, assert_problem, banded_image, decoded, near, post_form
from support.bus import BusTap, publish
from support.platform import User
from support.polling import eventually


def _created(media: Media, creator: User, status: str = "PUBLISHED") -> str:
    """A new event of `creator`, announced by the events context; its id."""
    event_id = str(uuid.uuid4())
    publish(media.platform.cloud, "event.created", {
        "eventId": event_id, "creatorId": creator.id, "name": "Jazz on the Roof", "date": "2027-07-15T20:00:00",
        "timezone": "Europe/Rome", "startsAt": "2027-07-15T18:00:00Z", "status": status, "tags": ["Jazz"],
        "instant": 1795348800000, "locationName": "Terrazza Martini"}, "events")
    return event_id


def _poster_request(media: Media, user: User, event_id: str) -> Any:
    return media.request_upload(user, kind="poster", eventId=event_id, contentType="image/jpeg")


def _known(media: Media, creator: User, event_id: str) -> None:
    eventually(lambda: _poster_request(media, creator, event_id).status == 200, what="media to learn the event")


def test_the_creator_uploads_a_poster_that_is_published_square_and_announced(media: Media, bus: BusTap,
                                                                             organization: User) -> None:
    event_id = _created(media, organization)
    _known(media, organization, event_id)

    upload_key = media.upload(organization, banded_image(2000, 1500, "JPEG"), "image/jpeg", kind="poster",
                              eventId=event_id)

    announced = bus.wait_for("media.poster.updated", eventId=event_id)
    assert announced["producer"] == "media"
    url = announced["payload"]["url"]
    assert url.startswith(f"{media.platform.url}/media/events/{event_id}/poster-") and url.endswith(".jpg")
    served = media.get(url)
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    image = decoded(served.raw)
    assert image.size == (1200, 1200)
    assert near(image.getpixel((3, 600)), RED) and near(image.getpixel((1196, 600)), RED)
    assert upload_key.startswith(f"uploads/poster/{event_id}/")
    media.wait_until_handled(upload_key)


def test_only_the_creator_may_upload_a_poster(media: Media, bus: BusTap, organization: User,
                                              other_organization: User, member: User) -> None:
    event_id = _created(media, organization)
    _known(media, organization, event_id)

    assert_problem(_poster_request(media, other_organization, event_id), 403)
    assert_problem(_poster_request(media, member, event_id), 403)


def test_a_draft_is_not_found_for_anyone_but_its_creator(media: Media, bus: BusTap, organization: User,
                                                         other_organization: User) -> None:
    event_id = _created(media, organization, status="DRAFT")
    _known(media, organization, event_id)

    assert_problem(_poster_request(media, other_organization, event_id), 404)


def test_an_unknown_event_is_not_found(media: Media, organization: User) -> None:
    assert_problem(_poster_request(media, organization, str(uuid.uuid4())), 404)


def test_a_poster_needs_a_well_formed_event_id(media: Media, organization: User) -> None:
    assert_problem(media.request_upload(organization, kind="poster"), 400)
    assert_problem(media.request_upload(organization, kind="poster", eventId="not-an-id"), 400)


def test_a_deleted_event_takes_no_more_posters_and_loses_its_own(media: Media, bus: BusTap,
                                                                 organization: User) -> None:
    event_id = _created(media, organization)
    _known(media, organization, event_id)
    media.upload(organization, banded_image(400, 300), "image/png", kind="poster", eventId=event_id)
    url = bus.wait_for("media.poster.updated", eventId=event_id)["payload"]["url"]
    unused = _poster_request(media, organization, event_id).json  # granted before the deletion, sent after

    publish(media.platform.cloud, "event.deleted", {"eventId": event_id}, "events")

    eventually(lambda: _poster_request(media, organization, event_id).status == 404, what="the deletion")
    eventually(lambda: not media.keys(f"events/{event_id}/"), what="the event's posters to be removed")
    served = media.get(url)
    assert served.status == 200 and served.headers["content-type"] == "image/png"
    assert served.raw == media.get("/media/events/default.png").raw

    assert post_form(unused["url"], unused["fields"], banded_image(400, 300, "JPEG"), "image/jpeg") == 204
    media.wait_until_handled(unused["key"])
    assert media.keys(f"events/{event_id}/") == []
    assert len(bus.about("media.poster.updated", eventId=event_id)) == 1
