"""The chat rules without AWS: who may talk to whom and in which role, and how names are searched."""

from __future__ import annotations

import pytest
from chat.domain import MAX_TERMS, Sides, is_id, name_key, name_terms, opposite_role, sides
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
