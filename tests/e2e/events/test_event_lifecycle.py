"""Creating, reading, changing and deleting events through the HTTP gateway: who may, what is checked, and the
status machine (reference §1.2, §2.2, and the fixes of §12 items 1-6)."""

from __future__ import annotations

import uuid

from events_e2e import Events, event_body, ids, local_in
from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually


def organization_on_the_bus(platform: Platform) -> str:
    """An organization the contexts know from its user.created message only (no account): an invitee."""
    user_id = str(uuid.uuid4())
    publish(platform.cloud, "user.created", {
        "id": user_id, "username": f"org{user_id[:8]}", "name": f"org{user_id[:8]}", "language": "en",
        "avatar": f"http://127.0.0.1:3000/media/users/{user_id}/avatar.jpg", "role": "organization"}, "users")
    return user_id


def test_only_an_organization_creates_events_and_only_as_itself(events: Events, platform: Platform,
                                                                 org: User) -> None:
    member = platform.register("member")
    assert events.create(None).status == 401
    assert events.create(member).status == 403
    assert events.create(org, creatorId=member.id).status == 403
    created = events.created(org, creatorId=org.id)
    assert created["creatorId"] == org.id and created["status"] == "PUBLISHED"
    assert created["isFree"] is True
    assert created["poster"].endswith("/events/default.png")
    assert events.get(created["eventId"]).json == created


def test_a_non_draft_must_be_publishable_at_creation(events: Events, org: User) -> None:
    past = events.create(org, date=local_in(-1))
    assert past.status == 400 and {e["field"] for e in past.json["errors"]} == {"date"}
    no_road = event_body(location={"name": "Somewhere", "city": "Milano", "country": "Italy", "countryCode": "IT",
                                   "postcode": "20123", "lat": 45.0, "lon": 9.0})
    response = events.platform.request("POST", "/events", no_road, user=org)
    assert response.status == 400 and "location.road" in {e["field"] for e in response.json["errors"]}
    # each rule of an event on its own: tests/unit/events/test_events_domain.py
    # a draft needs none of it
    draft = events.created(org, status="DRAFT", date=None, timezone=None, location=None, description=None)
    assert draft["status"] == "DRAFT" and "date" not in draft and "location" not in draft


def test_in_the_future_means_the_real_instant_in_the_event_time_zone(events: Events, org: User) -> None:
    # half an hour from now on Pago Pago's clock (UTC-11) was 20 hours ago in Tokyo (UTC+9)
    soon_in_pago_pago = local_in(1 / 48, "Pacific/Pago_Pago")
    assert events.create(org, date=soon_in_pago_pago, timezone="Asia/Tokyo").status == 400
    created = events.created(org, date=soon_in_pago_pago, timezone="Pacific/Pago_Pago")
    assert created["date"] == soon_in_pago_pago and created["startsAt"].endswith("Z")


def test_drafts_are_invisible_to_everyone_but_their_creator(events: Events, platform: Platform, org: User) -> None:
    draft = events.created(org, status="DRAFT")
    other = events.organization()
    assert events.get(draft["eventId"]).status == 404
    assert events.get(draft["eventId"], other).status == 404
    assert events.get(draft["eventId"], org).status == 200
    assert events.update(draft["eventId"], other, {"status": "DRAFT", "title": "Mine now"}).status == 404
    assert platform.request("DELETE", f"/events/{draft['eventId']}", user=other).status == 404


def test_collaborators_must_be_organizations(events: Events, platform: Platform, org: User) -> None:
    partner = events.organization()
    member = platform.register("member")
    response = events.create(org, collaboratorIds=[partner.id, member.id])
    assert response.status == 400 and member.id in response.json["errors"][0]["message"]
    assert events.create(org, collaboratorIds=["0b8f4a52-8a0e-4b56-9a3d-3a1f9f1d6a11"]).status == 400
    created = events.created(org, collaboratorIds=[partner.id, org.id])
    assert created["invitedCollaboratorIds"] == [partner.id]  # the creator is not its own collaborator


def test_collaborators_are_capped_at_twenty(events: Events, platform: Platform, org: User) -> None:
    # each collaborator is a copy of the event in every change's transaction (and 2 items in interactions' reviews)
    # organizations known from their user.created messages alone: an invitee is checked against the users replica,
    # not logged in, and 21 of them announced on the bus cost a fraction of 21 registrations (Cognito, the mail)
    partners = [organization_on_the_bus(platform) for _ in range(21)]
    event_id = eventually(lambda: (lambda r: r.json["eventId"] if r.status == 201 else None)(
        events.create(org, collaboratorIds=partners[:20])), what="the partners in the users replica")
    assert events.get(event_id, org).json["invitedCollaboratorIds"] == partners[:20]
    too_many = events.create(org, collaboratorIds=partners)
    assert too_many.status == 400
    assert too_many.json["errors"] == [{"field": "collaboratorIds", "message": "at most 20 collaborators"}]
    refused = events.update(event_id, org, {"status": "PUBLISHED", "collaboratorIds": partners})
    assert refused.status == 400 and refused.json["errors"][0]["field"] == "collaboratorIds"
    assert events.get(event_id, org).json["invitedCollaboratorIds"] == partners[:20]
    assert ids(events.found(organizationId=partners[20])) == []
    # the creator does not count: it is never its own collaborator
    assert events.create(org, collaboratorIds=[org.id, *partners[:20]]).status == 201


def test_put_keeps_what_is_omitted_clears_what_is_null_or_empty(events: Events, org: User) -> None:
    partner = events.organization()
    created = events.created(org, tags=["Live Music", "Outdoor"], collaboratorIds=[partner.id])
    event_id = created["eventId"]
    kept = events.update(event_id, org, {"status": "PUBLISHED", "title": "", "description": "Now four bands."})
    assert kept.status == 200, kept.raw
    body = kept.json
    assert body["title"] == "Jazz on the Roof" and body["description"] == "Now four bands."
    assert body["tags"] == ["Live Music", "Outdoor"] and body["date"] == created["date"]  # the reference cleared them
    assert body["invitedCollaboratorIds"] == [partner.id] and body["location"] == created["location"]
    assert events.answer(event_id, partner, "accept").status == 200
    cleared = events.update(event_id, org, {"status": "PUBLISHED", "tags": [], "collaboratorIds": []}).json
    assert "tags" not in cleared and "collaboratorIds" not in cleared  # the reference could not clear these
    assert events.get(event_id, org).json == cleared
    # a published event cannot lose what publishing needs
    assert events.update(event_id, org, {"status": "PUBLISHED", "date": None}).status == 400
    assert events.update(event_id, org, {"status": "PUBLISHED", "date": local_in(-2)}).status == 400
    assert events.update(event_id, org, {"status": "PUBLISHED", "unknown": 1}).status == 400
    assert events.update(event_id, org, {"title": "No status"}).status == 400


def test_only_the_creator_changes_an_event_and_unknown_ids_are_404(events: Events, platform: Platform,
                                                                    org: User) -> None:
    created = events.created(org)
    event_id = created["eventId"]
    other = events.organization()
    unknown = "0b8f4a52-8a0e-4b56-9a3d-3a1f9f1d6a11"
    assert events.update(event_id, None, {"status": "CANCELLED"}).status == 401
    assert events.update(event_id, other, {"status": "CANCELLED", "title": "Mine now"}).status == 403
    assert platform.request("DELETE", f"/events/{event_id}", user=other).status == 403
    assert platform.request("DELETE", f"/events/{event_id}/poster", user=other).status == 403
    assert events.get(event_id).json == created  # refused before anything was written (test audit §1.3)
    assert events.update(unknown, org, {"status": "PUBLISHED"}).status == 404
    assert platform.request("DELETE", f"/events/{unknown}", user=org).status == 404
    assert platform.request("DELETE", f"/events/{unknown}/poster", user=org).status == 404
    assert events.get(unknown).status == 404


def test_status_machine(events: Events, platform: Platform, org: User) -> None:
    draft = events.created(org, status="DRAFT", date=None, timezone=None)
    event_id = draft["eventId"]
    # publishing checks what creation checks (the reference did not, §12 item 3)
    refused = events.update(event_id, org, {"status": "PUBLISHED"})
    assert refused.status == 400 and "date" in {e["field"] for e in refused.json["errors"]}
    published = events.update(event_id, org, {"status": "PUBLISHED", "date": local_in(10), "timezone": "UTC"})
    assert published.status == 200 and published.json["status"] == "PUBLISHED"
    back = events.update(event_id, org, {"status": "DRAFT"})
    assert back.status == 409 and "PUBLISHED, CANCELLED" in back.json["detail"]
    assert events.update(event_id, org, {"status": "COMPLETED"}).status == 409
    assert events.update(event_id, org, {"status": "CANCELLED"}).json["status"] == "CANCELLED"
    again = events.update(event_id, org, {"status": "PUBLISHED"})
    assert again.status == 409
    assert events.update(event_id, org, {"status": "BOGUS"}).status == 409


def test_delete_cancels_a_published_event_and_removes_the_others(events: Events, platform: Platform,
                                                                  org: User) -> None:
    published = events.created(org)["eventId"]
    response = platform.request("DELETE", f"/events/{published}", user=org)
    assert response.status == 200 and response.json["status"] == "CANCELLED"
    assert events.get(published).json["status"] == "CANCELLED"
    assert platform.request("DELETE", f"/events/{published}", user=org).status == 204  # cancelled: for good now
    assert events.get(published).status == 404
    draft = events.created(org, status="DRAFT")["eventId"]
    assert platform.request("DELETE", f"/events/{draft}", user=org).status == 204
    assert events.get(draft, org).status == 404
    assert draft not in [e["eventId"] for e in events.all_pages(org, organizationId=org.id)]


def test_the_poster_can_be_reset_to_the_default(events: Events, platform: Platform, org: User) -> None:
    event_id = events.created(org)["eventId"]
    assert platform.request("DELETE", f"/events/{event_id}/poster", user=None).status == 401
    assert platform.request("DELETE", f"/events/{event_id}/poster", user=org).status == 204
    assert events.get(event_id).json["poster"].endswith("/events/default.png")


def test_tags_by_category(platform: Platform) -> None:
    everything = platform.request("GET", "/events/tags")
    assert everything.status == 200
    assert [c["category"] for c in everything.json] == ["EventType", "Venue", "MusicStyle", "Special", "Target",
                                                        "Extra"]
    assert "DJ Set" in everything.json[0]["tags"]
    assert platform.request("GET", "/events/tags/Venue").json == ["Club", "Pub", "Bar", "Restaurant", "Theatre",
                                                                 "Outdoor"]
    assert platform.request("GET", "/events/tags/Nope").json == []


def test_openapi_describes_the_routes(platform: Platform) -> None:
    paths = platform.request("GET", "/events/openapi.json").json["paths"]
    assert {"/events", "/events/search", "/events/{eventId}", "/events/{eventId}/poster", "/events/tags"} <= set(paths)


def test_idempotency_key_creates_once(events: Events, platform: Platform, org: User) -> None:
    headers = {"idempotency-key": "create-once-1"}
    body = event_body(title="Once only")
    first = platform.request("POST", "/events", body, user=org, headers=headers)
    second = platform.request("POST", "/events", body, user=org, headers=headers)
    assert first.status == second.status == 201 and first.json["eventId"] == second.json["eventId"]
    assert [e["title"] for e in events.all_pages(organizationId=org.id)].count("Once only") == 1
