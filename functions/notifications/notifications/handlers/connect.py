"""WebSocket `$connect`: the access token from the query string (`?token=`) must be valid, or the socket is
refused (401); the connection is recorded for pushes, and the user's followers hear `user-online` when it is the
user's first open connection. The token's login, iat and exp are kept with the connection: it is closed when
the login ends (logout, password change, deletion) or the token expires."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from kernel.auth import verifier
from kernel.errors import DomainError

from .. import connections

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict, context: Any) -> dict:
    token = (event.get("queryStringParameters") or {}).get("token")
    if not token:
        return {"statusCode": 401, "body": "Authentication required"}
    try:
        caller = verifier().verify(token)
    except DomainError as error:
        return {"statusCode": error.status, "body": error.detail}
    import jwt

    issued_at = int(jwt.decode(token, options={"verify_signature": False})["iat"])  # verified just above
    connections.open(event["requestContext"]["connectionId"], caller.user_id,
                     connections.Token(caller.session_id, issued_at, caller.expires_at))
    return {"statusCode": 200}
