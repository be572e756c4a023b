"""The local mailbox: every e-mail the embedded cloud's SES sends lands here instead of leaving the machine, to be
read on a page and through a JSON API (like MailHog or Mailpit), served on its own loopback port (`web.py`).

SES's sending actions (v1 SendEmail/SendRawEmail/SendTemplatedEmail, v2 SendEmail with Simple, Raw or Template
content) deliver through `moto_fixes.ses_mailbox`. Code of the embedded cloud that sends mail as SES would without
an SES request (Cognito's verification and reset codes) calls the one entry point:

    from embedded_cloud.mailbox import deliver_email
    deliver_email(to="ann@example.com", subject="Your code", text="123456", html="<p>123456</p>")

It returns the message id. The mailbox is durable like moto's data: each message is journalled and kept in the
snapshot (`durable/mail.py`), so it survives a restart of `eventonight up --data-dir ...`.
"""

from __future__ import annotations

from .store import MAILBOX, Mail, Mailbox, compose, deliver_email, deliver_raw

__all__ = ["MAILBOX", "Mail", "Mailbox", "compose", "deliver_email", "deliver_raw"]
