"""Posting a letter: the recipient's address and language, the event's title, the tickets as PDF for a
confirmation, then SES - once per (topic, recipient)."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from kernel import outgoing_mail, unsubscribe_links

from .. import holders, people, replicas, ticket_pdfs
from ..store import orders, tickets
from . import ledger, texts
from .rules import Letter

logger = Logger()


def post(letter: Letter | None) -> bool:
    """True when the letter went out now (not before, not to an account that is gone, not of a kind the user
    declined in their notification settings)."""
    if letter is None:
        return False
    to = people.addressee(letter.user_id)
    if to is not None and letter.kind in to.declined:
        logger.info("declined", extra={"userId": letter.user_id, "topic": letter.topic})
        return False
    address = outgoing_mail.address_of(letter.user_id, to.username) if to is not None else None
    if address is None:
        logger.info("no address: the account is gone", extra={"userId": letter.user_id, "topic": letter.topic})
        return False
    language = holders.language_of(letter.user_id)
    event = replicas.event(letter.facts["eventId"])
    # a letter the user may decline carries its stop link and RFC 8058 headers; essential ones none
    switchable = letter.kind in people.DECLINABLE
    link = unsubscribe_links.link(letter.user_id, str(letter.kind), language) if switchable else None
    headers = unsubscribe_links.headers(letter.user_id, str(letter.kind)) if switchable else None
    subject, text, html = texts.render(letter, language, event.title if event else None, link)
    attachments = []
    if letter.attach_tickets_of:
        order = orders.find(letter.attach_tickets_of)
        items = tickets.of_order(order) if order else []
        if items:
            attachments.append((f"tickets-{order.order_id}.pdf", "application/pdf",
                                ticket_pdfs.pdf_of(items, language)))
    return ledger.once(letter.topic, letter.user_id,
                       lambda: outgoing_mail.send(address, subject, text, html, attachments, headers))
