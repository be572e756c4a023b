"""GET /chat/users/{userId}/conversations/search?name=&recipientId=&limit=&cursor=: the caller's conversations
whose partner's name contains `name` (any case or accent) and whose id starts with `recipientId`, newest first.

When the caller's matching conversations are all on the first page and it is not full, it is topped up with
suggestions: users of the opposite role (members see organizations, organizations see members) with a word of
their name starting with `name`, that the caller has no conversation with yet, as items with `id: null`
(reference §6).

Cost: the conversations are one Query of the caller's own list with a filter (it reads their conversations, at
most, never anyone else's); the suggestions one Query of the name index (partition = role, sort key = the name
from each of its first words on), which reads what it returns plus the caller's partners it skips, and
BatchGetItems of their replicas and of their pairs with the caller (a partner whose new name the caller's
conversations do not show yet is no suggestion either). Each user costs up to six index items, rewritten when
their name changes.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from kernel import http
from kernel.errors import FieldError, ValidationFailed
from kernel.responses import Page

from .. import conversations, users
from ..domain import opposite_role
from ..store import RECENT_INDEX_KEY, recent_partition
from ..views import ConversationView, Cursor, Limit, conversation_view, documented, page, page_request, suggestion_view

router = http.router()


@router.get("/chat/users/<userId>/conversations/search", security=http.AUTHENTICATED,
            responses=documented(200, "A page of conversations, then suggestions", 400, 401, 403,
                                 model=Page[ConversationView]))
def search_conversations(
    userId: str,  # noqa: N803
    name: Annotated[str | None, Query(description="part of the partner's name, any case")] = None,
    recipientId: Annotated[str | None, Query(description="start of the partner's id")] = None,  # noqa: N803
    limit: Limit = None,
    cursor: Cursor = None,
) -> object:
    caller = http.caller(router)
    caller.require_self(userId)
    name, prefix = (name or "").strip() or None, (recipientId or "").strip().lower() or None
    errors = [FieldError(field, "at most 100 characters") for field, value in (("name", name), ("recipientId", prefix))
              if value and len(value) > 100]
    if errors:
        raise ValidationFailed("Bad search", errors)
    request = page_request(router, RECENT_INDEX_KEY, recent_partition(userId))
    sides, last_key = conversations.recent_page(userId, request.limit, request.start_key, name, prefix)
    replicas = users.replicas([userId, *(side.partnerId for side in sides)])
    items = [conversation_view(side, replicas) for side in sides]
    role = opposite_role(caller.role)
    if request.start_key is None and last_key is None and len(items) < request.limit and role:
        skip = {userId, *(side.partnerId for side in sides)}
        wanted = request.limit - len(items)
        found = users.suggestions(userId, role, name, prefix, wanted, skip)
        items += [suggestion_view(user, userId, replicas) for user in found]
    return http.json_response(200, page(items, last_key))


handler = http.entrypoint(http.create_app("chat", router))
