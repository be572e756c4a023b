"""Tickets as PDF responses: the holder's language (a `language` query parameter, else the holder's
account language from user.*, else English) and what ticketing knows of the event."""

from __future__ import annotations

import os
from collections.abc import Sequence

from aws_lambda_powertools.event_handler import Response
from kernel.errors import FieldError, ValidationFailed

from . import holders, replicas
from .domain import Ticket
from .pdfs.locales import LANGUAGES


def language(query: dict[str, str] | None, holder_id: str) -> str:
    asked = (query or {}).get("language")
    if asked is None:
        return holders.language_of(holder_id)
    if asked not in LANGUAGES:
        raise ValidationFailed("Unknown language", [FieldError("language", f"must be one of {', '.join(LANGUAGES)}")])
    return asked


def pdf_response(items: Sequence[Ticket], lang: str, filename: str) -> Response:
    return Response(status_code=200, content_type="application/pdf", body=pdf_of(items, lang),
                    headers={"Content-Disposition": f'inline; filename="{filename}"', "Content-Language": lang,
                             "Cache-Control": "no-store"})


def pdf_of(items: Sequence[Ticket], lang: str) -> bytes:
    """One PDF with a page per ticket (the responses, the confirmation e-mail's attachment)."""
    from .pdfs import TicketSheet, render  # fpdf2 and segno: only the PDF functions load them

    events = {event_id: replicas.event(event_id) for event_id in {t.event_id for t in items}}
    sheets = []
    for ticket in items:
        event = events[ticket.event_id]
        sheets.append(TicketSheet(
            ticket_id=ticket.ticket_id, event_id=ticket.event_id, status=ticket.status, ticket_type=ticket.kind,
            attendee_name=ticket.attendee_name, price_amount=ticket.price.amount,
            currency=ticket.price.currency, purchased_at=ticket.purchase_date,
            event_title=event.title if event else None, event_date=event.date if event else None,
            event_timezone=event.timezone if event else None, event_end=event.end_date if event else None))
    return render(sheets, lang, os.environ["PUBLIC_BASE_URL"])
