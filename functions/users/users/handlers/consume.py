"""The users context's queue for media events: a published avatar becomes the user's avatar (`user.updated`).

Only URLs of our own media (under MEDIA_BASE_URL) are taken. A user deleted in the meantime has no avatar to
set; a redelivery of an avatar already set changes nothing, and an avatar told after a newer one (or after a
reset) is not taken.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from kernel import consumer

from .. import avatars, store
from ..domain import UserNotFound

logger = Logger()


def on_avatar_updated(event: dict[str, Any]) -> None:
    user_id, url = event["payload"]["userId"], event["payload"]["url"]
    if not avatars.is_our_media(url):
        logger.warning("avatar outside our media ignored", extra={"userId": user_id})
        return
    try:
        # told again, or after a newer choice: no change, no event
        store.change(user_id, lambda user: user.change_avatar(url, event["occurredAt"]))
    except UserNotFound:  # deleted meanwhile: no avatar to set
        return


handler = consumer.entrypoint({"media.avatar.updated": on_avatar_updated})
