"""Daily: yesterday's digest (digests.py) to each user who opted in, in their language, with a stop link
per type (and RFC 8058's one-click headers). 'Now' is the schedule's time, so a test names the day it stands for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from kernel import outgoing_mail
from kernel.events import now_iso

from .. import consent, digest_texts, digests, inbox, languages, unsubscribe_links

logger = Logger()


def _now(event: dict[str, Any]) -> datetime:
    stamp = (event or {}).get("time")
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if stamp else datetime.now(UTC)


def _news(user_id: str, line: digests.Line) -> bool:
    """Still worth telling: a chat message whose notification was read (or deleted) since is not."""
    if line.type not in digests.STILL_UNREAD:
        return True
    note = inbox.find(user_id, line.note_id)
    return note is not None and not note.read


def _send(day: str, user_id: str, entries: list[digests.Line]) -> bool:
    wanted = [(line.type, line.metadata) for line in entries
              if consent.may_email(user_id, line.type) and _news(user_id, line)]  # an opt-out since counts
    mailable, username = languages.mail_username(user_id)
    address = outgoing_mail.address_of(user_id, username) if wanted and mailable else None
    if address is None or not digests.mark_sent(day, user_id, now_iso()):
        return False
    language = languages.language_of(user_id)
    types = list(dict.fromkeys(t for t, _ in wanted))
    subject, text, html = digest_texts.render(
        language, wanted, {t: unsubscribe_links.link(user_id, t, language) for t in types})
    try:
        outgoing_mail.send(address, subject, text, html, headers=unsubscribe_links.headers(user_id, types[0]))
    except Exception:
        digests.unmark(day, user_id)  # the next run (or a retry) sends it
        raise
    return True


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    day = (_now(event) - timedelta(days=1)).strftime("%Y-%m-%d")
    sent = sum(_send(day, user_id, entries) for user_id, entries in digests.of_day(day))
    logger.info("digests", extra={"day": day, "sent": sent})
    return {"day": day, "sent": sent}
