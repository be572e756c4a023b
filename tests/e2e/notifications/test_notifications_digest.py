"""The daily digest: a day's follows (and chat messages still unread) e-mailed the next morning, once, in the
user's language, with a stop link, only to those who opted in to e-mail of that type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notifications_e2e import follow, known_to_interactions, notifications, start_chat, unread_count
from support.bus import BusTap
from support.platform import Platform, User
from support.polling import eventually
from support.queues import drained
from support.sweeps import run_at


def _followed(platform: Platform, user: User) -> None:
    eventually(lambda: any(n["type"] == "follow" for n in notifications(platform, user).json["items"]),
               what=f"{user.username}'s follow notification")


def test_the_follow_digest_goes_once_to_those_who_opted_in(platform: Platform, member: User,
                                                           other_member: User) -> None:
    with BusTap(platform.cloud, "users") as tap:  # the digest speaks the member's language
        assert platform.request("PUT", f"/users/{member.id}", {"account": {"darkMode": False, "language": "de"},
                                                                "profile": {"name": "Mia"}}, user=member).status == 200
        tap.wait_for("user.updated", id=member.id)
    drained(platform, "NotificationsConsumerFunction")
    opted_in = platform.request("PUT", f"/notifications/users/{member.id}/preferences",
                                {"preferences": {"follow": {"inApp": True, "email": True}}}, user=member)
    assert opted_in.status == 200, opted_in.raw
    follower = known_to_interactions(platform, platform.register("member"))
    for followed in (member, other_member):
        follow(platform, follower, known_to_interactions(platform, followed))
        _followed(platform, followed)

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
    assert run_at(platform, "DigestFunction", tomorrow)["sent"] >= 1
    mail = platform.mailbox.wait_for(member.email, "EvenToNight-Zusammenfassung")
    assert "folgt dir jetzt" in mail["text"]
    assert "/de/unsubscribe?token=" in mail["text"]
    assert mail["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    run_at(platform, "DigestFunction", tomorrow)  # the same morning again
    assert len(platform.mailbox.matching(member.email, "Zusammenfassung")) == 1
    assert platform.mailbox.matching(other_member.email, "digest") == []  # never opted in


def _chooses_chat_mail(platform: Platform, user: User) -> None:
    answer = platform.request("PUT", f"/notifications/users/{user.id}/preferences",
                              {"preferences": {"chat_message": {"inApp": True, "email": True}}}, user=user)
    assert answer.status == 200, answer.raw


def test_unread_chat_messages_are_notified_to_the_receiver_and_told_in_the_digest_of_those_who_chose_it(
        platform: Platform) -> None:
    club, reader, early, silent = (platform.register("organization"), platform.register("member"),
                                   platform.register("member"), platform.register("member"))
    for user in (reader, early):
        _chooses_chat_mail(platform, user)
    conversation = start_chat(platform, club, reader, "Doors open at nine")
    answer = platform.request("POST", f"/chat/users/{club.id}/conversations/{conversation}/messages",
                              {"content": "Bring your ticket"}, user=club)
    assert answer.status == 201, answer.raw
    start_chat(platform, club, early, "Hello early")
    start_chat(platform, club, silent, "Hello silent")

    eventually(lambda: unread_count(platform, reader) == 2, what="the reader's two chat notifications")
    eventually(lambda: unread_count(platform, silent) == 1, what="the silent member's chat notification")
    listed = eventually(lambda: [n for n in notifications(platform, early).json["items"]
                                 if n["type"] == "chat_message"], what="early's chat notification")
    assert listed[0]["metadata"]["senderName"] == club.username and listed[0]["metadata"]["senderId"] == club.id
    assert "message" not in listed[0]["metadata"]  # the words stay in chat
    drained(platform, "NotificationsConsumerFunction", "NotificationsFanOutFunction")
    assert [n for n in notifications(platform, club).json["items"] if n["type"] == "chat_message"] == []

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
    run_at(platform, "DigestFunction", tomorrow)
    mail = platform.mailbox.wait_for(reader.email, "Your EvenToNight digest")
    assert f"Unread messages from {club.username}: 2" in mail["text"]
    assert "/en/unsubscribe?token=" in mail["text"]
    assert platform.mailbox.matching(early.email, "digest") == []  # read in the app before the digest went
    assert platform.mailbox.matching(silent.email, "digest") == []  # never chose chat e-mail
