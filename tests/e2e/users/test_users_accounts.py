"""E-mail verification and password reset through the public API, with the codes Cognito e-mails read from the
embedded cloud's mailbox: unverified accounts browse but neither buy nor publish (403 email-not-verified); a reset
ends every earlier login; wrong, used and replaced codes are 400 and change nothing; too many requests are 429.
(Codes that expire: the cognito_emailed_codes tests, which move Cognito's clock.)"""

from __future__ import annotations

import re
import uuid

from support.bus import BusTap, send
from support.platform import PASSWORD, Platform, User
from support.polling import eventually
from support.queues import copy_of, drained
from users_e2e import Pool, assert_problem

NEW_PASSWORD = "Brand-new!42"
NOT_VERIFIED = "https://eventonight.dev/problems/email-not-verified"
EVENT = {"title": "Jazz on the Roof", "description": "Three bands, one roof.", "status": "PUBLISHED",
         "tags": ["Live Music"], "date": "2031-06-01T21:00:00", "timezone": "Europe/Rome",
         "location": {"name": "Terrazza Martini", "country": "Italy", "countryCode": "it", "city": "Milano",
                      "road": "Piazza Diaz", "postcode": "20123", "lat": 45.4642, "lon": 9.19}}


def _checkout(platform: Platform, user: User) -> object:
    return platform.request("POST", "/ticketing/checkout-sessions",
                            {"items": [{"ticketTypeId": f"ett_{uuid.uuid4()}", "attendeeName": "A"}]}, user=user)


def _owner(platform: Platform, user: User) -> dict:
    response = platform.request("GET", f"/users/{user.id}", user=user)
    assert response.status == 200, response.raw
    return response.json


def _confirm(platform: Platform, user: User, code: str) -> object:
    return platform.request("POST", f"/users/{user.id}/email-verification/confirm", {"code": code}, user=user)


def _other(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_an_unverified_member_browses_but_cannot_buy_until_the_mailed_code_verifies_it(platform: Platform) -> None:
    member = platform.register()
    assert _owner(platform, member)["account"]["emailVerified"] is False
    assert platform.request("GET", "/events/search?limit=1", user=member).status == 200

    refused = assert_problem(_checkout(platform, member), 403)
    assert refused["type"] == NOT_VERIFIED and "verify your e-mail" in refused["detail"].lower()

    code = platform.mailed_code(member.email)
    assert_problem(_confirm(platform, member, _other(code)), 400, "code")
    assert_problem(_confirm(platform, member, "not a code"), 400)
    assert _owner(platform, member)["account"]["emailVerified"] is False

    verified = _confirm(platform, member, code)
    assert verified.status == 200 and verified.json["account"]["emailVerified"] is True
    assert assert_problem(_checkout(platform, member), 403)["type"] == NOT_VERIFIED  # a token from before
    platform.verify_email(member)  # the same code again (a retry) answers 200; the refresh brings the group
    assert _checkout(platform, member).status == 404  # past the gate: the ticket type does not exist


def test_an_unverified_organization_keeps_drafts_but_cannot_publish(platform: Platform) -> None:
    organization = platform.register("organization")

    refused = assert_problem(platform.request("POST", "/events", EVENT, user=organization), 403)
    assert refused["type"] == NOT_VERIFIED
    draft = platform.request("POST", "/events", {**EVENT, "status": "DRAFT"}, user=organization)
    assert draft.status == 201, draft.raw
    event_id = draft.json["eventId"]
    assert platform.request("PUT", f"/events/{event_id}", EVENT, user=organization).status == 403
    assert platform.request("GET", f"/events/{event_id}", user=organization).json["status"] == "DRAFT"

    platform.verify_email(organization)
    assert platform.request("PUT", f"/events/{event_id}", EVENT, user=organization).status == 200


def test_a_new_code_replaces_the_old_one_and_only_the_owner_asks_for_it(platform: Platform) -> None:
    member, other = platform.register(), platform.register()
    first = platform.mailed_code(member.email)
    path = f"/users/{member.id}/email-verification"

    assert platform.request("POST", path).status == 401
    assert_problem(platform.request("POST", path, user=other), 403)
    sent = platform.request("POST", path, user=member)
    assert sent.status == 202, sent.raw
    second = platform.mailed_code(member.email, count=2)
    if first != second:
        assert_problem(_confirm(platform, member, first), 400, "code")
    assert_problem(platform.request("POST", f"{path}/confirm", {"code": second}, user=other), 403)
    assert _confirm(platform, member, second).status == 200
    assert_problem(platform.request("POST", path, user=member), 409)  # verified already


def test_too_many_verification_codes_are_429(platform: Platform) -> None:
    member = platform.register()
    path = f"/users/{member.id}/email-verification"
    for _ in range(5):  # EmailCodesPerAccountPerHour; the registration's own code does not count
        assert platform.request("POST", path, user=member).status == 202

    refused = platform.request("POST", path, user=member)
    assert_problem(refused, 429)
    assert int(refused.headers["retry-after"]) > 0
    assert platform.mailed_code(member.email, count=6)  # the five sent, and no more


def _request_reset(platform: Platform, name: str) -> object:
    return platform.request("POST", "/users/password-reset", {"username": name})


def _reset(platform: Platform, name: str, code: str, password: str = NEW_PASSWORD) -> object:
    return platform.request("POST", "/users/password-reset/confirm",
                            {"username": name, "code": code, "newPassword": password})


def test_a_reset_with_the_mailed_code_ends_every_earlier_login(platform: Platform) -> None:
    member = platform.register(verified=True)  # one code e-mail already
    requested = _request_reset(platform, member.email)  # by e-mail address; by username works the same
    assert requested.status == 202, requested.raw
    code = platform.mailed_code(member.email, count=2)

    assert_problem(_reset(platform, member.username, _other(code)), 400, "code")
    problem = assert_problem(_reset(platform, member.username, code, "short"), 400, "newPassword")
    assert "digit" in problem["errors"][0]["message"]
    assert _owner(platform, member)  # nothing changed yet: the old login still works
    assert _reset(platform, member.username, code).status == 204

    assert platform.request("GET", f"/users/{member.id}", user=member).status == 401
    assert platform.request("POST", "/users/refresh", {"refreshToken": member.refresh_token}).status == 401
    assert platform.request("POST", "/users/login", {"username": member.username, "password": PASSWORD}).status \
        == 401
    assert platform.request("POST", "/users/login",
                            {"username": member.username, "password": NEW_PASSWORD}).status == 200
    assert_problem(_reset(platform, member.username, code, "Another-one!7"), 400, "code")  # used


def _put_settings(platform: Platform, user: User, language: str, name: str) -> None:
    saved = platform.request("PUT", f"/users/{user.id}", {"account": {"darkMode": False, "language": language},
                                                          "profile": {"name": name}}, user=user)
    assert saved.status == 200, saved.raw


def _locale(pool: Pool, user: User) -> str | None:
    found = pool.cognito.admin_get_user(UserPoolId=pool.pool_id, Username=user.username)["UserAttributes"]
    return next((a["Value"] for a in found if a["Name"] == "locale"), None)


def test_a_new_language_reaches_cognito_by_its_event_and_the_reset_code_e_mail_is_in_it(
        platform: Platform, pool: Pool, published: BusTap) -> None:
    """The PUT itself makes no Cognito call: its `user.language.changed`, consumed by the users context, sets
    Cognito's locale, which the CustomMessage trigger writes the code e-mail in. A save in the same language
    tells no such event."""
    member = platform.register(verified=True)  # reset codes go to verified addresses only
    _put_settings(platform, member, "en", "Same Language")
    _put_settings(platform, member, "it", "Giulia")
    assert published.wait_for("user.language.changed", id=member.id)["payload"] == {"id": member.id,
                                                                                     "language": "it"}
    # the outbox relays in commit order: the first save's events were on the bus before the second's
    published.wait_for("user.updated", id=member.id, name="Same Language")
    assert [e["payload"]["language"] for e in published.about("user.language.changed", id=member.id)] == ["it"]
    eventually(lambda: _locale(pool, member) == "it", what="Cognito's locale to become it")

    assert _request_reset(platform, member.username).status == 202
    mail = platform.mailbox.wait_for(to=member.email, subject_contains="codice")
    assert mail["subject"] == "EvenToNight: il codice per reimpostare la password"
    assert "Il tuo codice per reimpostare la password di EvenToNight è" in mail["text"]
    code = re.search(r"\b([0-9]{6})\b", mail["text"]).group(1)
    assert _reset(platform, member.username, code).status == 204
    assert platform.request("POST", "/users/login",
                            {"username": member.username, "password": NEW_PASSWORD}).status == 200


def test_cognito_keeps_the_profiles_newest_language_whatever_order_the_changes_are_told_in(
        platform: Platform, pool: Pool, published: BusTap) -> None:
    member = platform.register()
    _put_settings(platform, member, "de", "Greta")
    told = published.wait_for("user.language.changed", id=member.id)
    _put_settings(platform, member, "fr", "Greta")
    eventually(lambda: _locale(pool, member) == "fr", what="Cognito's locale to become fr")

    send(platform.cloud, copy_of(told))  # the change to German told again, late: the profile says French
    drained(platform, "UsersConsumerFunction")
    assert _locale(pool, member) == "fr"


def test_an_account_registered_in_italian_gets_its_verification_code_in_italian(platform: Platform) -> None:
    username = f"giu{uuid.uuid4().hex[:10]}"
    registered = platform.request("POST", "/users/register", {"username": username, "email": f"{username}@example.com",
                                                              "password": PASSWORD, "role": "member", "language": "it"})
    assert registered.status == 201, registered.raw
    member = User(registered.json["id"], username, f"{username}@example.com", "member",
                  registered.json["accessToken"], registered.json["refreshToken"], PASSWORD)
    assert _owner(platform, member)["account"]["language"] == "it"

    mail = platform.mailbox.wait_for(to=member.email, subject_contains="codice")
    assert mail["subject"] == "EvenToNight: il tuo codice di verifica"
    code = re.search(r"\b([0-9]{6})\b", mail["text"]).group(1)
    assert _confirm(platform, member, code).json["account"]["emailVerified"] is True
    refused = platform.request("POST", "/users/register", {"username": f"x{username}", "email": f"x{member.email}",
                                                           "password": PASSWORD, "role": "member", "language": "pt"})
    assert_problem(refused, 400, "language")


def test_a_reset_request_answers_the_same_whoever_asks(platform: Platform) -> None:
    verified, unverified = platform.register(verified=True), platform.register()
    answers = [_request_reset(platform, name) for name in
               (verified.username, unverified.username, f"nobody{uuid.uuid4().hex[:8]}", "nobody@example.com")]

    assert {(a.status, a.raw) for a in answers} == {(202, answers[0].raw)}
    platform.mailed_code(verified.email, count=2)
    assert len(platform.mailbox.matching(unverified.email, "code")) == 1  # its registration's, no reset code
    assert_problem(_reset(platform, f"nobody{uuid.uuid4().hex[:8]}", "123456"), 400, "code")
    assert_problem(platform.request("POST", "/users/password-reset", {}), 400, "username")


def test_too_many_reset_requests_for_one_account_are_429(platform: Platform) -> None:
    name = f"nobody{uuid.uuid4().hex[:8]}"
    for _ in range(5):  # PasswordResetsPerAccountPerHour
        assert _request_reset(platform, name).status == 202

    refused = _request_reset(platform, name)
    assert_problem(refused, 429)
    assert int(refused.headers["retry-after"]) > 0
    assert _request_reset(platform, f"other{uuid.uuid4().hex[:8]}").status == 202  # per account
