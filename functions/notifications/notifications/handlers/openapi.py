"""GET /notifications/openapi.json: the notifications HTTP API described from its handlers (OpenAPI 3.1)."""

from __future__ import annotations

from kernel import http

from . import is_online, list_notifications, mark_all_read, mark_read, unread_count

ROUTERS = [list_notifications.router, unread_count.router, mark_all_read.router, mark_read.router, is_online.router]

handler = http.entrypoint(http.create_app("notifications", *ROUTERS))
