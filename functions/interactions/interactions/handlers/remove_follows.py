"""DELETE /interactions/users/{userId}: the owner drops every follow, both ways (204); one
`interactions.follow.deleted` per follow, counters of both sides corrected. Repeating it is harmless."""

from __future__ import annotations

from kernel import http

from .. import cleanup, replicas
from ..views import documented

router = http.router()


@router.delete("/interactions/users/<userId>", security=http.AUTHENTICATED,
               responses=documented(204, "Every follow of the user is gone", 401, 403))
def remove_follows(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    replicas.require_person(userId)
    cleanup.remove_follows(userId)
    return http.json_response(204)


handler = http.entrypoint(http.create_app("interactions", router))
