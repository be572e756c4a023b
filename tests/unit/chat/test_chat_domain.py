"""The chat rules without AWS: who may talk to whom and in which role, and how names are searched."""

from __future__ import annotations

import pytest
from chat.domain import MAX_TERMS, Sides, is_id, name_key, name_terms, opposite_role, read_events, sides
from kernel.errors import Forbidden, ValidationFailed

ORG_A, ORG_B = "0a6f3f4e-0000-4000-8000-000000000001", "fa6f3f4e-0000-4000-8000-000000000002"
MEMBER_A, MEMBER_B = "1b6f3f4e-0000-4000-8000-000000000003", "2b6f3f4e-0000-4000-8000-000000000004"


def test_the_organization_is_the_organization_side_whoever_writes_first() -> None:
    assert sides(MEMBER_A, "member", ORG_B, "organization") == Sides(ORG_B, MEMBER_A)
    assert sides(ORG_B, "organization", MEMBER_A, "member") == Sides(ORG_B, MEMBER_A)


def test_between_organizations_the_smaller_id_is_the_organization_side() -> None:
    assert sides(ORG_B, "organization", ORG_A, "organization") == Sides(ORG_A, ORG_B)
    assert sides(ORG_A, "organization", ORG_B, "organization") == Sides(ORG_A, ORG_B)


def test_members_do_not_chat_with_members_nor_anyone_with_themselves() -> None:
    with pytest.raises(Forbidden, match="two members"):
        sides(MEMBER_A, "member", MEMBER_B, "member")
    with pytest.raises(ValidationFailed):
        sides(ORG_A, "organization", ORG_A, "organization")
    with pytest.raises(Forbidden):
        sides(MEMBER_A, None, ORG_A, "organization")


def test_each_role_is_suggested_the_other() -> None:
    assert opposite_role("member") == "organization" and opposite_role("organization") == "member"
    assert opposite_role(None) is None


def test_names_compare_without_case_accents_or_extra_blanks() -> None:
    assert name_key("  Blue   CAFÉ ") == "blue cafe"
    assert name_key("Ünïcödé Straße") == "unicode strasse"


def test_a_name_is_found_from_the_start_of_each_of_its_first_words() -> None:
    assert name_terms("Blue Café Annex") == ["blue cafe annex", "cafe annex", "annex"]
    assert len(name_terms("a b c d e f g h")) == MAX_TERMS


@pytest.mark.parametrize("value, valid", [(ORG_A, True), (ORG_A.upper(), False), ("not-an-id", False),
                                          ("", False), (ORG_A.replace("-", ""), False)])
def test_only_uuids_are_ids(value: str, valid: bool) -> None:
    assert is_id(value) is valid


# --- a conversation as a message changes it (Conversation) ---

NOW, AVATAR = "2026-11-22T02:00:00.000Z", "http://media/users/default.png"


def _person(user_id: str, role: str, name: str = "Someone", avatar: str | None = None):
    from chat.domain import Person

    return Person(user_id, role, name, avatar)


def test_the_first_message_records_the_message_and_its_event_for_the_recipient() -> None:
    from chat.domain import Conversation

    member, org = _person(MEMBER_A, "member", "Ann"), _person(ORG_A, "organization", "Blue Club")
    conversation = Conversation.start(member, "member", org, False, "Hello", NOW, AVATAR)
    assert conversation.sides == Sides(ORG_A, MEMBER_A)
    sent = conversation.message
    assert (sent.conversation_id, sent.sender_id, sent.content, sent.created_at) == (conversation.id, MEMBER_A,
                                                                                     "Hello", NOW)
    assert conversation.events == [("chat.message.created", {
        "conversationId": conversation.id, "messageId": sent.message_id, "senderId": MEMBER_A, "senderName": "Ann",
        "senderAvatar": AVATAR, "receiverId": ORG_A, "message": "Hello", "createdAt": NOW})]


def test_a_first_message_to_a_user_chat_does_not_know_is_a_404() -> None:
    from chat.domain import USER_NOT_FOUND, Conversation
    from kernel.errors import NotFound

    with pytest.raises(NotFound, match=USER_NOT_FOUND):
        Conversation.start(_person(MEMBER_A, "member"), "member", None, False, "Hello", NOW, AVATAR)


def test_a_pair_has_one_conversation() -> None:
    from chat.domain import ALREADY_EXISTS, Conversation
    from kernel.errors import Conflict

    with pytest.raises(Conflict, match=ALREADY_EXISTS):
        Conversation.start(_person(MEMBER_A, "member"), "member", _person(ORG_A, "organization"), True, "Hi", NOW,
                           AVATAR)


def test_the_roles_are_checked_before_the_pair() -> None:
    from chat.domain import MEMBERS_ONLY, Conversation

    with pytest.raises(Forbidden, match=MEMBERS_ONLY):
        Conversation.start(_person(MEMBER_A, "member"), "member", _person(MEMBER_B, "member"), True, "Hi", NOW,
                           AVATAR)


def test_a_reply_to_a_partner_who_deleted_their_account_is_refused() -> None:
    from chat.domain import PARTNER_GONE, Conversation
    from kernel.errors import Conflict

    with pytest.raises(Conflict, match=PARTNER_GONE):
        Conversation.reply("c-1", Sides(ORG_A, MEMBER_A), _person(MEMBER_A, "member"), ORG_A, None, "Hi", NOW, AVATAR)


def test_a_reply_tells_the_partner_with_the_senders_own_avatar() -> None:
    from chat.domain import Conversation

    sender = _person(ORG_A, "organization", "Blue Club", "http://media/users/blue.png")
    conversation = Conversation.reply("c-1", Sides(ORG_A, MEMBER_A), sender, MEMBER_A, _person(MEMBER_A, "member"),
                                      "Welcome", NOW, AVATAR)
    [(event_type, payload)] = conversation.events
    assert (event_type, payload["receiverId"], payload["senderAvatar"], payload["conversationId"]) == (
        "chat.message.created", MEMBER_A, "http://media/users/blue.png", "c-1")


def test_a_read_of_unread_messages_tells_up_to_which_one_and_a_read_of_nothing_new_tells_nothing() -> None:
    at = "2026-12-05T10:00:00.000Z"
    assert read_events("c-1", MEMBER_A, 2, at) == [
        ("chat.conversation.read", {"conversationId": "c-1", "userId": MEMBER_A, "readUpTo": at})]
    assert read_events("c-1", MEMBER_A, 0, at) == []
