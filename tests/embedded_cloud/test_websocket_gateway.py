"""The WebSocket gateway: $connect authorisation, routes, the management API and dead connections (that a platform
with open sockets stops cleanly and closes them going away: test_restart.py, on the cloud it restarted)."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from botocore.exceptions import ClientError
from support.cloud import RunningCloud
from support.polling import eventually
from websockets.exceptions import InvalidStatus


def test_a_connect_that_the_function_refuses_closes_the_socket(sample_cloud: RunningCloud) -> None:
    async def connect() -> None:
        async with websockets.connect(f"{sample_cloud.websocket_url}/local?token=wrong"):
            pass

    with pytest.raises(InvalidStatus) as refused:
        asyncio.run(connect())
    assert refused.value.response.status_code == 403


def test_route_selection_and_post_to_connection(sample_cloud: RunningCloud) -> None:
    async def ping() -> dict:
        async with websockets.connect(f"{sample_cloud.websocket_url}/local?token=let-me-in") as socket:
            await socket.send(json.dumps({"action": "ping"}))
            return json.loads(await asyncio.wait_for(socket.recv(), 10))

    assert asyncio.run(ping()) == {"type": "pong"}


def test_a_route_past_its_stage_throttle_is_answered_too_many_requests(sample_cloud: RunningCloud) -> None:
    async def three_echoes() -> list[dict]:
        async with websockets.connect(f"{sample_cloud.websocket_url}/local?token=let-me-in") as socket:
            for n in range(3):
                await socket.send(json.dumps({"action": "echo", "n": n}))
            return [json.loads(await asyncio.wait_for(socket.recv(), 10)) for _ in range(3)]

    frames = asyncio.run(three_echoes())
    echoed = sorted(json.loads(frame["body"])["n"] for frame in frames if frame.get("type") == "echo")
    refused = [frame for frame in frames if frame.get("message") == "Too Many Requests"]
    assert echoed == [0, 1]  # the burst of two reached the function, the third did not
    assert len(refused) == 1 and refused[0]["connectionId"]


def test_post_to_a_closed_connection_raises_gone_and_disconnect_ran(sample_cloud: RunningCloud) -> None:
    ddb = sample_cloud.client("dynamodb")
    table = sample_cloud.deployment.outputs and next(
        f.environment["CONNECTIONS_TABLE"] for f in sample_cloud.deployment.functions.values()
        if f.logical_id == "SocketFunction")

    def connection_ids() -> set[str]:
        return {i["connectionId"]["S"] for i in ddb.scan(TableName=table)["Items"]}

    before = connection_ids()

    async def open_and_close() -> str:
        async with websockets.connect(f"{sample_cloud.websocket_url}/local?token=let-me-in"):
            return eventually(lambda: connection_ids() - before, what="the $connect record").pop()

    connection_id = asyncio.run(open_and_close())
    eventually(lambda: connection_id not in connection_ids(), what="$disconnect removing the connection")

    management = sample_cloud.client("apigatewaymanagementapi")
    with pytest.raises(ClientError) as gone:
        management.post_to_connection(ConnectionId=connection_id, Data=b"hello?")
    assert gone.value.response["Error"]["Code"] == "GoneException"
    assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410


def test_get_connection_describes_a_live_socket(sample_cloud: RunningCloud) -> None:
    management = sample_cloud.client("apigatewaymanagementapi")
    ddb = sample_cloud.client("dynamodb")
    table = next(f.environment["CONNECTIONS_TABLE"] for f in sample_cloud.deployment.functions.values()
                 if f.logical_id == "SocketFunction")

    async def scenario() -> tuple[dict, str]:
        async with websockets.connect(f"{sample_cloud.websocket_url}/local?token=let-me-in",
                                      user_agent_header="probe/1.0") as socket:
            ids = eventually(lambda: [i["connectionId"]["S"] for i in ddb.scan(TableName=table)["Items"]])
            for connection_id in ids:
                try:
                    description = await asyncio.to_thread(management.get_connection, ConnectionId=connection_id)
                except ClientError:
                    continue
                if description["Identity"]["UserAgent"] == "probe/1.0":
                    await asyncio.to_thread(management.post_to_connection, ConnectionId=connection_id,
                                            Data=b'{"direct": true}')
                    while (frame := json.loads(await asyncio.wait_for(socket.recv(), 10))) != {"direct": True}:
                        pass  # frames pushed to every connection by other tests
                    return description, frame
            raise AssertionError("our connection was not found")

    description, frame = asyncio.run(scenario())
    assert description["Identity"]["SourceIp"] == "127.0.0.1"
    assert frame == {"direct": True}
