"""The HTTP gateway: API Gateway HTTP APIs of the template on one port, Lambda proxy with payload format 2.0.

Routes come from the functions' HttpApi events. Behaviour follows API Gateway: the most specific route wins,
`$default` catches the rest, CORS preflights are answered by the gateway when the API configures CORS, bodies
over 6 MB get 413, a route whose throttle (DefaultRouteSettings / RouteSettings) is spent gets 429 (throttling.py),
an integration slower than the route's timeout (29 s by default) gets 504, a function error gets 500. Static
files (the SPA) are served for GET requests that no route takes.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from .deployment import Cors, Deployment, HttpRoute
from .template import ACCOUNT_ID
from .throttling import Throttles, retry_after

log = logging.getLogger("eventonight.http")

MAX_BODY_BYTES = 6 * 1024 * 1024
MAX_TIMEOUT_MS = 30_000
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
              "application/x-www-form-urlencoded", "application/problem+json")

Invoke = Callable[[str, bytes], Any]  # -> an InvokeResult (payload, function_error)


@dataclass
class CompiledRoute:
    route: HttpRoute
    pattern: re.Pattern[str] | None  # None for $default
    specificity: tuple[int, int, int]

    @property
    def key(self) -> str:
        return "$default" if self.pattern is None else f"{self.route.method} {self.route.path}"


def compile_route(route: HttpRoute) -> CompiledRoute:
    if route.path == "$default":
        return CompiledRoute(route, None, (2, 0, 1))
    greedy = 0
    parts = []
    for segment in route.path.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("+}"):
            parts.append("(.+)")
            greedy = 1
        elif segment.startswith("{") and segment.endswith("}"):
            parts.append("([^/]+)")
        else:
            parts.append(re.escape(segment))
    regex = "^/" + "/".join(parts) + "/?$"
    params = route.path.count("{")
    return CompiledRoute(route, re.compile(regex), (greedy, params, int(route.method == "ANY")))


def _path_parameters(compiled: CompiledRoute, match: re.Match[str]) -> dict[str, str]:
    names = re.findall(r"\{([^}+]+)\+?\}", compiled.route.path)
    return dict(zip(names, match.groups(), strict=True))


class HttpGateway:
    def __init__(self, invoke: Invoke, static_dir: Path | None = None, workers: int = 64) -> None:
        self.routes: list[CompiledRoute] = []
        self.cors: dict[str, Cors] = {}
        self.invoke = invoke
        self.static_dir = static_dir
        self.spa_config: dict[str, str] = {}  # served as /config.json: what the SPA cannot derive (WebSocket URL)
        self.throttles = Throttles()
        self.spa_headers = spa_headers([])  # the cloud adds the origins the SPA talks to
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="http-invoke")

    def load(self, deployment: Deployment) -> None:
        """Serve the routes of a deployment (the port is open before deploying, so URLs are known)."""
        self.routes = sorted((compile_route(r) for r in deployment.http_routes), key=lambda c: c.specificity)
        self.cors = deployment.cors
        self.throttles.load(deployment.throttles)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY_BYTES + 1)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    def match(self, method: str, path: str) -> tuple[CompiledRoute | None, dict[str, str], bool]:
        """The route for a request, its path parameters, and whether any route has this path at all."""
        path_known = False
        for compiled in self.routes:
            if compiled.pattern is None:
                continue
            found = compiled.pattern.match(path)
            if found:
                path_known = True
                if compiled.route.method in (method, "ANY"):
                    return compiled, _path_parameters(compiled, found), True
        default = next((c for c in self.routes if c.pattern is None), None)
        return default, {}, path_known

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.content_length and request.content_length > MAX_BODY_BYTES:
            return _message(413, "Request Entity Too Large")
        compiled, params, path_known = self.match(request.method, request.path)
        cors = self._cors_for(request.path)
        if request.method == "OPTIONS" and cors and "Access-Control-Request-Method" in request.headers:
            return self._preflight(request, cors)
        if compiled is None:
            if request.method == "GET" and not path_known and (static := self._static(request.path)):
                return static
            return _message(404, "Not Found")
        wait = self.throttles.wait(compiled.route.api_id, compiled.key)
        if wait is not None:
            log.info("%s %s: throttled (%s)", request.method, request.path, compiled.key)
            return self._with_cors(request, cors, _throttled(wait))
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _message(413, "Request Entity Too Large")
        event = build_event(request, body, compiled, params)
        loop = asyncio.get_running_loop()
        timeout = min(compiled.route.timeout_ms, MAX_TIMEOUT_MS) / 1000
        started = time.monotonic()
        try:
            result = await asyncio.wait_for(
                loop.run_in_executor(self.pool, self.invoke, compiled.route.function, json.dumps(event).encode()),
                timeout)
        except TimeoutError:
            log.warning("%s %s: integration timed out after %.1fs", request.method, request.path, timeout)
            return self._with_cors(request, cors, _message(504, "Gateway Timeout"))
        response = to_response(result)
        log.debug("%s %s -> %s in %.0f ms", request.method, request.path, response.status,
                  (time.monotonic() - started) * 1000)
        return self._with_cors(request, cors, response)

    def _cors_for(self, path: str) -> Cors | None:
        for compiled in self.routes:
            if compiled.pattern is not None and compiled.pattern.match(path):
                return self.cors.get(compiled.route.api_id)
        return None

    def _preflight(self, request: web.Request, cors: Cors) -> web.Response:
        origin = request.headers.get("Origin", "")
        if not _origin_allowed(cors, origin):
            return web.Response(status=204)
        headers = {"Access-Control-Allow-Origin": _allowed_origin_value(cors, origin),
                   "Access-Control-Allow-Methods": ",".join(cors.allow_methods or ["*"]),
                   "Access-Control-Allow-Headers": ",".join(cors.allow_headers) or
                   request.headers.get("Access-Control-Request-Headers", "")}
        if cors.max_age is not None:
            headers["Access-Control-Max-Age"] = str(cors.max_age)
        if cors.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        return web.Response(status=204, headers=headers)

    def _with_cors(self, request: web.Request, cors: Cors | None, response: web.Response) -> web.Response:
        origin = request.headers.get("Origin")
        if cors and origin and _origin_allowed(cors, origin):
            response.headers["Access-Control-Allow-Origin"] = _allowed_origin_value(cors, origin)
            if cors.expose_headers:
                response.headers["Access-Control-Expose-Headers"] = ",".join(cors.expose_headers)
            if cors.allow_credentials:
                response.headers["Access-Control-Allow-Credentials"] = "true"
        return response

    def _static(self, path: str) -> web.StreamResponse | None:
        response = self._static_file(path)
        if response is not None:
            response.headers.update(self.spa_headers)
        return response

    def _static_file(self, path: str) -> web.StreamResponse | None:
        if path == "/config.json" and self.spa_config:
            return web.json_response(self.spa_config, headers={"Cache-Control": "no-store"})
        if self.static_dir is None or not self.static_dir.is_dir():
            return None
        root = self.static_dir.resolve()
        candidate = (root / path.lstrip("/")).resolve()
        if root not in candidate.parents and candidate != root:
            return None
        if candidate.is_file():
            return web.FileResponse(candidate, headers={"Cache-Control": _cache_control(candidate, root)})
        index = root / "index.html"  # the SPA's client-side routes
        if index.is_file() and "." not in path.rsplit("/", 1)[-1]:
            return web.FileResponse(index, headers={"Cache-Control": _cache_control(index, root)})
        return None

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _cache_control(file: Path, root: Path) -> str:
    """Vite names what it builds into assets/ by its content's hash: a browser keeps those for good and a page load
    neither re-fetches nor re-checks them; the rest (index.html, which names the current ones) is checked each time
    (its ETag: a 304 when unchanged), so a new build is seen at once."""
    immutable = file.parent == root / "assets"
    return "public, max-age=31536000, immutable" if immutable else "no-cache"


def spa_headers(origins: list[str]) -> dict[str, str]:
    """The SPA's security headers (security review L9): its own scripts and styles only, images also from data:
    and blob: (previews), connections to itself and to `origins` (WebSocket, presigned uploads, absolute media
    URLs), never framed. Vite's build inlines no script or style; Vue sets styles through the CSSOM."""
    sources = " ".join(["'self'", *dict.fromkeys(_origin(o) for o in origins if o)])
    policy = (f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {sources} data: blob:; "
              f"connect-src {sources}; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
              "frame-ancestors 'none'")
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def _origin(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3])


def _origin_allowed(cors: Cors, origin: str) -> bool:
    return "*" in cors.allow_origins or origin in cors.allow_origins


def _allowed_origin_value(cors: Cors, origin: str) -> str:
    return origin if cors.allow_credentials or "*" not in cors.allow_origins else "*"


def _message(status: int, message: str) -> web.Response:
    return web.json_response({"message": message}, status=status)


def _throttled(wait: float) -> web.Response:
    body = {"type": "https://eventonight.dev/problems/too-many-requests", "title": "Too Many Requests",
            "status": 429, "detail": "This route is receiving too many requests; retry after the given seconds"}
    return web.Response(status=429, text=json.dumps(body), content_type="application/problem+json",
                        headers={"Retry-After": retry_after(wait)})


def _is_text(content_type: str) -> bool:
    return any(content_type.startswith(t) for t in TEXT_TYPES)


def build_event(request: web.Request, body: bytes, compiled: CompiledRoute, params: dict[str, str]) -> dict:
    """The payload format 2.0 event, as API Gateway builds it."""
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        if name.lower() == "cookie":
            continue
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    now = datetime.now(UTC)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": compiled.key,
        "rawPath": request.path,
        "rawQueryString": request.query_string,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID, "apiId": compiled.route.api_id, "domainName": request.host,
            "domainPrefix": request.host.split(".")[0].split(":")[0],
            "http": {"method": request.method, "path": request.path, "protocol": f"HTTP/{request.version.major}."
                     f"{request.version.minor}", "sourceIp": request.remote or "127.0.0.1",
                     "userAgent": request.headers.get("User-Agent", "")},
            "requestId": str(uuid.uuid4()), "routeKey": compiled.key, "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"), "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }
    cookies = [c.strip() for h in request.headers.getall("Cookie", []) for c in h.split(";") if c.strip()]
    if cookies:
        event["cookies"] = cookies
    if request.query:
        query: dict[str, str] = {}
        for key, value in request.query.items():
            query[key] = f"{query[key]},{value}" if key in query else value
        event["queryStringParameters"] = query
    if params:
        event["pathParameters"] = params
    if body:
        if _is_text(request.headers.get("Content-Type", "")):
            try:
                event["body"] = body.decode("utf-8")
            except UnicodeDecodeError:
                event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
        else:
            event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode(), True
    return event


def to_response(result: Any) -> web.Response:
    """Map a Lambda result to an HTTP response, as payload format 2.0 does."""
    if result.function_error:
        return _message(500, "Internal Server Error")
    try:
        output = json.loads(result.payload or b"null")
    except ValueError:
        return _message(500, "Internal Server Error")
    if not (isinstance(output, dict) and "statusCode" in output):
        return web.Response(status=200, text=json.dumps(output), content_type="application/json")
    try:
        status = int(output["statusCode"])
        body = output.get("body") or ""
        raw = base64.b64decode(body) if output.get("isBase64Encoded") else str(body).encode()
        response = web.Response(status=status, body=raw)
        for name, value in (output.get("headers") or {}).items():
            response.headers[name] = str(value)
        for name, values in (output.get("multiValueHeaders") or {}).items():
            for value in values:
                response.headers.add(name, str(value))
        for cookie in output.get("cookies") or []:
            response.headers.add("Set-Cookie", cookie)
        if "Content-Type" not in response.headers:
            response.headers["Content-Type"] = "application/json"
        return response
    except (TypeError, ValueError):
        return _message(500, "Internal Server Error")
