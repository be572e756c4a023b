"""Security headers (security review L9) on the SPA's files and on every API answer, ids out of format in paths
(L1/L2), and media served only as images, sandboxed (L8)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from support.platform import Platform, User

COMMON = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/", "/en/events/whatever", "/config.json"])
def test_the_spa_is_served_with_a_content_security_policy(platform: Platform, path: str) -> None:
    response = platform.request("GET", path)
    assert response.status == 200, response.raw
    assert {k: response.headers.get(k) for k in COMMON} == COMMON
    policy = directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    websocket = platform.request("GET", "/config.json").json["websocketUrl"]
    assert websocket.rstrip("/") in policy["connect-src"]  # the live notifications
    assert platform.cloud.aws_url in policy["connect-src"]  # presigned uploads go to S3 (moto)


def test_the_spas_scripts_carry_the_headers_too(platform: Platform) -> None:
    index = platform.request("GET", "/").raw.decode()
    script = index.split('<script type="module" crossorigin src="', 1)[1].split('"', 1)[0]
    response = platform.request("GET", script)
    assert response.status == 200 and response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/events/health", 200), ("GET", "/users/openapi.json", 200), ("GET", "/events/tags/x", 200),
    ("GET", "/ticketing/users/00000000-0000-4000-8000-000000000000/orders", 401),
    ("POST", "/users/login", 400)])
def test_every_api_answer_carries_the_headers(platform: Platform, method: str, path: str, status: int) -> None:
    response = platform.request(method, path, {} if method == "POST" else None)
    assert response.status == status, response.raw
    assert {k: response.headers.get(k) for k in COMMON} == COMMON
    assert directives(response.headers["content-security-policy"]) == {"default-src": ["'none'"],
                                                                       "frame-ancestors": ["'none'"]}


@pytest.mark.parametrize("bad", ["not-an-id", "x" * 3000, "EVENT%231", "00000000-0000-4000-8000-00000000000Z",
                                 "ORDER_00000000-0000-4000-8000-000000000000"])
def test_an_id_out_of_format_names_nothing(platform: Platform, member: User, bad: str) -> None:
    for path in (f"/events/{bad}", f"/interactions/events/{bad}/likes", f"/users/{bad}",
                 f"/ticketing/orders/{bad}", f"/ticketing/ticket-types/{bad}",
                 f"/interactions/users/{member.id}/following/{bad}", f"/chat/users/{bad}/conversations",
                 f"/notifications/users/{bad}/is-online"):
        answer = platform.request("GET", path, user=member)
        assert answer.status == 404, (path[:80], answer.raw)
        assert answer.headers["content-type"].startswith("application/problem+json")
    if "%" not in bad:  # (a '#' matches no route at all: 404 before any route asks for a token)
        assert platform.request("GET", f"/ticketing/orders/{bad}").status == 401  # a token first, where needed
    assert platform.request("PUT", f"/events/{bad}", {"status": "DRAFT"}, user=member).status == 404


def test_media_is_served_only_as_an_image_in_a_sandbox(platform: Platform) -> None:
    s3, bucket = platform.cloud.client("s3"), platform.cloud.deployment.outputs["MediaBucketName"]
    folder = f"events/{uuid.uuid4()}"
    s3.put_object(Bucket=bucket, Key=f"{folder}/page.jpg", Body=b"<script>alert(1)</script>", ContentType="text/html")
    s3.put_object(Bucket=bucket, Key=f"{folder}/svg.jpg", Body=b"<svg/>", ContentType="image/svg+xml")
    for key in ("page.jpg", "svg.jpg"):
        answer = platform.request("GET", f"/media/{folder}/{key}")
        assert answer.status == 404, (key, answer.headers, answer.raw[:100])
    s3.put_object(Bucket=bucket, Key=f"{folder}/poster.jpg", Body=b"\xff\xd8\xff", ContentType="image/jpeg")
    image = platform.request("GET", f"/media/{folder}/poster.jpg")
    assert image.status == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.headers["content-security-policy"] == "sandbox"
    default = platform.request("GET", "/media/events/default.png")
    assert default.status == 200 and default.headers["content-security-policy"] == "sandbox"


def test_cors_answers_the_gateways_own_origins_and_production_names_no_local_one(platform: Platform) -> None:
    from embedded_cloud.template import load_yaml

    template = load_yaml(Path(__file__).resolve().parents[2] / "template.yaml")
    default = template["Parameters"]["AllowedOrigins"]["Default"]
    assert "localhost" not in default and "127.0.0.1" not in default  # security review L16
    port = platform.url.rsplit(":", 1)[1]
    for origin, allowed in ((f"http://localhost:{port}", True), (platform.url, True),
                            ("http://localhost:8080", False), ("https://evil.example", False)):
        answer = platform.request("OPTIONS", "/events", headers={"Origin": origin,
                                                                 "Access-Control-Request-Method": "POST"})
        assert (answer.headers.get("access-control-allow-origin") == origin) is allowed, (origin, answer.headers)


def test_the_spas_hashed_files_are_kept_for_good_and_its_pages_checked_on_every_load(platform: Platform) -> None:
    """Vite names what it builds by its content's hash: a browser keeps those and a second page load fetches
    nothing again; index.html (and every client-side route, which is index.html) names the current build, so it is
    checked each time: its ETag answers 304 while the build is unchanged."""
    index = platform.request("GET", "/")
    assert index.headers["cache-control"] == "no-cache" and index.headers["etag"], index.headers
    assert platform.request("GET", "/en/events/whatever").headers["cache-control"] == "no-cache"
    again = platform.request("GET", "/", headers={"If-None-Match": index.headers["etag"]})
    assert again.status == 304 and not again.raw
    script = index.raw.decode().split('<script type="module" crossorigin src="', 1)[1].split('"', 1)[0]
    assert script.startswith("/assets/")
    kept = platform.request("GET", script)
    assert kept.status == 200 and kept.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert kept.headers["content-security-policy"]  # the security headers as well
