"""The users context's queue: a published avatar (media) becomes the user's avatar (`user.updated`); a new
language (its own `user.language.changed`) becomes the Cognito account's `locale`, the language of the code
e-mails Cognito sends.

Only URLs of our own media (under MEDIA_BASE_URL) are taken. A user deleted in the meantime has no avatar to
set; a redelivery of an avatar already set changes nothing, and an avatar told after a newer one (or after a
reset) is not taken. The locale is the profile's language when the message is handled, not the message's: a
redelivery writes the same value again, and changes told out of order still leave the newest.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from kernel import consumer

from .. import avatars, identity, store
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


def on_language_changed(event: dict[str, Any]) -> None:
    user = store.get(event["payload"]["id"])
    if user is None:  # deleted meanwhile: its Cognito account goes with it
        return
    if not identity.set_language(user.username, user.language):
        logger.info("no Cognito account for the language", extra={"userId": user.id})


handler = consumer.entrypoint({"media.avatar.updated": on_avatar_updated,
                               "user.language.changed": on_language_changed})
