"""The local mailbox: what SES sends on the embedded cloud is listed on a page and through a JSON API (that it is
kept across restarts: test_restart.py, which restarts a cloud for it and for the rest of the state at once)."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

from support.cloud import RunningCloud
from support.http import call
from support.mailbox import Mailbox

SENDER = "no-reply@eventonight.local"
PDF = b"%PDF-1.4 a ticket"


def _ses(cloud: RunningCloud):
    sesv2 = cloud.client("sesv2")
    sesv2.create_email_identity(EmailIdentity="eventonight.local")
    return sesv2


def _send(sesv2, to: str, subject: str, attachments: list | None = None) -> str:
    simple = {"Subject": {"Data": subject}, "Body": {"Text": {"Data": f"text of {subject}"},
                                                     "Html": {"Data": f"<p>html of {subject}</p>"}}}
    if attachments:
        simple["Attachments"] = attachments
    return sesv2.send_email(FromEmailAddress=SENDER, Destination={"ToAddresses": [to]},
                            Content={"Simple": simple})["MessageId"]


def test_what_ses_sends_is_listed_newest_first_with_its_parts_and_attachments(sample_cloud: RunningCloud) -> None:
    sesv2, mailbox = _ses(sample_cloud), Mailbox(sample_cloud.mailbox_url)
    first = _send(sesv2, "Ann <ann.parts@example.com>", "First")
    second = _send(sesv2, "ann.parts@example.com", "Second",
                   [{"FileName": "ticket.pdf", "ContentType": "application/pdf", "RawContent": PDF}])
    _send(sesv2, "bob.parts@example.com", "Not Ann's")

    listed = mailbox.messages("ANN.PARTS@example.com")
    assert [m["id"] for m in listed] == [second, first]  # SES's MessageId; newest first; only Ann's
    assert [m["subject"] for m in listed] == ["Second", "First"]
    assert listed[0]["to"] == ["ann.parts@example.com"] and listed[0]["attachments"] == 1

    message = mailbox.message(second)
    assert message["from"] == SENDER
    assert message["text"].strip() == "text of Second" and message["html"].strip() == "<p>html of Second</p>"
    assert message["attachments"] == [{"index": 0, "filename": "ticket.pdf", "contentType": "application/pdf",
                                       "size": len(PDF)}]
    assert mailbox.attachment(second, 0) == PDF


def test_raw_and_v1_messages_arrive_too(sample_cloud: RunningCloud) -> None:
    sesv2, mailbox = _ses(sample_cloud), Mailbox(sample_cloud.mailbox_url)
    raw = (f"From: {SENDER}\r\nTo: carl.raw@example.com\r\nSubject: Raw one\r\nContent-Type: text/plain\r\n\r\n"
           "raw body\r\n")
    raw_id = sesv2.send_email(FromEmailAddress=SENDER, Destination={"ToAddresses": ["carl.raw@example.com"]},
                              Content={"Raw": {"Data": raw.encode()}})["MessageId"]
    v1_id = sample_cloud.client("ses").send_email(
        Source=SENDER, Destination={"ToAddresses": ["carl.raw@example.com"]},
        Message={"Subject": {"Data": "Version one"}, "Body": {"Text": {"Data": "v1 body"}}})["MessageId"]

    assert [m["id"] for m in mailbox.messages("carl.raw@example.com")] == [v1_id, raw_id]
    assert mailbox.message(raw_id)["text"].strip() == "raw body"
    assert mailbox.message(v1_id)["text"].strip() == "v1 body"


def test_the_page_shows_messages_and_their_html_part_is_sandboxed(sample_cloud: RunningCloud) -> None:
    sesv2 = _ses(sample_cloud)
    message_id = _send(sesv2, "dora.page@example.com", "Page <b>check</b>")

    status, headers, page = call(sample_cloud.mailbox_url, "GET", "/?to=dora.page@example.com")
    assert status == 200 and "Page &lt;b&gt;check&lt;/b&gt;" in page.decode()  # escaped, never markup
    status, _, detail = call(sample_cloud.mailbox_url, "GET", f"/messages/{quote(message_id)}")
    assert status == 200 and "text of Page &lt;b&gt;check&lt;/b&gt;" in detail.decode()
    status, headers, part = call(sample_cloud.mailbox_url, "GET", f"/api/messages/{quote(message_id)}/html")
    assert status == 200 and part.decode().strip() == "<p>html of Page <b>check</b></p>"
    assert headers["Content-Security-Policy"].startswith("sandbox;")


def test_deleting_one_recipients_mail_leaves_the_others(sample_cloud: RunningCloud) -> None:
    sesv2, mailbox = _ses(sample_cloud), Mailbox(sample_cloud.mailbox_url)
    _send(sesv2, "eve.delete@example.com", "One")
    _send(sesv2, "eve.delete@example.com", "Two")
    kept = _send(sesv2, "fay.delete@example.com", "Kept")

    assert mailbox.delete("Eve.Delete@example.com") == 2
    assert mailbox.messages("eve.delete@example.com") == []
    assert [m["id"] for m in mailbox.messages("fay.delete@example.com")] == [kept]
    status, _, _ = call(sample_cloud.mailbox_url, "DELETE", "/api/messages")
    assert status == 400  # never everyone's
    assert mailbox.messages("fay.delete@example.com")
    assert call(sample_cloud.mailbox_url, "GET", "/api/messages/no-such-id")[0] == 404
    assert call(sample_cloud.mailbox_url, "GET", f"/api/messages/{quote(kept)}/attachments/0")[0] == 404


def test_the_banner_links_the_mailbox() -> None:
    from embedded_cloud.cli import banner

    cloud = SimpleNamespace(http_url="http://127.0.0.1:3000", websocket_url="ws://127.0.0.1:3001",
                            aws_url="http://127.0.0.1:4566", stripe_url="http://127.0.0.1:12111",
                            mailbox_url="http://127.0.0.1:8025")
    assert "Mailbox            http://127.0.0.1:8025/" in banner(cloud, 1.0)
