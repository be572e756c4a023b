"""DELETE /users/{userId}/avatar: back to the default avatar (no error when none was set); `user.updated`."""

from __future__ import annotations

from kernel import http
from kernel.events import now_iso

from .. import store
from ..avatars import default_avatar
from ..views import documented

router = http.router()


@router.delete("/users/<userId>/avatar", security=http.AUTHENTICATED, status_code=204,
               responses=documented(204, "The avatar is the default one", 401, 403, 404))
def reset_avatar(userId: str) -> object:  # noqa: N803
    http.caller(router).require_self(userId)
    store.change(userId, lambda user: user.change_avatar(default_avatar(), now_iso()))
    return http.json_response(204)


handler = http.entrypoint(http.create_app("users", router))
