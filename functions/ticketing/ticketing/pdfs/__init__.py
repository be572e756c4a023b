"""Ticket PDFs: A4, one ticket per page, in the holder's language, each with a QR code of the ticket's
verification URL (`<public base URL>/verify/<ticketId>`, the SPA page the event's creator opens at the door).

Pure: no AWS. fpdf2 and segno are imported on first use (a cold start that serves no PDF does not pay for them).
Text uses the PDF core fonts (Windows-1252): a character they cannot show is written without its accent, or as
"?" when it has no such form.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.tickets import ACTIVE
from .locales import Words, words

APP_NAME = "EvenToNight"
QR_SIZE_MM = 63.5  # 180 pt, as the reference prints it
ENCODING = "windows-1252"
ZERO_DECIMAL = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
                "XAF", "XOF", "XPF"}
THREE_DECIMAL = {"BHD", "JOD", "KWD", "OMR", "TND"}


@dataclass(frozen=True)
class TicketSheet:
    """What one page shows. Dates as stored: the event's start a local date-time, the purchase an instant."""

    ticket_id: str
    event_id: str
    status: str
    ticket_type: str
    attendee_name: str
    price_amount: int  # minor units
    currency: str
    purchased_at: str
    event_title: str | None = None
    event_date: str | None = None
    event_timezone: str | None = None
    event_end: str | None = None  # local, in event_timezone
    venue: str | None = None


def verification_url(public_base_url: str, ticket_id: str) -> str:
    return f"{public_base_url.rstrip('/')}/verify/{ticket_id}"


def render(sheets: Sequence[TicketSheet], language: str | None, public_base_url: str) -> bytes:
    """One PDF with a page per ticket, in `language` (en when unknown)."""
    from fpdf import FPDF

    local = words(language)
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_creator(APP_NAME)
    pdf.set_title(printable(f"{APP_NAME} - {local.ticket}"))
    pdf.set_lang(local.code)
    pdf.set_auto_page_break(auto=False)
    for sheet in sheets:
        _page(pdf, sheet, local, verification_url(public_base_url, sheet.ticket_id))
    return bytes(pdf.output())


def _page(pdf: Any, sheet: TicketSheet, local: Words, url: str) -> None:
    from fpdf.enums import XPos, YPos

    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(width, 10, printable(f"{sheet.event_title or APP_NAME} - {local.ticket}"),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    rows = [(local.date, format_event_date(sheet.event_date, sheet.event_timezone, local, sheet.event_end)),
            (local.venue, sheet.venue),
            (local.ticket_type, sheet.ticket_type),
            (local.attendee, sheet.attendee_name),
            (local.price, format_money(sheet.price_amount, sheet.currency, local)),
            (local.purchased, format_instant(sheet.purchased_at, local)),
            (local.status, local.statuses.get(sheet.status, sheet.status)),
            (local.ticket_id, sheet.ticket_id),
            (local.event_id, sheet.event_id)]
    for label, value in rows:
        if not value:
            continue
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(45, 7, printable(label))
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(width - 45, 7, printable(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    top = pdf.get_y()
    pdf.image(qr_png(url), x=(pdf.w - QR_SIZE_MM) / 2, y=top, w=QR_SIZE_MM, h=QR_SIZE_MM)
    pdf.set_y(top + QR_SIZE_MM + 3)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(width, 6, printable(local.scan_hint), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(width, 5, printable(url), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if sheet.status != ACTIVE:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 14)
        pdf.set_text_color(180, 0, 0)
        pdf.cell(width, 8, printable(local.not_valid), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)


def qr_png(url: str) -> io.BytesIO:
    """The QR code of `url` as a PNG (segno writes PNG itself; 10 px per module, quiet zone included)."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=10, border=4)
    out.seek(0)
    return out


def printable(text: str) -> str:
    """`text` in what the core fonts can show: accents dropped where needed, anything else '?'."""
    shown = []
    for char in text:
        try:
            char.encode(ENCODING)
            shown.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            try:
                shown.append(base.encode(ENCODING).decode(ENCODING) if base else "?")
            except UnicodeEncodeError:
                shown.append("?")
    return "".join(shown)


def format_money(amount: int, currency: str, local: Words) -> str:
    code = currency.upper()
    digits = 0 if code in ZERO_DECIMAL else 3 if code in THREE_DECIMAL else 2
    if digits == 0:
        return f"{amount} {code}"
    whole, fraction = divmod(abs(amount), 10 ** digits)
    sign = "-" if amount < 0 else ""
    return f"{sign}{whole}{local.decimal_separator}{fraction:0{digits}d} {code}"


def _written(moment: datetime, local: Words) -> str:
    return local.date_format.format(day=moment.day, month=local.months[moment.month - 1], year=moment.year,
                                    time=moment.strftime("%H:%M"))


def format_event_date(value: str | None, timezone: str | None, local: Words, end: str | None = None) -> str | None:
    """The event's local span as written in the language - the start, and the end (its time alone on the same
    day) - with its time zone when known."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
        until = datetime.fromisoformat(end) if end else None
    except ValueError:
        return value
    text = _written(moment, local)
    if until is not None:
        text += " - " + (until.strftime("%H:%M") if until.date() == moment.date() else _written(until, local))
    return f"{text} ({timezone})" if timezone else text


def format_instant(value: str | None, local: Words) -> str | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return _written(moment, local) + " UTC"
