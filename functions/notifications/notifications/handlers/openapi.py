"""GET /notifications/openapi.json: the notifications HTTP API described from its handlers (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import (
    delete_notification,
    delete_notifications,
    get_preferences,
    is_online,
    list_notifications,
    mark_all_read,
    mark_read,
    replace_preferences,
    unread_count,
    unsubscribe,
)

ROUTERS = [list_notifications.router, unread_count.router, mark_all_read.router, mark_read.router, is_online.router,
           delete_notification.router, delete_notifications.router, get_preferences.router,
           replace_preferences.router, unsubscribe.router]

handler = http.entrypoint(http.create_app("notifications", *ROUTERS))
