"""The users context's rules on plain objects (reference §2.1, §7): registration input, the password policy, the
settings an owner may have, and the User aggregate's transitions with the domain events they cause."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from kernel.errors import TwoFactorRequired, ValidationFailed
from users.domain import Settings, User, check_registration, check_two_factor_may_end, password_problems

TODAY = date(2026, 12, 5)
GOOD = {"username": "night_owl", "email": "owl@example.com", "password": "S3cret!pw", "role": "member"}


def a_user(role: str = "member", **changes: object) -> User:
    user = User.register("u-1", "Night_Owl", "Owl@Example.com", role, "https://media/users/default.png",
                         "2026-12-05T00:00:00Z")
    user.events.clear()
    return replace(user, **changes)  # type: ignore[arg-type]


def settings(**changes: object) -> Settings:
    return replace(Settings(dark_mode=False, language="en", name="Owl"), **changes)  # type: ignore[arg-type]


def refused_fields(error: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [e.field for e in error.value.errors]


@pytest.mark.parametrize(("password", "missing"), [("Sh0rt!", "8 characters"), ("NoDigits!here", "digit"),
                                                   ("NOLOWER1!", "lower-case"), ("NoSpecial123", "special"),
                                                   ("a1!" + "x" * 254, "at most 256")])
def test_a_password_against_the_policy_names_what_it_lacks(password: str, missing: str) -> None:
    assert any(missing in problem for problem in password_problems(password))
    with pytest.raises(ValidationFailed) as error:
        check_registration(**{**GOOD, "password": password})
    assert refused_fields(error) == ["password"]


def test_a_good_registration_passes() -> None:
    assert password_problems(GOOD["password"]) == []
    check_registration(**GOOD)


@pytest.mark.parametrize(("change", "field"), [
    ({"username": "ab"}, "username"), ({"username": "has space"}, "username"),
    ({"username": "who@example.com"}, "username"), ({"username": "x" * 31}, "username"),
    ({"email": "not-an-email"}, "email"), ({"email": "a@b"}, "email"), ({"email": "two words@example.com"}, "email"),
    ({"email": "a@@example.com"}, "email"), ({"email": "a@example.com" + "m" * 250}, "email"),
    ({"role": "admin"}, "role"), ({"role": "ORGANIZATION"}, "role"),
    ({"language": "pt"}, "language"), ({"language": "IT"}, "language"),
])
def test_a_registration_against_the_rules_names_the_field(change: dict, field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        check_registration(**{**GOOD, **change})
    assert refused_fields(error) == [field]


def test_a_user_registers_in_its_language_and_english_by_default() -> None:
    check_registration(**{**GOOD, "language": "it"})
    assert User.register("u-2", "Giulia", "g@example.com", "member", "a", "2026-12-05T00:00:00Z", "it").language == "it"
    assert a_user().language == "en"


def test_every_broken_registration_rule_is_named_at_once() -> None:
    with pytest.raises(ValidationFailed) as error:
        check_registration("ab", "nope", "short", "admin")
    assert refused_fields(error) == ["username", "email", "role", "password"]


def test_registering_names_the_user_after_its_username_and_announces_it_without_the_email() -> None:
    user = User.register("u-1", "Night_Owl", "Owl@Example.com", "member", "https://m/d.png", "2026-12-05T00:00:00Z")
    assert (user.name, user.email, user.language, user.dark_mode) == ("Night_Owl", "owl@example.com", "en", False)
    assert user.events == [("user.created", {"id": "u-1", "username": "Night_Owl", "name": "Night_Owl",
                                             "avatar": "https://m/d.png", "language": "en", "role": "member"})]


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": "   "}, "profile.name"), ({"language": "xx"}, "account.language"),
    ({"gender": "robot"}, "account.gender"), ({"birth_date": "2999-01-01"}, "account.birthDate"),
    ({"birth_date": "1899-12-31"}, "account.birthDate"), ({"birth_date": "1990-02-30"}, "account.birthDate"),
    ({"birth_date": "19900421"}, "account.birthDate"), ({"birth_date": "21/04/1990"}, "account.birthDate"),
    ({"interests": ["Not A Tag"]}, "account.interests"), ({"interests": ["Rock", "rock"]}, "account.interests"),
    ({"interests": ["Rock", "Pop", "Club", "Bar", "Pub", "Show"]}, "account.interests"),
    ({"contacts": ["https://me.example.org"]}, "profile.contacts"),
])
def test_a_member_setting_against_the_rules_is_refused_and_changes_nothing(changes: dict, field: str) -> None:
    user = a_user()
    before = replace(user)
    with pytest.raises(ValidationFailed) as error:
        user.replace_settings(settings(**changes), TODAY)
    assert refused_fields(error) == [field]
    assert user == before and user.events == []


@pytest.mark.parametrize(("changes", "field"), [
    ({"contacts": ["ftp://files.example.org"]}, "profile.contacts"),
    ({"contacts": ["owls.example.org"]}, "profile.contacts"), ({"contacts": ["/relative/path"]}, "profile.contacts"),
    ({"contacts": ["https://"]}, "profile.contacts"), ({"contacts": ["javascript:alert(1)"]}, "profile.contacts"),
    ({"contacts": [f"https://{n}.example.org" for n in range(6)]}, "profile.contacts"),
    ({"gender": "female"}, "account"), ({"birth_date": "1990-04-21"}, "account"),
])
def test_an_organization_setting_against_the_rules_is_refused(changes: dict, field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        a_user("organization").replace_settings(settings(**changes), TODAY)
    assert field in refused_fields(error)


def test_settings_replace_everything_and_omitted_optionals_are_cleared() -> None:
    user = a_user("organization", bio="We dance", interests=["Club"], contacts=["https://owls.example.org"])
    user.replace_settings(settings(name="  Night Owls ", interests=["rock"], dark_mode=True, language="it"), TODAY)
    assert (user.name, user.interests, user.dark_mode, user.language) == ("Night Owls", ["Rock"], True, "it")
    assert (user.bio, user.contacts) == (None, [])
    assert user.events == [("user.updated", {"id": "u-1", "username": "Night_Owl", "name": "Night Owls",
                                             "avatar": user.avatar, "language": "it", "role": "organization",
                                             "interests": ["Rock"]}),
                           ("user.language.changed", {"id": "u-1", "language": "it"})]


def test_a_new_language_is_told_apart_and_a_save_in_the_same_language_tells_only_the_update() -> None:
    user = a_user(language="de")
    user.replace_settings(settings(language="de", dark_mode=True), TODAY)
    assert [event_type for event_type, _ in user.events] == ["user.updated"]
    user.events.clear()
    user.replace_settings(settings(language="fr"), TODAY)
    assert user.language == "fr"
    assert user.events[1:] == [("user.language.changed", {"id": "u-1", "language": "fr"})]


def test_a_member_may_have_a_gender_and_a_birth_date_of_the_past() -> None:
    user = a_user()
    user.replace_settings(settings(gender="other", birth_date="1990-04-21"), TODAY)
    assert (user.gender, user.birth_date) == ("other", "1990-04-21")


T1, T2 = "2026-12-05T01:00:00.000Z", "2026-12-05T02:00:00.000Z"


def test_a_new_avatar_is_announced_and_the_same_one_again_changes_nothing() -> None:
    user = a_user()
    assert user.change_avatar("https://media/users/u-1/avatar-1.jpg", T1)
    assert [payload["avatar"] for _, payload in user.events] == ["https://media/users/u-1/avatar-1.jpg"]
    user.events.clear()
    assert not user.change_avatar("https://media/users/u-1/avatar-1.jpg", T2)
    assert user.events == []


def test_an_avatar_chosen_before_the_one_held_is_not_taken() -> None:
    user = a_user()
    assert user.change_avatar("https://media/users/u-1/avatar-2.jpg", T2)
    user.events.clear()
    assert not user.change_avatar("https://media/users/u-1/avatar-1.jpg", T1)  # an upload told late
    assert (user.avatar, user.events) == ("https://media/users/u-1/avatar-2.jpg", [])
    assert user.change_avatar("https://media/users/default.png", "2026-12-05T03:00:00.000Z")  # a reset after it


def test_deleting_announces_only_the_id() -> None:
    user = a_user()
    user.delete()
    assert user.events == [("user.deleted", {"id": "u-1"})]


def test_a_user_is_found_by_its_name_only_while_it_differs_from_the_username() -> None:
    assert a_user().search_terms() == {"username": "Night_Owl"}
    assert a_user(name="night_OWL").search_terms() == {"username": "Night_Owl"}
    assert a_user(name="Owl").search_terms() == {"username": "Night_Owl", "name": "Owl"}


def test_only_an_organization_where_the_platform_requires_two_factors_keeps_them() -> None:
    with pytest.raises(TwoFactorRequired):
        check_two_factor_may_end("organization", organizations_require_it=True)
    check_two_factor_may_end("organization", organizations_require_it=False)
    check_two_factor_may_end("member", organizations_require_it=True)
