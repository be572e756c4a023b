"""The API Gateway management API reaches real WebSocket connections.

moto's `apigatewaymanagementapi` accepts any connection id and appends the bytes to an in-memory buffer. We
route PostToConnection, GetConnection and DeleteConnection to the embedded cloud's WebSocket gateway and answer
GoneException (410) for a connection that is closed or never existed, as API Gateway does.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Protocol

from moto.core.exceptions import JsonRESTError

from .replacements import Replacements

if TYPE_CHECKING:
    from moto.apigatewaymanagementapi.models import ApiGatewayManagementApiBackend as Backend


class Connections(Protocol):
    def post(self, connection_id: str, data: bytes) -> bool: ...  # False: gone
    def describe(self, connection_id: str) -> dict | None: ...
    def close(self, connection_id: str) -> bool: ...  # False: gone


class GoneException(JsonRESTError):
    code = 410

    def __init__(self, connection_id: str) -> None:
        super().__init__("GoneException", f"Connection {connection_id} is gone")


class _NoGateway:
    def post(self, connection_id: str, data: bytes) -> bool:
        return False

    def describe(self, connection_id: str) -> dict | None:
        return None

    def close(self, connection_id: str) -> bool:
        return False


_gateway: list[Connections] = [_NoGateway()]


def route_to(connections: Connections) -> None:
    _gateway[0] = connections


class _Described:
    def __init__(self, description: dict) -> None:
        self.description = description

    def to_dict(self) -> dict[str, Any]:
        return self.description


def post_to_connection(self: Backend, data: bytes, connection_id: str) -> None:
    if not _gateway[0].post(connection_id, data if isinstance(data, bytes) else json.dumps(data).encode()):
        raise GoneException(connection_id)


def get_connection(self: Backend, connection_id: str) -> _Described:
    description = _gateway[0].describe(connection_id)
    if description is None:
        raise GoneException(connection_id)
    return _Described(description)


def delete_connection(self: Backend, connection_id: str) -> None:
    if not _gateway[0].close(connection_id):
        raise GoneException(connection_id)


_BACKEND = "moto.apigatewaymanagementapi.models.ApiGatewayManagementApiBackend"
replaced = Replacements((_BACKEND, "post_to_connection", post_to_connection),
                        (_BACKEND, "get_connection", get_connection),
                        (_BACKEND, "delete_connection", delete_connection))
install, uninstall = replaced.install, replaced.uninstall
