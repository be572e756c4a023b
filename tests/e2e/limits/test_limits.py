"""Limits, on a platform of their own whose limits are tight (template parameters): the gateway's throttle of a
costly route class and of WebSocket connections, the per-address and per-account sign-in limits of the users
context, and WebSockets closed when the access token that opened them expires (tokens of this cloud live seconds,
its schedules run faster).

The socket whose token expires is opened before the module's first test, so that its token's seconds run out
while the other tests run (and while the per-minute test waits for a minute's first half) rather than after them.

Requests come from loopback addresses of their own (127.0.0.x) where a test counts per address, so that the
tests do not share an allowance."""

from __future__ import annotations

import base64
import http.client
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
from support.cloud import RunningCloud
from support.platform import PASSWORD, Platform, User
from support.polling import eventually
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

TEMPLATE = Path(__file__).resolve().parents[3] / "template.yaml"
ATTEMPTS_PER_ADDRESS = 6  # logins and registrations per address and minute
FAILURES_BEFORE_LOCK = 3
LOCK_SECONDS = 600
TOKEN_SECONDS = 20
DEFAULT_BURST = 3
# Users here stay unverified (as registered): verifying costs each a call of two default-bucket routes (the code's
# confirmation, a refresh), which three, then one per 100 s, do not allow; no test here buys or publishes.
LIMITS = {"AccessTokenSeconds": TOKEN_SECONDS, "SignInAttemptsPerIpPerMinute": ATTEMPTS_PER_ADDRESS,
          "SignInFailuresBeforeLock": FAILURES_BEFORE_LOCK, "SignInLockSeconds": LOCK_SECONDS,
          # two requests, then one per 100 s: a third at once is refused however slow the machine
          "CostlyThrottleBurstLimit": 2, "CostlyThrottleRateLimit": 0.01,
          # every other route of every API, the WebSocket $connect included: three, then one per 100 s
          "ThrottleBurstLimit": DEFAULT_BURST, "ThrottleRateLimit": 0.01,
          "OrganizationsRequireTwoFactor": "true"}


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    cloud = RunningCloud(TEMPLATE, tmp_path_factory.mktemp("limits"), "--quiet", "--schedule-speed", "12",
                         "--parameter-overrides", *(f"{k}={v}" for k, v in LIMITS.items()), fsync=False)
    yield Platform(cloud)
    cloud.stop()


@dataclass
class ExpiringSocket:
    """A member's socket opened with the access token registration gave, and when that token expires."""

    user: User
    socket: ClientConnection
    expires_at: float


@pytest.fixture(scope="module")
def expiring_socket(limited: Platform) -> Iterator[ExpiringSocket]:
    """Opened before the first test (pytestmark below), and answered: its token expires while the others run."""
    user = limited.register("member")
    expires_at = json.loads(_payload(user.access_token))["exp"]
    assert expires_at - time.time() <= TOKEN_SECONDS
    with connect(f"{limited.cloud.websocket_url}/live?token={user.access_token}", open_timeout=20) as socket:
        socket.send(json.dumps({"action": "ping"}))
        assert json.loads(socket.recv(timeout=20))["type"] == "pong"
        yield ExpiringSocket(user, socket, expires_at)


pytestmark = pytest.mark.usefixtures("expiring_socket")


class Answer:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def json(self) -> Any:
        return json.loads(self.body or b"null")


def from_address(platform: Platform, address: str, method: str, path: str, body: Any = None) -> Answer:
    """A request from a loopback address of the test's choosing (the gateway sees it as the client's IP)."""
    url = urlsplit(platform.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60, source_address=(address, 0))
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers={"content-type": "application/json"})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def log_in(platform: Platform, address: str, username: str, password: str = PASSWORD) -> Answer:
    return from_address(platform, address, "POST", "/users/login", {"username": username, "password": password})


def assert_too_many(answer: Answer, at_most: int) -> None:
    assert answer.status == 429, answer.body
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json["status"] == 429
    assert 1 <= int(answer.headers["retry-after"]) <= at_most


def test_a_costly_route_class_is_throttled_by_the_gateway(limited: Platform) -> None:
    statuses = [limited.request("POST", "/media/uploads", {}).status for _ in range(2)]
    assert statuses == [401, 401]  # through to the function, which wants a token
    throttled = limited.request("POST", "/media/uploads", {})
    assert throttled.status == 429, throttled.raw
    assert throttled.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(throttled.headers["retry-after"]) <= 100
    # each route has a bucket of its own, and the other routes keep the stage's default
    assert limited.request("POST", "/ticketing/checkout-sessions", {}).status == 401
    assert limited.request("GET", "/media/health").status == 200


def test_an_account_is_locked_after_failed_logins_whatever_the_address(limited: Platform) -> None:
    victim, bystander = limited.register("member"), limited.register("member")
    for _ in range(FAILURES_BEFORE_LOCK):
        assert log_in(limited, "127.0.0.11", victim.username, "Wrong!123").status == 401
    assert_too_many(log_in(limited, "127.0.0.11", victim.username), LOCK_SECONDS)  # the right password too
    assert_too_many(log_in(limited, "127.0.0.12", victim.email), LOCK_SECONDS)  # by e-mail, from elsewhere
    assert log_in(limited, "127.0.0.12", bystander.username).status == 200


def test_a_good_login_clears_the_failures(limited: Platform) -> None:
    user = limited.register("member")
    for _ in range(FAILURES_BEFORE_LOCK - 1):
        assert log_in(limited, "127.0.0.13", user.username, "Wrong!123").status == 401
    assert log_in(limited, "127.0.0.13", user.username).status == 200
    assert log_in(limited, "127.0.0.14", user.username, "Wrong!123").status == 401
    assert log_in(limited, "127.0.0.14", user.username).status == 200


def test_an_organization_sells_tickets_only_with_two_factor_sign_in_when_the_platform_asks(limited: Platform) -> None:
    organization = limited.register("organization")
    path = f"/ticketing/events/{uuid.uuid4()}/ticket-types"
    body = {"type": "STANDARD", "price": {"amount": 1000, "currency": "EUR"}, "quantity": 10}
    refused = limited.request("POST", path, body, user=organization)
    assert refused.status == 403 and refused.json["type"].endswith("/two-factor-required"), refused.raw

    secret = limited.request("POST", f"/users/{organization.id}/two-factor", user=organization).json["secret"]
    assert limited.request("POST", f"/users/{organization.id}/two-factor/confirm",
                           {"code": pyotp.TOTP(secret).at(time.time())}, user=organization).status == 200
    organization.access_token = limited.request("POST", "/users/refresh",
                                                {"refreshToken": organization.refresh_token}).json["accessToken"]
    assert limited.request("POST", path, body, user=organization).status == 404  # past the gate: no such event
    kept = limited.request("POST", f"/users/{organization.id}/two-factor/disable",  # nor can it turn it off
                           {"password": organization.password, "code": pyotp.TOTP(secret).at(time.time() + 30)},
                           user=organization)
    assert kept.status == 403 and kept.json["type"].endswith("/two-factor-required"), kept.raw


def test_an_address_may_try_so_many_logins_and_registrations_a_minute(limited: Platform) -> None:
    # the allowance is per minute: start early in one, so that the attempts below share it
    eventually(lambda: time.time() % 60 < 30, timeout=40, interval=0.2, what="the first half of a minute")
    for _ in range(ATTEMPTS_PER_ADDRESS):  # unknown accounts: refused, and no account is locked by them
        assert log_in(limited, "127.0.0.21", f"nobody{uuid.uuid4().hex[:8]}", "Wrong!123").status == 401
    assert_too_many(log_in(limited, "127.0.0.21", "nobody-else", "Wrong!123"), 60)
    registration = {"username": f"mem{uuid.uuid4().hex[:10]}", "email": f"{uuid.uuid4().hex[:10]}@example.com",
                    "password": PASSWORD, "role": "member"}
    assert_too_many(from_address(limited, "127.0.0.21", "POST", "/users/register", registration), 60)
    registered = from_address(limited, "127.0.0.22", "POST", "/users/register", registration)
    assert registered.status == 201, registered.body  # another address has its own allowance


def test_a_socket_is_closed_when_its_access_token_expires(limited: Platform, expiring_socket: ExpiringSocket) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        while True:  # frames until the server closes it (the sweeper, once the token has expired)
            expiring_socket.socket.recv(timeout=TOKEN_SECONDS + 60)
    assert closed.value.rcvd is not None, closed.value  # the server's close frame, not a keepalive's timeout
    assert time.time() >= expiring_socket.expires_at
    user = expiring_socket.user
    assert limited.request("DELETE", f"/users/{user.id}/avatar", user=user).status == 401  # the token is dead too


def test_a_socket_beyond_the_stages_throttle_is_refused_with_429(limited: Platform) -> None:
    """Last in the module: it uses up the $connect allowance (DEFAULT_BURST, then one per 100 s) of which the
    expiring socket took one."""
    registration = {"username": f"mem{uuid.uuid4().hex[:10]}", "email": f"{uuid.uuid4().hex[:10]}@example.com",
                    "password": PASSWORD, "role": "member"}
    registered = from_address(limited, "127.0.0.31", "POST", "/users/register", registration)  # not 127.0.0.1's
    assert registered.status == 201, registered.body
    url = f"{limited.cloud.websocket_url}/live?token={registered.json['accessToken']}"
    opened, refused = [], None
    with ExitStack() as sockets:
        for _ in range(DEFAULT_BURST + 1):  # a valid token each time: only the throttle can refuse
            try:
                opened.append(sockets.enter_context(connect(url, open_timeout=20)))
            except InvalidStatus as refusal:
                refused = refusal.response
                break
        if opened:  # a socket within the allowance is open and answered (messages have a bucket of their own)
            opened[0].send(json.dumps({"action": "ping"}))
            assert json.loads(opened[0].recv(timeout=20))["type"] == "pong"
    assert refused is not None, f"{len(opened)} sockets opened, none refused"
    assert refused.status_code == 429, refused
    assert 1 <= int(refused.headers["Retry-After"]) <= 100
    assert 1 <= len(opened) <= DEFAULT_BURST


def _payload(token: str) -> str:
    part = token.split(".")[1]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode()
