"""An organization named as a collaborator is told of the invitation (collaboration_invite, from the events
context's event.collaborator.invited), live and stored, so that it can accept or decline (security review M7)."""

from __future__ import annotations

from notifications_e2e import Socket, local_in, notifications
from support.platform import Platform, User
from support.polling import eventually


def test_the_invited_organization_hears_of_its_invitation(platform: Platform, organization: User,
                                                           other_organization: User) -> None:
    platform.verify_email(organization)  # it publishes
    body = {"title": "Partner Night", "description": "Two clubs, one night.", "status": "PUBLISHED",
            "date": local_in(30), "timezone": "Europe/Rome", "collaboratorIds": [other_organization.id],
            "location": {"name": "Terrazza Martini", "country": "Italy", "countryCode": "it", "city": "Milano",
                         "road": "Piazza Diaz", "postcode": "20123", "lat": 45.4642, "lon": 9.19}}
    with Socket(platform, other_organization) as tab:
        created = eventually(lambda: (r := platform.request("POST", "/events", body, user=organization)).status
                             == 201 and r, what="the events context to know both organizations")
        event = created.json
        frame = tab.wait_for("collaboration_invite", metadata__eventId=event["eventId"])
    assert frame["data"]["metadata"] == {"eventId": event["eventId"], "eventName": "Partner Night",
                                         "creatorId": organization.id, "creatorName": organization.username,
                                         "startsAt": event["startsAt"]}
    stored = notifications(platform, other_organization).json["items"]
    assert [(n["type"], n["id"]) for n in stored] == [("collaboration_invite", frame["data"]["id"])]
    assert notifications(platform, organization).json["items"] == []  # the creator is not told of its own
