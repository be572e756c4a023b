"""Every operation of every context's OpenAPI document, fuzzed against the running platform: no request, however
crafted, gets a 5xx (security review L1; api-conventions.md "no request produces a 500").

schemathesis generates requests from each document, valid and invalid ones (path ids, query strings, bodies).
Each is sent with a valid token, ids in the path naming real things (the caller, an organization, a published event),
so that requests reach the use cases instead of stopping at a 404; and without a token: every case of an operation
open to anyone, the first case of one that needs a token (the others would meet the same 401 before anything reads
them: authentication comes first, test_authentication_first.py).
Hypothesis is derandomized (the same requests every run) and limited to EXAMPLES per operation and mode, which
keeps the module within a few minutes on two cores. A failure lists every 5xx with its operation and a curl
command that repeats it.

The module runs on the isolated platform (tests/conftest.py), not the session's: the fuzzer creates users and events
that other tests' listings must not see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from support import openapi
from support.platform import Platform, User

CONTEXTS = ("users", "events", "interactions", "chat", "ticketing", "notifications", "media")
EXAMPLES = 6  # per operation and generation mode
TIMEOUT = 35  # seconds: longer than the gateway's own 30 s, so a slow answer shows as its 504


@pytest.fixture(scope="module")
def platform(isolated_platform: Platform) -> Platform:
    return isolated_platform


@dataclass
class World:
    """Real things for path parameters, so that requests with a token go past the first lookup."""

    member: User
    organization: User
    event_id: str
    sent: int = 0
    answers: Counter[str] = field(default_factory=Counter)  # by status class, for the report
    failures: list[str] = field(default_factory=list)
    connection: Any = None  # the requests session every case is sent through (see a_session)

    def caller_for(self, method: str, path: str) -> User:
        organizers = path.startswith(("/events", "/ticketing/events", "/ticketing/ticket-types")) and method != "get"
        return self.organization if organizers else self.member

    def real_ids(self, method: str, path: str, caller: User) -> dict[str, str]:
        ids = {"userId": caller.id, "organizationId": self.organization.id, "followedId": self.organization.id,
               "eventId": self.event_id}
        if (method, path) in (("delete", "/users/{userId}"), ("delete", "/events/{eventId}")):
            ids = {}  # the fuzzer may not remove its own caller or event
        return ids


def a_published_event(platform: Platform, organization: User) -> str:
    start = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S")
    body = {"title": "Fuzzed Night", "description": "An event the fuzzer aims at.", "status": "PUBLISHED",
            "tags": ["Live Music"], "date": start, "timezone": "Europe/Rome",
            "location": {"name": "Terrazza", "country": "Italy", "countryCode": "IT", "city": "Milano",
                         "road": "Piazza Diaz", "postcode": "20123", "lat": 45.46, "lon": 9.19}}
    response = platform.request("POST", "/events", body, user=organization)
    assert response.status == 201, response.raw
    return response.json["eventId"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def world(platform: Platform) -> Iterator[World]:
    member, organization = platform.register("member", verified=True), platform.register("organization", verified=True)
    world = World(member, organization, a_published_event(platform, organization), connection=a_session())
    yield world
    world.connection.close()


def a_session() -> Any:
    """One kept-alive connection for every case, not a requests session and a TCP connection of its own per case
    (schemathesis' default): the same requests otherwise. Its default headers are dropped, as schemathesis drops
    them from the session it makes, and the cookies a response sets are dropped after it (ManagedCookiesSession),
    as when each case's session was closed; redirects are followed within the host only, as by default."""
    from schemathesis.transport.requests import ManagedCookiesSession

    session = ManagedCookiesSession()
    session.headers.clear()
    return session


@pytest.mark.parametrize("context", CONTEXTS)
def test_no_request_gets_a_server_error(platform: Platform, world: World, context: str) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    document = openapi.fetch(platform, context)
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, f"{context} documents no operation"
    sent_before = world.sent
    without_token: dict[tuple[str, str], int] = {}  # cases left to send without a token, by operation

    for operation in operations:
        strategy = st.one_of(*(operation.as_strategy(generation_mode=mode)
                               for mode in (schemathesis.GenerationMode.POSITIVE,
                                            schemathesis.GenerationMode.NEGATIVE)))

        secured = document["paths"][operation.path][operation.method.lower()].get("security")
        without_token[operation.method.lower(), operation.path] = 1 if secured else 2 * EXAMPLES

        @settings(max_examples=2 * EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=False,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def send(case: Any) -> None:
            method, path = case.method.lower(), case.operation.path
            if without_token[method, path] > 0:
                without_token[method, path] -= 1
                send_one(case, platform, world, None)
            caller = world.caller_for(method, path)
            case.path_parameters = {**(case.path_parameters or {}), **{
                name: value for name, value in world.real_ids(method, path, caller).items()
                if name in (case.path_parameters or {})}}
            send_one(case, platform, world, caller)

        send()

    print(f"{context}: {len(operations)} operations, {world.sent - sent_before} requests; so far {dict(world.answers)}")
    assert not world.failures, f"{len(world.failures)} server errors:\n" + "\n\n".join(world.failures)


def send_one(case: Any, platform: Platform, world: World, caller: User | None) -> None:
    headers = {"Authorization": f"Bearer {caller.access_token}"} if caller else {}
    world.sent += 1
    response = case.call(base_url=platform.url, session=world.connection, headers=headers, timeout=TIMEOUT)
    world.answers[f"{response.status_code // 100}xx"] += 1
    if response.status_code >= 500:
        request = case.as_curl_command(headers=headers, base_url=platform.url)
        world.failures.append(f"{case.method} {case.operation.path} -> {response.status_code} "
                              f"{response.text[:300]}\n  {request}")
