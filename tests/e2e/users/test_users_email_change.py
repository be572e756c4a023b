"""Change of e-mail address through the public API: asked with the password, in force only once the code e-mailed
to the new address confirms it (until then the old one signs in and receives the mail), the old address told,
the `verified` group following the address, and an address another account holds refused (409)."""

from __future__ import annotations

import re
import uuid

from support.platform import Platform, Response, User
from users_e2e import Pool, assert_problem, claims, log_in


def _new_address() -> str:
    return f"new{uuid.uuid4().hex[:12]}@example.com"


def _code_sent_to(platform: Platform, address: str) -> str:
    mail = platform.mailbox.wait_for(to=address, subject_contains="new e-mail address")
    return re.search(r"\b([0-9]{6})\b", mail["text"]).group(1)  # type: ignore[union-attr]


def _ask(platform: Platform, user: User, email: str, password: str | None = None) -> Response:
    return platform.request("POST", f"/users/{user.id}/email", {"email": email,
                                                                "password": password or user.password}, user=user)


def _cognito_email(pool: Pool, user: User) -> dict[str, str]:
    found = pool.cognito.admin_get_user(UserPoolId=pool.pool_id, Username=user.username)["UserAttributes"]
    return {a["Name"]: a["Value"] for a in found if a["Name"] in ("email", "email_verified")}


def test_a_new_address_is_in_force_once_the_code_sent_to_it_comes_back(platform: Platform, pool: Pool) -> None:
    member, other = platform.register(verified=True), platform.register()  # a verified address is replaced
    new, old = _new_address(), member.email

    assert platform.request("POST", f"/users/{member.id}/email", {"email": new, "password": member.password}
                            ).status == 401
    assert_problem(platform.request("POST", f"/users/{member.id}/email", {"email": new,
                                                                          "password": member.password},
                                    user=other), 403)
    assert_problem(_ask(platform, member, new, "Wrong!123"), 400, "password")
    for bad in ("not-an-address", old.upper()):
        assert_problem(_ask(platform, member, bad), 400, "email")
    asked = _ask(platform, member, new)
    assert asked.status == 202, asked.raw
    code = _code_sent_to(platform, new)

    # until the code comes back, the old address is the account's: sign-in, Cognito (where mail is addressed)
    assert log_in(platform, old, member.password).status == 200
    assert_problem(log_in(platform, new, member.password), 401)
    assert _cognito_email(pool, member) == {"email": old, "email_verified": "true"}
    wrong = next(c for c in ("000000", "111111") if c != code)
    confirm = f"/users/{member.id}/email/confirm"
    assert_problem(platform.request("POST", confirm, {"code": wrong}, user=member), 400, "code")
    assert_problem(platform.request("POST", confirm, {"code": code}, user=other), 403)

    confirmed = platform.request("POST", confirm, {"code": code}, user=member)
    assert confirmed.status == 200, confirmed.raw
    assert confirmed.json["account"]["email"] == new and confirmed.json["account"]["emailVerified"] is True
    assert _cognito_email(pool, member) == {"email": new, "email_verified": "true"}
    assert log_in(platform, new, member.password).status == 200
    assert_problem(log_in(platform, old, member.password), 401)
    notice = platform.mailbox.wait_for(to=old, subject_contains="address was changed")
    assert new in notice["text"] and member.username in notice["text"]
    assert platform.request("GET", f"/users/{member.id}", user=member).json["account"]["email"] == new
    assert_problem(platform.request("POST", confirm, {"code": code}, user=member), 400, "code")  # used

    again = _ask(platform, other, old)  # the old address is free again
    assert again.status == 202, again.raw


def test_an_address_another_account_holds_or_took_first_is_refused(platform: Platform) -> None:
    first, second = platform.register(), platform.register()
    assert_problem(_ask(platform, first, second.email.upper()), 409, "email")

    contested = _new_address()
    assert _ask(platform, first, contested).status == 202
    assert _ask(platform, second, contested).status == 202
    platform.mailbox.wait_for(to=contested, subject_contains="new e-mail address", count=2)
    codes = {re.search(r"\b([0-9]{6})\b", platform.mailbox.message(m["id"])["text"]).group(1)  # type: ignore[union-attr]
             for m in platform.mailbox.matching(contested, "new e-mail address")}
    first_code = next(c for c in codes if platform.request("POST", f"/users/{first.id}/email/confirm",
                                                           {"code": c}, user=first).status == 200)
    (second_code,) = codes - {first_code}
    assert_problem(platform.request("POST", f"/users/{second.id}/email/confirm", {"code": second_code},
                                    user=second), 409, "email")
    assert platform.request("GET", f"/users/{second.id}", user=second).json["account"]["email"] == second.email


def test_the_verified_group_follows_the_address(platform: Platform) -> None:
    member = platform.register()
    assert "verified" not in claims(member.access_token).get("cognito:groups", [])
    new = _new_address()
    assert _ask(platform, member, new).status == 202

    confirmed = platform.request("POST", f"/users/{member.id}/email/confirm",
                                 {"code": _code_sent_to(platform, new)}, user=member)
    assert confirmed.status == 200 and confirmed.json["account"]["emailVerified"] is True, confirmed.raw
    refreshed = platform.request("POST", "/users/refresh", {"refreshToken": member.refresh_token})
    assert "verified" in claims(refreshed.json["accessToken"]).get("cognito:groups", [])
