"""E-mail to users, for every context that mails (ticketing's letters, notifications' digests): the recipient's
address (Cognito: addresses never travel on the bus, nor sit in replicas) and one MIME message - text and HTML
parts, attachments, extra headers - sent through SES v2 with the platform's configuration set.

    address = outgoing_mail.address_of(user_id, username)  # None for an account that is gone
    outgoing_mail.send(address, subject, text, html, attachments=[("t.pdf", "application/pdf", data)],
                       headers={"List-Unsubscribe": "<https://...>"})
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from .aws import client

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
Attachment = tuple[str, str, bytes]  # (file name, content type, bytes)


def address_of(user_id: str, username: str | None = None) -> str | None:
    """The user's e-mail address; None for an account that is gone. With the user's username (the Cognito
    username, kept in the mailing context's replica of users) one AdminGetUser; without it a ListUsers filtered
    by `sub` - a category of far lower request quota, so a context mailing many users keeps the username."""
    if not UUID.match(user_id):  # it goes into a filter expression
        return None
    cognito, pool = client("cognito-idp"), os.environ["USER_POOL_ID"]
    if username:
        try:
            attributes = cognito.admin_get_user(UserPoolId=pool, Username=username)["UserAttributes"]
        except cognito.exceptions.UserNotFoundException:
            return None
    else:
        users = cognito.list_users(UserPoolId=pool, Filter=f'sub = "{user_id}"', Limit=1)["Users"]
        attributes = users[0]["Attributes"] if users else []
    found = {a["Name"]: a["Value"] for a in attributes}
    return found.get("email") if found.get("sub") == user_id else None  # a username taken again is not theirs


def message(to: str, subject: str, text: str, html: str, attachments: Iterable[Attachment] = (),
            headers: Mapping[str, str] | None = None) -> EmailMessage:
    """The MIME message: text and HTML alternatives, then each attachment; From the platform's address."""
    sender = os.environ["MAIL_FROM_ADDRESS"]
    mime = EmailMessage()
    mime["From"], mime["To"], mime["Subject"] = f"EvenToNight <{sender}>", to, subject
    mime["Date"], mime["Message-ID"] = formatdate(), make_msgid(domain=sender.rpartition("@")[2])
    for name, value in (headers or {}).items():
        mime[name] = value
    mime.set_content(text)
    mime.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        mime.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return mime


def send(to: str, subject: str, text: str, html: str, attachments: Iterable[Attachment] = (),
         headers: Mapping[str, str] | None = None) -> str:
    """One message to one recipient; SES's MessageId."""
    raw = message(to, subject, text, html, attachments, headers).as_bytes()
    return client("sesv2").send_email(
        FromEmailAddress=os.environ["MAIL_FROM_ADDRESS"], Destination={"ToAddresses": [to]},
        Content={"Raw": {"Data": raw}}, ConfigurationSetName=os.environ["MAIL_CONFIGURATION_SET"])["MessageId"]
