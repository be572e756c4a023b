"""Races: two first messages of one pair at once make one conversation; messages and reads at once leave every
unread counter equal to what is really unread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from chat_e2e import Chat
from support.platform import Platform


def test_two_simultaneous_first_messages_make_one_conversation(platform: Platform, chat: Chat) -> None:
    for _ in range(3):
        member, organization = chat.user("member"), chat.user("organization")
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda pair: chat.start(*pair), [(member, organization.id),
                                                                     (organization, member.id)]))
        assert sorted(a.status for a in answers) == [201, 409], [a.raw for a in answers]
        [winner] = [a.json for a in answers if a.status == 201]
        for user in (member, organization):
            assert [i["id"] for i in chat.conversations(user)["items"]] == [winner["conversationId"]]
        assert len(chat.messages(member, winner["conversationId"])["items"]) == 1


def test_unread_counters_stay_exact_under_concurrent_messages_and_reads(platform: Platform, chat: Chat) -> None:
    member, one, two = chat.user("member"), chat.user("organization"), chat.user("organization")
    first = chat.started(one, member.id, "0")["conversationId"]
    second = chat.started(two, member.id, "0")["conversationId"]

    def act(n: int) -> int:
        if n % 4 == 3:
            return platform.request("PATCH", f"/chat/users/{member.id}/conversations/{first}/read",
                                    user=member).status
        sender, conversation = (one, first) if n % 2 else (two, second)
        return chat.send(sender, conversation, f"message {n}").status

    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(act, range(16)))
    assert statuses.count(201) == 12 and statuses.count(204) == 4, statuses

    listed = {i["id"]: i["unreadCount"] for i in chat.conversations(member)["items"]}
    assert chat.unread(member) == listed[first] + listed[second]
    assert listed[second] == 9  # nobody read it: its first message and 8 more
    unread_first = listed[first]
    read_first = [m["isRead"] for m in chat.messages(member, first, "?limit=100")["items"]]
    assert len(read_first) == 5 and read_first.count(False) == unread_first
    assert chat.unread(member) == 9 and chat.messages(member, second, "?limit=100")["items"][0]["isRead"] is False
    assert chat.unread(member) == 0
