"""The users context's queue: a published avatar (media) becomes the user's avatar (`user.updated`); a new
language (its own `user.language.changed`) becomes the Cognito account's `locale`, the language of the code
e-mails Cognito sends.

Only URLs of our own media (under MEDIA_BASE_URL) are taken. A user deleted in the meantime has no avatar to
set; a redelivery of an avatar already set changes nothing, and an avatar told after a newer one (or after a
reset) is not taken. The locale is the profile's language when the message is handled, not the message's, read
again after the write: a redelivery writes the same value again, and changes told out of order, or handled at
once, still leave the newest.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from kernel import consumer

from .. import avatars, identity, store
from ..domain import UserNotFound

logger = Logger()
LANGUAGE_ATTEMPTS = 5  # writes to Cognito, each checked by a read of the profile after it


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
    """The profile's language to the Cognito account. Cognito takes no condition, and two changes handled at
    once could leave the older language written last (each worker read the profile before the other wrote): so
    the profile is read again after the write, and written again while it holds another language. Whichever
    write comes last, its worker's read after it sees the newest language (a change after that read is a
    message of its own, read and written later still)."""
    written: str | None = None
    for _ in range(LANGUAGE_ATTEMPTS):
        user = store.get(event["payload"]["id"])
        if user is None:  # deleted meanwhile: its Cognito account goes with it
            return
        if user.language == written:  # read after the write: the account holds the profile's language
            return
        if not identity.set_language(user.username, user.language):
            logger.info("no Cognito account for the language", extra={"userId": user.id})
            return
        written = user.language
    raise RuntimeError("the language kept changing while it was given to Cognito: the message comes back")


handler = consumer.entrypoint({"media.avatar.updated": on_avatar_updated,
                               "user.language.changed": on_language_changed})
