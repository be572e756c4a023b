"""GET /users/{userId}: the owner sees their whole account; everyone else the public view."""

from __future__ import annotations

from kernel import http

from .. import store
from ..domain import UserNotFound
from ..views import OwnUser, PublicUser, documented, owner_view, public_view

router = http.router()


@router.get("/users/<userId>",
            responses=documented(200, "The owner's view to the owner, the public view to others", 401, 404,
                                 model=OwnUser | PublicUser))
def get_user(userId: str) -> object:  # noqa: N803 - the path parameter's name
    caller = http.optional_caller(router)
    user = store.get(userId)
    if user is None:
        raise UserNotFound()
    view = owner_view(user) if caller and caller.user_id == userId else public_view(user)
    return http.json_response(200, view)


handler = http.entrypoint(http.create_app("users", router))
