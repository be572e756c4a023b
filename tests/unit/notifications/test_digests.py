"""The follow digest: its words in the five languages, and its entries on the template's table in moto (a day's
partition read back per user, a user's digest of a day sent once)."""

from __future__ import annotations

import os
import uuid

import pytest
from support.context_tables import context_table


@pytest.fixture(scope="module", autouse=True)
def table():
    from kernel.table import ContextTable

    os.environ["TABLE_NAME"] = ContextTable.Meta.table_name
    with context_table("notifications"):
        yield


def test_every_language_words_every_digest_type() -> None:
    from notifications.digest_texts import WORDS
    from notifications.digests import DIGEST_TYPES

    assert set(WORDS) == {"en", "it", "de", "fr", "es"}
    for words in WORDS.values():
        assert set(words) == set(WORDS["en"])
        assert all(t in words and f"{t}.what" in words for t in DIGEST_TYPES)


def test_a_digest_lists_each_notification_escaped_with_a_stop_link_per_type() -> None:
    from notifications.digest_texts import render

    subject, text, html = render("it", [("follow", {"followerName": "<Ann>"}),
                                        ("new_event", {"creatorName": "Club", "eventName": "Jazz"})],
                                 {"follow": "https://x/it/unsubscribe?token=a", "new_event": "https://x/t=b"})
    assert subject == "Il tuo riepilogo EvenToNight"
    assert "- <Ann> ora ti segue" in text and "- Club ha pubblicato Jazz" in text
    assert "Non ricevere più e-mail su nuovi follower: https://x/it/unsubscribe?token=a" in text
    assert "&lt;Ann&gt;" in html and "<Ann>" not in html
    assert render("pt", [], {})[0] == "Your EvenToNight digest"  # unknown language: English


def test_a_days_entries_come_back_per_user_and_a_digest_is_sent_once() -> None:
    from notifications import digests

    day, ann, bob = "2031-03-04", str(uuid.uuid4()), str(uuid.uuid4())
    for user, note in ((ann, "n1"), (bob, "n2"), (ann, "n3"), (ann, "n1")):  # n1 twice: collected once
        digests.collect(user, {"id": note, "type": "follow", "metadata": {"followerName": note},
                               "createdAt": f"{day}T10:00:00.000Z"})
    got = {user: [line.metadata["followerName"] for line in entries] for user, entries in digests.of_day(day)}
    assert got == {ann: ["n1", "n3"], bob: ["n2"]}
    assert digests.mark_sent(day, ann, "now") and not digests.mark_sent(day, ann, "again")
    digests.unmark(day, ann)  # the sending failed: the next run sends
    assert digests.mark_sent(day, ann, "retry")


def test_a_senders_unread_chat_messages_make_one_line_with_their_number() -> None:
    from notifications.digest_texts import render

    club, bar = {"senderId": "s-1", "senderName": "Club"}, {"senderId": "s-2", "senderName": "Bar"}
    _, text, _ = render("de", [("chat_message", club), ("follow", {"followerName": "Ann"}), ("chat_message", bar),
                               ("chat_message", club)], {"chat_message": "https://x/de/unsubscribe?token=c"})
    assert "- Ungelesene Nachrichten von Club: 2\n- Ann folgt dir jetzt\n- Ungelesene Nachrichten von Bar: 1" in text
    assert "Keine E-Mails mehr über Chat-Nachrichten: https://x/de/unsubscribe?token=c" in text
