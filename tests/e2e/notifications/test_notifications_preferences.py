"""Notification preferences through the HTTP API (issue 19): the user's grid of types x channels with its defaults,
changed only by the user, refused when invalid or when essential e-mail is switched off; a type switched off in
the app makes neither a stored notification nor a frame."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from notifications_e2e import Socket, notifications, settled
from support.bus import publish
from support.platform import Platform, User

EXAMPLES = Path(__file__).resolve().parents[3] / "events_schema" / "examples"
SOME_ID = "0d21136c-9867-4ab6-9019-71f6d789d46b"
ESSENTIAL = {"order_confirmed", "order_cancelled", "order_refunded", "event_cancelled", "refund_approved"}


def path(user: User | str) -> str:
    return f"/notifications/users/{user if isinstance(user, str) else user.id}/preferences"


def grid(platform: Platform, user: User) -> dict[str, Any]:
    response = platform.request("GET", path(user), user=user)
    assert response.status == 200, response.raw
    return response.json["preferences"]


def switched_off_in_app(platform: Platform, user: User, note_type: str) -> None:
    response = platform.request("PUT", path(user), {"preferences": {note_type: {"inApp": False, "email": True}}},
                                user=user)
    assert response.status == 200, response.raw
    assert response.json["preferences"][note_type] == {"inApp": False, "email": True,
                                                       "essential": note_type in ESSENTIAL, "emailOnly": False}


def test_a_new_user_has_the_defaults(platform: Platform, member: User) -> None:
    preferences = grid(platform, member)
    assert all(choice["inApp"] for choice in preferences.values())
    answers_wanted = {"collaboration_invite", "waiting_list_offer"}
    holders_letters = {"event_changed", "event_reminder"}
    assert {t for t, c in preferences.items() if c["email"]} == ESSENTIAL | answers_wanted | holders_letters
    assert {t for t, c in preferences.items() if c["essential"]} == ESSENTIAL
    assert {t for t, c in preferences.items() if c["emailOnly"]} == holders_letters  # letters, not notifications
    assert {"like", "review", "follow", "new_event"} <= set(preferences)


def test_the_user_changes_the_grid_and_types_not_named_go_back_to_their_default(platform: Platform,
                                                                                  member: User) -> None:
    first = {"follow": {"inApp": False, "email": True}, "order_confirmed": {"inApp": False, "email": True}}
    assert platform.request("PUT", path(member), {"preferences": first}, user=member).status == 200
    preferences = grid(platform, member)
    assert preferences["follow"] == {"inApp": False, "email": True, "essential": False, "emailOnly": False}
    assert preferences["order_confirmed"] == {"inApp": False, "email": True, "essential": True, "emailOnly": False}
    second = {"like": {"inApp": True, "email": True}}
    assert platform.request("PUT", path(member), {"preferences": second}, user=member).status == 200
    preferences = grid(platform, member)
    assert preferences["like"]["email"] and preferences["follow"] == {"inApp": True, "email": False,
                                                                      "essential": False, "emailOnly": False}


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_only_the_user_reads_and_changes_their_preferences(platform: Platform, member: User, other_member: User,
                                                           method: str) -> None:
    body = {"preferences": {"like": {"inApp": False, "email": False}}} if method == "PUT" else None
    assert platform.request(method, path(member), body).status == 401
    assert platform.request(method, path(member), body, headers={"authorization": "Bearer nonsense"}).status == 401
    refused = platform.request(method, path(member), body, user=other_member)
    assert refused.status == 403 and refused.headers["content-type"].startswith("application/problem+json")
    assert platform.request(method, path("not-a-uuid"), body, user=member).status == 404
    assert grid(platform, member)["like"] == {"inApp": True, "email": False, "essential": False, "emailOnly": False}


@pytest.mark.parametrize("body", [
    {"preferences": {"order_refunded": {"inApp": True, "email": False}}},   # essential e-mail switched off
    {"preferences": {"newsletter": {"inApp": True, "email": True}}},        # not a type
    {"preferences": {"like": {"inApp": "no", "email": True}}},              # not a boolean
    {"preferences": {"like": {"inApp": True}}},                             # a channel missing
    {"preferences": {"like": {"inApp": True, "email": True, "sms": True}}},  # an unknown channel
    {"preferences": []}, {}, {"preferences": {}, "extra": 1}])
def test_bad_preferences_are_a_400_and_change_nothing(platform: Platform, member: User, body: dict) -> None:
    switched_off_in_app(platform, member, "like")
    before = grid(platform, member)
    response = platform.request("PUT", path(member), body, user=member)
    assert response.status == 400, response.raw
    assert response.headers["content-type"].startswith("application/problem+json")
    assert grid(platform, member) == before


def example(event_type: str, **changes: Any) -> dict[str, Any]:
    payload = json.loads((EXAMPLES / f"{event_type}.json").read_text())["payload"]
    return {**payload, **changes}


# A domain event for each kind of notification a recipient can switch off in the app (the recipient's id goes
# into the field named), and the type it makes.
SWITCHABLE = [
    ("interactions.like.created", "creatorId", "interactions", "like"),
    ("interactions.review.created", "creatorId", "interactions", "review"),
    ("interactions.follow.created", "followedId", "interactions", "follow"),
    ("payments.order.rejected", "userId", "ticketing", "order_cancelled"),
    ("payments.order.refunded", "userId", "ticketing", "event_cancelled"),
]


@pytest.mark.parametrize(("event_type", "recipient_field", "producer", "note_type"), SWITCHABLE)
def test_a_type_switched_off_in_the_app_makes_no_notification_and_no_frame(
        platform: Platform, member: User, event_type: str, recipient_field: str, producer: str,
        note_type: str) -> None:
    switched_off_in_app(platform, member, note_type)
    marker_id = str(uuid.uuid4())
    with Socket(platform, member) as tab:
        publish(platform.cloud, event_type, example(event_type, **{recipient_field: member.id}), producer=producer)
        # the same kind for someone who did not switch it off: the consumer did handle the event
        other = platform.register("member")
        with Socket(platform, other) as other_tab:
            publish(platform.cloud, event_type, example(event_type, **{recipient_field: other.id}),
                    producer=producer, event_id=marker_id)
            other_tab.wait_for(note_type)
        settled(platform, tab)
        assert tab.received(note_type) == []
    assert [n for n in notifications(platform, member).json["items"] if n["type"] == note_type] == []
