"""The embedded cloud's local mailbox (what SES sent), read through its JSON API: `platform.mailbox`.

    mail = platform.mailbox.wait_for(to=user.email, subject_contains="Order")   # the newest matching message
    pdf = platform.mailbox.attachment(mail["id"], 0)
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .http import call
from .polling import eventually


class Mailbox:
    def __init__(self, url: str) -> None:
        self.url = url

    def _get(self, path: str) -> Any:
        status, _, raw = call(self.url, "GET", path)
        assert status == 200, (path, status, raw)
        return raw

    def messages(self, to: str) -> list[dict[str, Any]]:
        """Summaries (id, from, to, subject, receivedAt, attachments: count), newest first."""
        return json.loads(self._get(f"/api/messages?to={quote(to)}"))["messages"]

    def message(self, message_id: str) -> dict[str, Any]:
        """A summary plus headers, text, html and attachments [{index, filename, contentType, size}]."""
        return json.loads(self._get(f"/api/messages/{quote(message_id)}"))

    def attachment(self, message_id: str, index: int) -> bytes:
        return self._get(f"/api/messages/{quote(message_id)}/attachments/{index}")

    def delete(self, to: str) -> int:
        status, _, raw = call(self.url, "DELETE", f"/api/messages?to={quote(to)}")
        assert status == 200, raw
        return json.loads(raw)["deleted"]

    def matching(self, to: str, subject_contains: str = "") -> list[dict[str, Any]]:
        return [m for m in self.messages(to) if subject_contains in m["subject"]]

    def wait_for(self, to: str, subject_contains: str = "", count: int = 1, timeout: float = 30.0) -> dict[str, Any]:
        """The newest message to `to` whose subject contains `subject_contains` (with details), once `count` such
        messages have arrived."""
        found = eventually(lambda: (m := self.matching(to, subject_contains)) and len(m) >= count and m,
                           timeout=timeout, what=f"{count} message(s) to {to} with {subject_contains!r} in the subject")
        return self.message(found[0]["id"])
