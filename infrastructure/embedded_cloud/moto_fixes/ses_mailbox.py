"""SES delivers to the local mailbox (`embedded_cloud.mailbox`) instead of only counting what it sent.

moto keeps sent messages in `SESBackend.sent_messages`, in shapes that lose parts: SendEmail keeps the HTML body or
the text one, and SES v2's SendEmail with Simple content drops the other part and any attachment. Here every sending
action that moto accepted (its checks - verified sender, valid addresses, recipient limit - unchanged) also files
the message as MIME in the mailbox, under the MessageId SES answers; v2 Simple content is turned into the MIME
message SES would send (both parts, the attachments) and sent as raw.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from moto.ses.models import SESBackend
from moto.sesv2.responses import SESV2Response

from ..mailbox import compose, deliver_raw
from .replacements import Replacements


def _all(destinations: dict[str, list[str]]) -> list[str]:
    return [a for key in ("ToAddresses", "CcAddresses", "BccAddresses") for a in destinations.get(key) or []]


def send_email_to_mailbox(self: SESBackend, source: str, subject: str, body: str,
                          destinations: dict[str, list[str]]) -> Any:
    message = replaced.originals["SESBackend.send_email"](self, source, subject, body, destinations)
    html = body if body.lstrip().startswith("<") else None
    mime = compose(sender=source, to=destinations.get("ToAddresses") or [], subject=subject,
                   text=None if html else body, html=html)
    deliver_raw(source, _all(destinations), mime.as_string(), message.id)
    return message


def send_raw_email_to_mailbox(self: SESBackend, source: str, destinations: list[str], raw_data: str) -> Any:
    message = replaced.originals["SESBackend.send_raw_email"](self, source, destinations, raw_data)
    deliver_raw(message.source, message.destinations, raw_data, message.id)
    return message


def send_templated_email_to_mailbox(self: SESBackend, source: str, template: str, template_data: str,
                                    destinations: dict[str, list[str]]) -> Any:
    message = replaced.originals["SESBackend.send_templated_email"](self, source, template, template_data,
                                                                    destinations)
    rendered = self.render_template({"name": template, "data": template_data})
    deliver_raw(source, _all(destinations), rendered, message.id)
    return message


def v2_send_email(self: SESV2Response) -> str:
    params = json.loads(self.body)
    simple = (params.get("Content") or {}).get("Simple")
    if simple is None:
        return replaced.originals["SESV2Response.send_email"](self)
    body = simple.get("Body") or {}
    attachments = [(a.get("FileName", "attachment"), a.get("ContentType", "application/octet-stream"),
                    base64.b64decode(a["RawContent"])) for a in simple.get("Attachments") or []]
    destination = params.get("Destination") or {}
    mime = compose(sender=params.get("FromEmailAddress"), to=destination.get("ToAddresses") or [],
                   subject=(simple.get("Subject") or {}).get("Data", ""),
                   text=(body.get("Text") or {}).get("Data"), html=(body.get("Html") or {}).get("Data"),
                   attachments=attachments)
    message = self.sesv2_backend.send_raw_email(source=params.get("FromEmailAddress"),
                                                destinations=_all(destination), raw_data=mime.as_string())
    return json.dumps({"MessageId": message.id})


replaced = Replacements((SESBackend, "send_email", send_email_to_mailbox),
                        (SESBackend, "send_raw_email", send_raw_email_to_mailbox),
                        (SESBackend, "send_templated_email", send_templated_email_to_mailbox),
                        (SESV2Response, "send_email", v2_send_email))
install, uninstall = replaced.install, replaced.uninstall
