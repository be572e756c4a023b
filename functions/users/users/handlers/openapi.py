"""GET /users/openapi.json: the users API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import (
    change_password,
    delete_user,
    get_user,
    login,
    logout,
    public_keys,
    refresh,
    register,
    reset_avatar,
    search_users,
    update_user,
)

ROUTERS = [register.router, login.router, refresh.router, logout.router, public_keys.router, search_users.router,
           get_user.router, update_user.router, change_password.router, delete_user.router, reset_avatar.router]

handler = http.entrypoint(http.create_app("users", *ROUTERS))
