"""Throttling in the templates (M3): every HTTP API stage and the WebSocket stage throttle each route, and the
costly route classes have a bucket of their own whose route keys name real routes (a misspelt key would leave
the route on the default bucket without a word from CloudFormation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from embedded_cloud.template import load_yaml

INFRASTRUCTURE = Path(__file__).resolve().parents[2] / "infrastructure"
CONTEXTS = sorted(p for p in INFRASTRUCTURE.glob("*.yaml") if ".asl." not in p.name)
COSTLY = {"POST /users/login", "POST /users/register", "POST /ticketing/checkout-sessions", "POST /media/uploads",
          "POST /chat/users/{userId}/conversations",
          "POST /chat/users/{userId}/conversations/{conversationId}/messages"}


def _resources(path: Path, kind: str) -> dict[str, dict[str, Any]]:
    resources = load_yaml(path)["Resources"]
    return {name: r.get("Properties", {}) for name, r in resources.items() if r["Type"] == kind}


def _routes(path: Path) -> set[str]:
    routes = set()
    for function in _resources(path, "AWS::Serverless::Function").values():
        for event in (function.get("Events") or {}).values():
            if event["Type"] == "HttpApi":
                routes.add(f"{event['Properties']['Method'].upper()} {event['Properties']['Path']}")
    return routes


def _limited(settings: dict[str, Any]) -> bool:
    return {"ThrottlingBurstLimit", "ThrottlingRateLimit"} <= set(settings or {})


@pytest.mark.parametrize("path", CONTEXTS, ids=lambda p: p.stem)
def test_every_http_api_throttles_every_route_and_its_costly_ones_apart(path: Path) -> None:
    apis = _resources(path, "AWS::Serverless::HttpApi")
    assert apis, path
    for api in apis.values():
        assert _limited(api.get("DefaultRouteSettings")), path
        for key, settings in (api.get("RouteSettings") or {}).items():
            assert key in _routes(path), f"{path.name}: RouteSettings names no route {key!r}"
            assert _limited(settings), key


def test_each_costly_route_has_a_bucket_of_its_own() -> None:
    throttled = {key for path in CONTEXTS for api in _resources(path, "AWS::Serverless::HttpApi").values()
                 for key in (api.get("RouteSettings") or {})}
    assert throttled >= COSTLY


def test_the_websocket_stage_throttles_every_route() -> None:
    stages = _resources(INFRASTRUCTURE / "notifications.yaml", "AWS::ApiGatewayV2::Stage")
    assert stages and all(_limited(stage.get("DefaultRouteSettings")) for stage in stages.values())
