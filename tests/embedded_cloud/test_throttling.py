"""The gateway's throttling as API Gateway's: a token bucket per route of a stage (burst, then a steady rate),
RouteSettings before DefaultRouteSettings, no throttle where the template sets none, zero refusing all."""

from __future__ import annotations

import math

from embedded_cloud.deployment import Throttling
from embedded_cloud.throttling import Throttles, TokenBucket, retry_after


def test_a_bucket_lets_a_burst_through_then_one_request_per_token_earned() -> None:
    bucket = TokenBucket(burst=2, rate=1.0, updated=100.0)
    assert [bucket.take(100.0), bucket.take(100.0)] == [None, None]
    assert bucket.take(100.0) == 1.0
    assert bucket.take(100.5) == 0.5
    assert bucket.take(101.0) is None
    assert bucket.take(200.0) is None and bucket.take(200.0) is None  # refilled to the burst, never beyond
    assert bucket.take(200.0) == 1.0


def test_route_settings_come_before_the_stage_default_and_each_route_has_its_own_bucket() -> None:
    throttles = Throttles()
    throttles.load({"api": Throttling(default={"burst": 1, "rate": 1}, routes={
        "POST /users/login": {"burst": 3, "rate": 1}, "POST /media/uploads": {"burst": 0, "rate": 0}})})
    assert [throttles.wait("api", "POST /users/login") for _ in range(3)] == [None, None, None]
    assert throttles.wait("api", "POST /users/login") is not None
    assert throttles.wait("api", "GET /users/{userId}") is None
    assert throttles.wait("api", "GET /users/{userId}") is not None
    assert throttles.wait("api", "GET /users/search") is None  # another route: another bucket
    assert math.isinf(throttles.wait("api", "POST /media/uploads"))
    assert retry_after(math.inf) == "3600" and retry_after(0.2) == "1" and retry_after(1.5) == "2"


def test_an_api_without_throttles_is_not_throttled() -> None:
    throttles = Throttles()
    throttles.load({"api": Throttling(routes={"POST /users/login": {"burst": 0, "rate": 0}})})
    assert all(throttles.wait("other", "GET /") is None for _ in range(1000))
    assert all(throttles.wait("api", "GET /users/search") is None for _ in range(1000))
