"""Search by partner name (part of it, any case or accent) and id prefix, topped up with suggestions of the
opposite role with a word of their name starting with the search, whom the caller has no conversation with."""

from __future__ import annotations

import uuid

from chat_e2e import Chat, assert_problem
from support.platform import Platform, User
from support.polling import eventually


def search(chat: Chat, user: User, query: str) -> dict:
    return chat.get(user, f"/chat/users/{user.id}/conversations/search?{query}")  # type: ignore[no-any-return]


def test_conversations_are_found_by_partner_name_then_suggestions_follow(platform: Platform, chat: Chat) -> None:
    tag = uuid.uuid4().hex[:6]
    member = chat.user("member")
    talked = chat.announce("organization", f"Blue Café {tag}")
    also_blue = chat.announce("organization", f"blue cafe {tag} Annex")
    other = chat.announce("organization", f"Red Room {tag}")
    a_member = chat.announce("member", f"Blue Member {tag}")
    conversation_id = chat.started(member, talked)["conversationId"]
    chat.started(member, other)

    found = search(chat, member, f"name=CAFE%20{tag}")
    assert found["nextCursor"] is None
    [conversation, suggestion] = found["items"]
    assert conversation["id"] == conversation_id and conversation["organization"]["id"] == talked
    assert conversation["lastMessage"]["content"] == "Hello!"
    assert suggestion == {"id": None, "organization": suggestion["organization"], "member": suggestion["member"],
                          "partnerId": also_blue, "lastMessage": None, "unreadCount": 0}
    assert suggestion["organization"]["id"] == also_blue and suggestion["member"]["id"] == member.id

    by_prefix = search(chat, member, "name=blue%20caf&limit=1")
    assert [i["id"] for i in by_prefix["items"]] == [conversation_id]
    assert [i["partnerId"] for i in search(chat, member, f"name=blue%20cafe%20{tag}&limit=5")["items"]] == \
        [talked, also_blue]  # the member is never suggested to a member, nor an existing partner twice
    assert a_member not in str(search(chat, member, f"name=blue%20member%20{tag}"))
    # conversations match any part of the name, suggestions the start of a word
    assert [i["partnerId"] for i in search(chat, member, f"name=AFE%20{tag}")["items"]] == [talked]
    assert [i["id"] for i in search(chat, member, f"recipientId={talked[:8]}")["items"]][:1] == [conversation_id]


def test_without_a_matching_conversation_only_suggestions_of_the_opposite_role_come(platform: Platform,
                                                                                    chat: Chat) -> None:
    tag = uuid.uuid4().hex[:6]
    organization = chat.user("organization")
    members = [chat.announce("member", f"Zed {tag} {n}") for n in range(3)]
    chat.announce("organization", f"Zed {tag} org")

    found = search(chat, organization, f"name=zed%20{tag}")
    assert [i["partnerId"] for i in found["items"]] == members
    assert all(i["id"] is None and i["organization"]["id"] == organization.id for i in found["items"])
    assert [i["partnerId"] for i in search(chat, organization, f"name=zed%20{tag}&limit=2")["items"]] == members[:2]
    only = search(chat, organization, f"name=zed%20{tag}&recipientId={members[1][:13]}")
    assert [i["partnerId"] for i in only["items"]] == [members[1]]
    assert search(chat, organization, f"name=nobody%20{uuid.uuid4().hex}")["items"] == []


def test_search_pages_through_many_conversations(platform: Platform, chat: Chat) -> None:
    tag = uuid.uuid4().hex[:6]
    organization = chat.user("organization")
    partners = [chat.announce("member", f"Page {tag} {n}") for n in range(3)]
    ids = [chat.started(organization, partner)["conversationId"] for partner in partners]
    first = search(chat, organization, f"name=page%20{tag}&limit=2")
    assert [i["id"] for i in first["items"]] == ids[:0:-1] and first["nextCursor"]
    rest = search(chat, organization, f"name=page%20{tag}&limit=2&cursor={first['nextCursor']}")
    assert [i["id"] for i in rest["items"]] == [ids[0]] and rest["nextCursor"] is None


def test_bad_searches_are_refused(platform: Platform, chat: Chat) -> None:
    member = chat.user("member")
    base = f"/chat/users/{member.id}/conversations/search"
    for query in (f"?name={'n' * 101}", "?limit=0", "?limit=101", "?cursor=nonsense"):
        assert_problem(platform.request("GET", base + query, user=member), 400)


def test_a_renamed_partner_is_found_and_shown_under_the_new_name(platform: Platform, chat: Chat) -> None:
    tag = uuid.uuid4().hex[:6]
    member = chat.user("member")
    organization = chat.announce("organization", f"Old Name {tag}")
    conversation_id = chat.started(member, organization)["conversationId"]
    chat.announce("organization", f"New Name {tag}", user_id=organization, event="user.updated")

    assert chat.conversations(member)["items"][0]["organization"]["name"] == f"New Name {tag}"
    # until the partner's new name reaches the caller's conversations, the partner is not suggested either
    assert all(i["id"] == conversation_id for i in search(chat, member, f"name=new%20name%20{tag}")["items"])
    eventually(lambda: [i["id"] for i in search(chat, member, f"name=new%20name%20{tag}")["items"]] ==
               [conversation_id], what="the conversation found under the partner's new name")
    assert search(chat, member, f"name=old%20name%20{tag}")["items"] == []
