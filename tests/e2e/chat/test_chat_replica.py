"""The user replica from user.* events: names and avatars shown, renames applied, late or repeated events
harmless."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from chat_e2e import Chat
from kernel.events import validate
from support.bus import publish, send
from support.examples import fresh_examples
from support.platform import Platform
from support.queues import copy_of


def _user_event(user_id: str, name: str, avatar: str) -> dict:
    return {"id": user_id, "username": f"org{user_id[:8]}", "name": name,
            "avatar": avatar, "language": "en", "role": "organization"}


def test_names_and_avatars_come_from_user_events_and_old_ones_do_not_win(platform: Platform, chat: Chat) -> None:
    tag = uuid.uuid4().hex[:6]
    member = chat.user("member")
    organization = chat.announce("organization", f"First {tag}")
    conversation_id = chat.started(member, organization)["conversationId"]
    avatar = f"http://127.0.0.1:3000/media/users/{organization}/avatar-2.png"

    now = datetime.now(UTC)
    renamed = publish(platform.cloud, "user.updated", _user_event(organization, f"Second {tag}", avatar),
                      producer="users", occurred_at=now + timedelta(seconds=5))
    chat.wait_known(organization, f"Second {tag}")
    shown = chat.get(member, f"/chat/users/{member.id}/conversations/{conversation_id}")["organization"]
    assert shown == {"id": organization, "name": f"Second {tag}", "avatar": avatar}

    publish(platform.cloud, "user.updated", _user_event(organization, f"Stale {tag}", avatar), producer="users",
            occurred_at=now + timedelta(seconds=1))
    send(platform.cloud, renamed)  # a redelivery
    send(platform.cloud, copy_of(renamed))  # the same fact under a new eventId: past kernel.consumer's dedupe
    chat.settle()
    assert chat.get(member, f"/chat/users/{member.id}/conversations/{conversation_id}")["organization"]["name"] == \
        f"Second {tag}"
    found = chat.get(member, f"/chat/users/{member.id}/conversations/search?name=second%20{tag}")["items"]
    assert [i["id"] for i in found] == [conversation_id]
    assert chat.get(member, f"/chat/users/{member.id}/conversations/search?name=stale%20{tag}")["items"] == []


def test_a_registered_user_is_known_with_the_name_and_default_avatar_of_registration(platform: Platform,
                                                                                    chat: Chat) -> None:
    member, organization = chat.user("member"), chat.user("organization")
    conversation_id = chat.started(organization, member.id)["conversationId"]
    [message] = chat.messages(member, conversation_id)["items"]
    assert message["sender"]["name"] == organization.username
    assert message["sender"]["avatar"].endswith("/users/default.png")


def test_the_consumer_accepts_every_example_of_what_it_subscribes_to(platform: Platform, chat: Chat) -> None:
    examples = list(fresh_examples("user.created", "user.updated", "user.deleted").values())  # no race with others
    for envelope in examples:                                                                  # sending them
        validate(envelope)
        send(platform.cloud, envelope)
        chat.settle()  # drained only when the consumer took the message without failing
        if envelope["eventType"] == "user.updated":
            assert chat.replica(envelope["payload"]["id"])["name"]["S"] == envelope["payload"]["name"]  # type: ignore[index]
    assert "deletedAt" in chat.replica(examples[-1]["payload"]["id"])  # type: ignore[operator]
