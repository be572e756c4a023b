"""SES and Cognito for the e-mail channel: the recipient's address (Cognito, by the user's `sub`: addresses never
travel on the bus) and one MIME message sent with the platform's configuration set."""

from __future__ import annotations

import os
import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from kernel.aws import client

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def address_of(user_id: str) -> str | None:
    """The user's e-mail address; None for an account that is gone."""
    if not UUID.match(user_id):  # it goes into a filter expression
        return None
    users = client("cognito-idp").list_users(UserPoolId=os.environ["USER_POOL_ID"], Filter=f'sub = "{user_id}"',
                                             Limit=1)["Users"]
    return {a["Name"]: a["Value"] for a in users[0]["Attributes"]}.get("email") if users else None


def send(to: str, subject: str, text: str, html: str, headers: dict[str, str] | None = None) -> str:
    sender = os.environ["MAIL_FROM_ADDRESS"]
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = f"EvenToNight <{sender}>", to, subject
    message["Date"], message["Message-ID"] = formatdate(), make_msgid(domain=sender.rpartition("@")[2])
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return client("sesv2").send_email(
        FromEmailAddress=sender, Destination={"ToAddresses": [to]}, Content={"Raw": {"Data": message.as_bytes()}},
        ConfigurationSetName=os.environ["MAIL_CONFIGURATION_SET"])["MessageId"]
