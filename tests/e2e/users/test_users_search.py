"""GET /users/search: users whose username or name starts with a prefix (any case), members before
organizations, each user once, in cursor pages that neither repeat nor skip anyone; bad parameters are 400."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from support.platform import Platform, User
from support.polling import eventually
from users_e2e import assert_problem


@dataclass
class Crowd:
    prefix: str
    members: list[str]  # ids
    organizations: list[str]
    users: dict[str, User]


def rename(platform: Platform, user: User, name: str) -> None:
    response = platform.request("PUT", f"/users/{user.id}", {"account": {"darkMode": False, "language": "en"},
                                                             "profile": {"name": name}}, user=user)
    assert response.status == 200, response.raw


@pytest.fixture(scope="module")
def crowd(platform: Platform) -> Crowd:
    """Users found by one prefix: by username, by name only (another case), and by both."""
    prefix = f"q{uuid.uuid4().hex[:7]}"
    users: dict[str, User] = {}
    for suffix, role in (("m1", "member"), ("m2", "member"), ("m3", "member"), ("both", "member"),
                         ("o1", "organization"), ("o2", "organization")):
        users[suffix] = platform.register(role, username=f"{prefix}{suffix}")
    users["name-only member"] = platform.register("member", username=f"zz{uuid.uuid4().hex[:8]}")
    users["name-only organization"] = platform.register("organization", username=f"yy{uuid.uuid4().hex[:8]}")
    rename(platform, users["both"], f"{prefix.upper()} Both Ways")
    rename(platform, users["name-only member"], f"{prefix.upper()} Star")
    rename(platform, users["name-only organization"], f"{prefix.capitalize()} Club")
    members = [u.id for u in users.values() if u.role == "member"]
    organizations = [u.id for u in users.values() if u.role == "organization"]
    return Crowd(prefix, members, organizations, users)


def search(platform: Platform, **query: Any) -> Any:
    response = platform.request("GET", "/users/search?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert response.status == 200, response.raw
    return response.json


def every_page(platform: Platform, **query: Any) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        body = search(platform, **query, **({"cursor": cursor} if cursor else {}))
        pages.append(body["items"])
        cursor = body["nextCursor"]
        if cursor is None:
            return pages
        assert len(pages) < 50, "the cursor never ends"


def test_a_prefix_finds_usernames_and_names_in_any_case_members_first_each_once(platform: Platform,
                                                                                crowd: Crowd) -> None:
    for prefix in (crowd.prefix, crowd.prefix.upper(), f"%20{crowd.prefix.capitalize()}%20"):
        items = eventually(lambda prefix=prefix: len(found := search(platform, prefix=prefix)["items"]) == 8
                           and found, what="every user of the crowd")

        ids = [item["id"] for item in items]
        assert sorted(ids) == sorted(crowd.members + crowd.organizations), items
        roles = [item["role"] for item in items]
        assert roles == ["member"] * len(crowd.members) + ["organization"] * len(crowd.organizations)
    both = next(item for item in items if item["id"] == crowd.users["both"].id)
    assert both == {"id": crowd.users["both"].id, "role": "member",
                    "account": {"username": f"{crowd.prefix}both"},
                    "profile": {"name": f"{crowd.prefix.upper()} Both Ways", "avatar": both["profile"]["avatar"]}}
    assert all(set(item) == {"id", "role", "account", "profile"} and set(item["account"]) == {"username"}
               for item in items)


def test_a_longer_prefix_narrows_the_search(platform: Platform, crowd: Crowd) -> None:
    items = search(platform, prefix=f"{crowd.prefix}m")["items"]
    assert sorted(item["account"]["username"] for item in items) == [f"{crowd.prefix}m{i}" for i in (1, 2, 3)]
    star = search(platform, prefix=f"{crowd.prefix}%20st")["items"]
    assert [item["id"] for item in star] == [crowd.users["name-only member"].id]


@pytest.mark.parametrize("role", ["member", "organization"])
def test_the_role_filter_keeps_one_role(platform: Platform, crowd: Crowd, role: str) -> None:
    items = search(platform, prefix=crowd.prefix, role=role)["items"]
    expected = crowd.members if role == "member" else crowd.organizations
    assert sorted(item["id"] for item in items) == sorted(expected)
    assert {item["role"] for item in items} == {role}


@pytest.mark.parametrize(("limit", "role"), [(1, None), (2, None), (3, None), (7, None), (2, "member"),
                                             (2, "organization")])
def test_cursor_pages_cover_everyone_once_in_order(platform: Platform, crowd: Crowd, limit: int,
                                                   role: str | None) -> None:
    query = {"prefix": crowd.prefix, **({"role": role} if role else {})}
    whole = search(platform, **query, limit=100)
    assert whole["nextCursor"] is None

    pages = every_page(platform, **query, limit=limit)

    assert all(0 < len(page) <= limit for page in pages), [len(page) for page in pages]
    assert [item["id"] for page in pages for item in page] == [item["id"] for item in whole["items"]]


def test_a_renamed_user_is_found_by_the_new_name_only(platform: Platform, crowd: Crowd) -> None:
    user = platform.register("member", username=f"xx{uuid.uuid4().hex[:8]}")
    rename(platform, user, f"{crowd.prefix}-renamed")
    assert user.id in [item["id"] for item in search(platform, prefix=f"{crowd.prefix}-re")["items"]]

    rename(platform, user, user.username)  # back to the username: the name no longer finds anyone

    assert search(platform, prefix=f"{crowd.prefix}-re")["items"] == []
    assert [item["id"] for item in search(platform, prefix=user.username)["items"]] == [user.id]


def test_the_default_page_holds_twenty(platform: Platform) -> None:
    for _ in range(21 - len(search(platform, limit=21)["items"])):  # enough users, whatever else ran before
        platform.register("member")

    body = search(platform)

    assert len(body["items"]) == 20 and body["nextCursor"]


@pytest.mark.parametrize(("query", "fields"), [
    ("limit=0", ["limit"]),
    ("limit=101", ["limit"]),
    ("limit=-1", ["limit"]),
    ("limit=ten", ["limit"]),
    ("role=admin", ["role"]),
    ("role=Member", ["role"]),
    ("cursor=not-a-cursor", ["cursor"]),
    ("cursor=eyJyb2xlIjp7IlMiOiJhZG1pbiJ9fQ", ["cursor"]),
    ("limit=0&role=admin", ["limit", "role"]),
    ("prefix=" + "a" * 101, ["prefix"]),
])
def test_bad_search_parameters_are_400(platform: Platform, query: str, fields: list[str]) -> None:
    assert_problem(platform.request("GET", f"/users/search?{query}"), 400, *fields)


def test_a_cursor_only_continues_its_own_search(platform: Platform, crowd: Crowd) -> None:
    members = search(platform, prefix=crowd.prefix, role="member", limit=1)["nextCursor"]
    everyone = search(platform, prefix=crowd.prefix, limit=len(crowd.members) + 1)["nextCursor"]
    assert members and everyone

    assert_problem(platform.request("GET", f"/users/search?prefix=zz&role=member&cursor={members}"), 400,
                   "cursor")
    assert_problem(platform.request("GET", f"/users/search?prefix={crowd.prefix}&role=organization"
                                           f"&cursor={members}"), 400, "cursor")
    assert_problem(platform.request("GET", f"/users/search?prefix={crowd.prefix}&role=member&cursor={everyone}"),
                   400, "cursor")
