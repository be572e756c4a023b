"""The messages the mailbox holds (MIME as sent, with the envelope), and delivering one to it."""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr
from typing import Any

DEFAULT_SENDER = "EvenToNight <no-reply@eventonight.local>"
Attachment = tuple[str, str, bytes]  # (file name, content type, bytes)


def address_of(value: str) -> str:
    """The bare, lower-case address of `Name <addr>` or `addr`."""
    return parseaddr(value)[1].strip().lower()


@dataclass(frozen=True)
class Mail:
    id: str
    sender: str
    recipients: tuple[str, ...]  # the envelope's bare addresses, lower-case (Bcc included)
    raw: str  # the MIME message as sent
    received_at: float  # seconds since the epoch
    seq: int = 0  # arrival order, for messages received in the same instant

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "sender": self.sender, "recipients": list(self.recipients), "raw": self.raw,
                "receivedAt": self.received_at}

    @classmethod
    def from_record(cls, record: dict[str, Any], seq: int) -> Mail:
        return cls(record["id"], record["sender"], tuple(record["recipients"]), record["raw"],
                   record["receivedAt"], seq)

    def parsed(self) -> EmailMessage:
        return message_from_string(self.raw, policy=policy.default)  # type: ignore[return-value]

    def summary(self) -> dict[str, Any]:
        message = self.parsed()
        return {"id": self.id, "from": str(message.get("From", self.sender)), "to": list(self.recipients),
                "subject": str(message.get("Subject", "")), "receivedAt": _iso(self.received_at),
                "attachments": sum(1 for _ in _attachments(message))}

    def details(self) -> dict[str, Any]:
        message = self.parsed()
        attachments = [{"index": i, "filename": part.get_filename() or f"attachment-{i}",
                        "contentType": part.get_content_type(), "size": len(part.get_payload(decode=True) or b"")}
                       for i, part in enumerate(_attachments(message))]
        return {**self.summary(), "headers": {k: str(v) for k, v in message.items()},
                "text": _body(message, "plain"), "html": _body(message, "html"), "attachments": attachments}

    def attachment(self, index: int) -> Attachment | None:
        for i, part in enumerate(_attachments(self.parsed())):
            if i == index:
                return (part.get_filename() or f"attachment-{i}", part.get_content_type(),
                        part.get_payload(decode=True) or b"")
        return None


def _attachments(message: EmailMessage) -> Iterable[EmailMessage]:
    return message.iter_attachments() if message.is_multipart() else ()


def _body(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else None  # type: ignore[union-attr]


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds * 1000) % 1000:03d}Z"


class Mailbox:
    """Every message delivered, by id. `on_change` (the journal, `durable/mail.py`) hears of each change."""

    def __init__(self) -> None:
        self._messages: dict[str, Mail] = {}
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self.on_change: Callable[[list[Any]], None] | None = None

    def add(self, mail: Mail) -> None:
        with self._lock:
            self._messages[mail.id] = mail
        if self.on_change:
            self.on_change(["mail.message", mail.record()])

    def messages(self, to: str | None = None) -> list[Mail]:
        """Newest first; only those addressed to `to` (any case, `Name <addr>` or the bare address) if given."""
        wanted = address_of(to) if to else None
        with self._lock:
            found = [m for m in self._messages.values() if wanted is None or wanted in m.recipients]
        return sorted(found, key=lambda m: (m.received_at, m.seq), reverse=True)

    def get(self, message_id: str) -> Mail | None:
        with self._lock:
            return self._messages.get(message_id)

    def delete_for(self, to: str) -> int:
        """Delete every message addressed to `to`; how many there were."""
        ids = [m.id for m in self.messages(to)]
        self.remove(ids)
        return len(ids)

    def remove(self, ids: list[str]) -> None:
        with self._lock:
            for message_id in ids:
                self._messages.pop(message_id, None)
        if ids and self.on_change:
            self.on_change(["mail.delete", ids])

    def restore(self, record: dict[str, Any]) -> None:
        """Put back a journalled or snapshotted message (no change to journal)."""
        with self._lock:
            self._messages[record["id"]] = Mail.from_record(record, next(self._seq))

    def records(self) -> list[dict[str, Any]]:
        with self._lock:
            return [m.record() for m in self._messages.values()]

    def new_mail(self, sender: str, recipients: Iterable[str], raw: str, message_id: str | None = None) -> Mail:
        return Mail(message_id or str(uuid.uuid4()), sender, tuple(dict.fromkeys(address_of(r) for r in recipients)),
                    raw, time.time(), next(self._seq))


MAILBOX = Mailbox()


def compose(*, sender: str, to: str | Iterable[str], subject: str, text: str | None = None, html: str | None = None,
            attachments: Iterable[Attachment] = ()) -> EmailMessage:
    """A MIME message: text and/or HTML alternatives, then the attachments."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to if isinstance(to, str) else ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="eventonight.local")
    message.set_content(text if text is not None else "")
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    return message


def recipients_of(raw: str) -> list[str]:
    message = message_from_string(raw, policy=policy.default)
    return [address for _, address in getaddresses(message.get_all("To", []) + message.get_all("Cc", [])
                                                   + message.get_all("Bcc", [])) if address]


def deliver_raw(sender: str, recipients: Iterable[str], raw: str, message_id: str | None = None) -> str:
    """File a MIME message for `recipients` (its To/Cc/Bcc when empty); the caller holds the moto lock inside a
    request (SES's hooks: the request's end journals it) or not (then it is journalled here)."""
    recipients = list(recipients) or recipients_of(raw)
    mail = MAILBOX.new_mail(sender, recipients, raw, message_id)
    _durably(lambda: MAILBOX.add(mail))
    return mail.id


def deliver_email(*, to: str | Iterable[str], subject: str, text: str | None = None, html: str | None = None,
                  sender: str | None = None, attachments: Iterable[Attachment] = ()) -> str:
    """Deliver a message as SES would (for what the embedded cloud sends itself, e.g. Cognito's codes); its id."""
    sender = sender or DEFAULT_SENDER
    message = compose(sender=sender, to=to, subject=subject, text=text, html=html, attachments=attachments)
    return deliver_raw(sender, [to] if isinstance(to, str) else list(to), message.as_string())


def _durably(change: Callable[[], None]) -> None:
    """Make the change; journal it now unless a moto request of this thread will (it holds the lock)."""
    from .. import durable, moto_server

    if moto_server.holds_lock():
        change()
        return
    with moto_server.backend_lock():
        change()
        ticket = durable.commit()
    durable.sync(ticket)


def remove_durably(ids: list[str]) -> None:
    _durably(lambda: MAILBOX.remove(ids))
