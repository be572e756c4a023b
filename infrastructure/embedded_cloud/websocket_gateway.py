"""The WebSocket gateway: API Gateway WebSocket APIs of the template, with real sockets.

`$connect` runs before the upgrade (a non-2xx answer or an error refuses the socket with that status),
messages are routed by the API's route selection expression with `$default` as fallback, `$disconnect` runs
when a socket closes. The stage's route throttles apply: a throttled `$connect` is refused with 429, a throttled
message gets API Gateway's "Too Many Requests" frame and reaches no function. The management API
(PostToConnection, GetConnection, DeleteConnection) reaches these sockets through moto (see
moto_fixes.websocket_connections), from any thread.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from .deployment import Deployment, WebSocketApi
from .template import ACCOUNT_ID
from .throttling import Throttles, retry_after

log = logging.getLogger("eventonight.websocket")

Invoke = Callable[[str, bytes], Any]  # -> an InvokeResult
SEND_TIMEOUT_SECONDS = 10


@dataclass
class Connection:
    id: str
    api: WebSocketApi
    socket: web.WebSocketResponse
    source_ip: str
    user_agent: str
    connected_at: float = field(default_factory=time.time)
    last_active_at: float = field(default_factory=time.time)


class WebSocketGateway:
    def __init__(self, invoke: Invoke, workers: int = 32) -> None:
        self.apis: list[WebSocketApi] = []
        self.invoke = invoke
        self.connections: dict[str, Connection] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="ws-invoke")
        self.throttles = Throttles()  # used from the event loop only

    def load(self, deployment: Deployment) -> None:
        self.apis = deployment.websocket_apis
        self.throttles.load(deployment.throttles)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/{path:.*}", self.handle)
        app.on_shutdown.append(self._close_all)
        return app

    async def _close_all(self, app: web.Application) -> None:
        """A stopping platform closes every open socket (1001, going away; each one's $disconnect runs as for any
        close). aiohttp's cleanup otherwise waits for their handlers, which end only with their sockets: a
        browser tab left open made `eventonight up` hang on Ctrl-C, then fail."""
        sockets = [connection.socket for connection in list(self.connections.values())]
        await asyncio.gather(*(socket.close(code=WSCloseCode.GOING_AWAY, message=b"the platform is stopping")
                               for socket in sockets), return_exceptions=True)

    # --- the management API, called from other threads -------------------------------------------------
    def post(self, connection_id: str, data: bytes) -> bool:
        connection = self.connections.get(connection_id)
        if connection is None or connection.socket.closed or self.loop is None:
            return False
        try:
            text = data.decode("utf-8")
            send = connection.socket.send_str(text)
        except UnicodeDecodeError:
            send = connection.socket.send_bytes(data)
        try:
            asyncio.run_coroutine_threadsafe(send, self.loop).result(SEND_TIMEOUT_SECONDS)
        except Exception:  # the socket went away while we were sending
            return False
        return True

    def describe(self, connection_id: str) -> dict | None:
        connection = self.connections.get(connection_id)
        if connection is None or connection.socket.closed:
            return None
        return {"connectedAt": _iso(connection.connected_at), "lastActiveAt": _iso(connection.last_active_at),
                "identity": {"sourceIp": connection.source_ip, "userAgent": connection.user_agent}}

    def close(self, connection_id: str) -> bool:
        connection = self.connections.get(connection_id)
        if connection is None or connection.socket.closed or self.loop is None:
            return False
        asyncio.run_coroutine_threadsafe(connection.socket.close(), self.loop).result(SEND_TIMEOUT_SECONDS)
        return True

    # --- sockets ----------------------------------------------------------------------------------------
    def _api_for(self, path: str) -> WebSocketApi | None:
        parts = [p for p in path.split("/") if p]
        for api in self.apis:
            if parts[:1] == [api.api_id]:
                return api
        return self.apis[0] if self.apis and len(parts) <= 1 else None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.loop = asyncio.get_running_loop()
        api = self._api_for(request.path)
        if api is None:
            return web.json_response({"message": "Not Found"}, status=404)
        wait = self.throttles.wait(api.api_id, "$connect")
        if wait is not None:
            log.info("%s: $connect throttled", request.path)
            return web.json_response({"message": "Too Many Requests"}, status=429,
                                     headers={"Retry-After": retry_after(wait)})
        connection_id = secrets.token_urlsafe(9)  # safe in the management API's URL path, unlike base64
        context = self._context(api, request, connection_id, "$connect", "CONNECT")
        connect_event = {"headers": dict(request.headers), "multiValueHeaders": {
            k: request.headers.getall(k) for k in request.headers},
            "requestContext": context, "isBase64Encoded": False}
        if request.query:
            connect_event["queryStringParameters"] = dict(request.query)
            connect_event["multiValueQueryStringParameters"] = {k: request.query.getall(k) for k in request.query}
        if "$connect" in api.routes:
            status = _status_of(await self._invoke(api.routes["$connect"], connect_event))
            if not 200 <= status < 300:
                return web.json_response({"message": "Forbidden" if status == 403 else "Connection refused"},
                                         status=status)
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        connection = Connection(connection_id, api, socket, request.remote or "127.0.0.1",
                                request.headers.get("User-Agent", ""))
        self.connections[connection_id] = connection
        try:
            async for message in socket:
                if message.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    connection.last_active_at = time.time()
                    await self._on_message(connection, request, message.data)
        finally:
            self.connections.pop(connection_id, None)
            if "$disconnect" in api.routes:
                context = self._context(api, request, connection_id, "$disconnect", "DISCONNECT")
                context.update(disconnectStatusCode=socket.close_code or 1005, disconnectReason="")
                await self._invoke(api.routes["$disconnect"], {
                    "headers": dict(request.headers), "requestContext": context, "isBase64Encoded": False})
        return socket

    async def _on_message(self, connection: Connection, request: web.Request, data: str | bytes) -> None:
        api = connection.api
        text = data if isinstance(data, str) else None
        route_key = select_route(api, text)
        if route_key is None:
            await connection.socket.send_str(json.dumps({"message": "Forbidden", "connectionId": connection.id,
                                                         "requestId": str(uuid.uuid4())}))
            return
        if self.throttles.wait(api.api_id, route_key) is not None:
            log.info("%s: %s throttled", connection.id, route_key)
            await connection.socket.send_str(json.dumps({"message": "Too Many Requests",
                                                         "connectionId": connection.id,
                                                         "requestId": str(uuid.uuid4())}))
            return
        context = self._context(api, request, connection.id, route_key, "MESSAGE")
        context["messageId"] = secrets.token_urlsafe(8)
        event = {"requestContext": context, "body": text if text is not None else base64.b64encode(data).decode(),
                 "isBase64Encoded": text is None}
        result = await self._invoke(api.routes[route_key], event)
        if route_key in api.two_way_routes and not result.function_error:
            output = result.json()
            body = output.get("body") if isinstance(output, dict) else None
            if body is not None and not connection.socket.closed:
                await connection.socket.send_str(body if isinstance(body, str) else json.dumps(body))

    async def _invoke(self, function: str, event: dict) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, self.invoke, function, json.dumps(event).encode())

    @staticmethod
    def _context(api: WebSocketApi, request: web.Request, connection_id: str, route_key: str, kind: str) -> dict:
        now = datetime.now(UTC)
        return {"routeKey": route_key, "eventType": kind, "messageDirection": "IN", "stage": api.stage,
                "connectionId": connection_id, "apiId": api.api_id, "domainName": request.host,
                "requestId": str(uuid.uuid4()), "extendedRequestId": str(uuid.uuid4()), "accountId": ACCOUNT_ID,
                "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"), "requestTimeEpoch": int(now.timestamp() * 1000),
                "connectedAt": int(now.timestamp() * 1000),
                "identity": {"sourceIp": request.remote or "127.0.0.1",
                             "userAgent": request.headers.get("User-Agent", "")}}

    def close_all(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def select_route(api: WebSocketApi, body: str | None) -> str | None:
    """Evaluate `$request.body.<path>` against a JSON message; `$default` when nothing matches."""
    expression = api.route_selection_expression
    key = None
    if body is not None and expression.startswith("$request.body."):
        try:
            value: Any = json.loads(body)
            for part in expression.removeprefix("$request.body.").split("."):
                value = value.get(part) if isinstance(value, dict) else None
            key = value if isinstance(value, str) else None
        except ValueError:
            key = None
    if key in api.routes:
        return key
    return "$default" if "$default" in api.routes else None


def _status_of(result: Any) -> int:
    if result.function_error:
        return 500
    output = result.json()
    if isinstance(output, dict) and "statusCode" in output:
        try:
            return int(output["statusCode"])
        except (TypeError, ValueError):
            return 500
    return 200


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
