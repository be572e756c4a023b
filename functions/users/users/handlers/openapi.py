"""GET /users/openapi.json: the users API described from its handlers' models (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import (
    change_email,
    change_password,
    confirm_email_change,
    confirm_two_factor,
    delete_user,
    disable_two_factor,
    get_user,
    log_in_with_backup_code,
    log_in_with_code,
    login,
    logout,
    public_keys,
    refresh,
    register,
    request_password_reset,
    reset_avatar,
    reset_password,
    search_users,
    send_email_code,
    start_two_factor,
    update_user,
    verify_email,
)

ROUTERS = [register.router, login.router, refresh.router, logout.router, public_keys.router, search_users.router,
           get_user.router, update_user.router, change_password.router, delete_user.router, reset_avatar.router,
           send_email_code.router, verify_email.router, request_password_reset.router, reset_password.router,
           log_in_with_code.router, log_in_with_backup_code.router, start_two_factor.router, confirm_two_factor.router,
           disable_two_factor.router, change_email.router, confirm_email_change.router]

handler = http.entrypoint(http.create_app("users", *ROUTERS))
