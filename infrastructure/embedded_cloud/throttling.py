"""API Gateway's throttling of a stage, HTTP or WebSocket: a token bucket per route (DefaultRouteSettings for every
route, RouteSettings for the routes it names), shared by all clients; a request that finds its bucket empty is
refused before the integration runs. (For HTTP, API Gateway answers a bare JSON message; we answer problem+json
with Retry-After, as api-conventions promise clients. A WebSocket $connect is refused with 429, a message is
answered with API Gateway's "Too Many Requests" frame.)"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from .deployment import Throttling


def stage_throttling(props: dict) -> Throttling | None:
    """The throttles a stage's properties set (HttpApi or ApiGatewayV2::Stage), or None."""
    default = _limit(props.get("DefaultRouteSettings"))
    routes = {key: limit for key, settings in (props.get("RouteSettings") or {}).items()
              if (limit := _limit(settings)) is not None}
    return Throttling(default=default, routes=routes) if default is not None or routes else None


def _limit(settings: dict | None) -> dict[str, float] | None:
    """A route setting's throttle, if it sets one (API Gateway takes burst and rate together)."""
    if not settings or "ThrottlingBurstLimit" not in settings or "ThrottlingRateLimit" not in settings:
        return None
    return {"burst": int(settings["ThrottlingBurstLimit"]), "rate": float(settings["ThrottlingRateLimit"])}


@dataclass
class TokenBucket:
    burst: int
    rate: float  # tokens per second
    tokens: float = -1.0
    updated: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = float(self.burst)

    def take(self, now: float | None = None) -> float | None:
        """Take a token: None when there was one, else the seconds until there will be."""
        now = time.monotonic() if now is None else now
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return None
        if self.rate <= 0 or self.burst < 1:
            return math.inf  # a limit of zero refuses every request
        return (1 - self.tokens) / self.rate


class Throttles:
    """The buckets of every throttled route, made as routes are first used. Used from the gateway's event loop
    only, so no lock."""

    def __init__(self) -> None:
        self.settings: dict[str, Throttling] = {}
        self.buckets: dict[tuple[str, str], TokenBucket] = {}

    def load(self, settings: dict[str, Throttling]) -> None:
        self.settings, self.buckets = settings, {}

    def wait(self, api_id: str, route_key: str) -> float | None:
        """None when the request may go, else the seconds until it could."""
        throttling = self.settings.get(api_id)
        if throttling is None:
            return None
        limit = throttling.routes.get(route_key) or throttling.default
        if limit is None:
            return None
        bucket = self.buckets.get((api_id, route_key))
        if bucket is None:
            bucket = self.buckets[(api_id, route_key)] = TokenBucket(int(limit["burst"]), float(limit["rate"]))
        return bucket.take()


def retry_after(wait: float) -> str:
    return str(3600 if math.isinf(wait) else max(1, math.ceil(wait)))
