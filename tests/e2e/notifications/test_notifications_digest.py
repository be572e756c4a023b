"""The follow digest: a day's follows e-mailed the next morning, once, in the user's language, with a stop link,
only to those who opted in to e-mail of that type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notifications_e2e import follow, known_to_interactions, notifications
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
