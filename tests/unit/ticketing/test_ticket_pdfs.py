"""Ticket PDFs rendered without AWS: pages, localized words, and a QR code that decodes to the verification URL."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from pypdf import PdfReader
from ticketing.pdfs import TicketSheet, format_money, printable, render, verification_url
from ticketing.pdfs.locales import LANGUAGES

BASE = "https://eventonight.example"


def sheet(n: int = 1, **changes: object) -> TicketSheet:
    values: dict = dict(ticket_id=f"ticket_00000000-0000-4000-8000-00000000000{n}",
                        event_id="c6a1f0d2-8e4b-4f3a-b5c7-9d0e1f2a3b4c", status="ACTIVE", ticket_type="VIP",
                        attendee_name="Ada Lovelace", price_amount=3050, currency="USD",
                        purchased_at="2026-11-20T18:30:00Z", event_title="Jazz at the Blue Note",
                        event_date="2026-12-15T20:00:00", event_timezone="Europe/Rome", venue="Blue Note, Milano")
    values.update(changes)
    return TicketSheet(**values)


def qr_codes(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [code.text for image in page.images for code in zxingcpp.read_barcodes(image.image)
            if code.format == zxingcpp.BarcodeFormat.QRCode]


def test_a_ticket_page_shows_the_ticket_and_a_qr_code_of_its_verification_url() -> None:
    reader = PdfReader(io.BytesIO(render([sheet()], "en", BASE)))

    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("Jazz at the Blue Note - Ticket", "ticket_00000000-0000-4000-8000-000000000001",
                     "c6a1f0d2-8e4b-4f3a-b5c7-9d0e1f2a3b4c", "Ada Lovelace", "VIP", "Blue Note, Milano",
                     "December 15, 2026, 20:00 (Europe/Rome)", "30.50 USD", "November 20, 2026, 18:30 UTC"):
        assert expected in text
    assert "not valid" not in text
    assert qr_codes(reader.pages[0]) == [f"{BASE}/verify/ticket_00000000-0000-4000-8000-000000000001"]


def test_several_tickets_are_one_page_each_each_with_its_own_qr_code() -> None:
    reader = PdfReader(io.BytesIO(render([sheet(1), sheet(2), sheet(3)], "en", BASE + "/")))

    assert len(reader.pages) == 3
    assert [qr_codes(page) for page in reader.pages] == [
        [verification_url(BASE, f"ticket_00000000-0000-4000-8000-00000000000{n}")] for n in (1, 2, 3)]


@pytest.mark.parametrize(("language", "heading", "words"), [
    ("en", "Ticket", ["Attendee", "Price", "30.50 USD", "December 15, 2026"]),
    ("it", "Biglietto", ["Partecipante", "Prezzo", "30,50 USD", "15 dicembre 2026", "Mostra questo codice"]),
    ("de", "Ticket", ["Teilnehmer", "Preis", "30,50 USD", "15. Dezember 2026", "Gültig"]),
    ("es", "Entrada", ["Asistente", "Precio", "30,50 USD", "15 de diciembre de 2026", "Válida"]),
    ("fr", "Billet", ["Participant", "Prix", "30,50 USD", "15 décembre 2026", "Présentez ce code à l'entrée."]),
])
def test_the_page_is_in_the_holders_language(language: str, heading: str, words: list[str]) -> None:
    reader = PdfReader(io.BytesIO(render([sheet()], language, BASE)))

    text = reader.pages[0].extract_text()
    assert f"Jazz at the Blue Note - {heading}" in text
    for word in words:
        assert word in text
    assert reader.metadata is not None


def test_an_unknown_language_is_english() -> None:
    text = PdfReader(io.BytesIO(render([sheet()], "pt", BASE))).pages[0].extract_text()
    assert "Attendee" in text


def test_every_language_names_every_ticket_status() -> None:
    statuses = {"ACTIVE", "USED", "REFUNDED", "CANCELLED", "PENDING_PAYMENT", "PAYMENT_FAILED"}
    for words in LANGUAGES.values():
        assert set(words.statuses) == statuses
        assert len(words.months) == 12


def test_a_ticket_that_would_not_pass_the_door_says_so() -> None:
    text = PdfReader(io.BytesIO(render([sheet(status="REFUNDED")], "it", BASE))).pages[0].extract_text()
    assert "Rimborsato" in text
    assert "non è valido" in text


def test_without_a_title_the_heading_names_the_platform_and_unknown_details_are_left_out() -> None:
    bare = sheet(event_title=None, event_date=None, event_timezone=None, venue=None)
    text = PdfReader(io.BytesIO(render([bare], "en", BASE))).pages[0].extract_text()
    assert "EvenToNight - Ticket" in text
    assert "Venue" not in text and "Date" not in text.replace("Purchased", "")


def test_text_the_core_fonts_cannot_show_loses_only_what_it_must() -> None:
    assert printable("Café Ünïcode €") == "Café Ünïcode €"
    assert printable("Łódź ☃ night") == "?ódz ? night"  # ź loses its accent; Ł and ☃ have no plain form
    title = "Noite do Łódź 🎉"
    text = PdfReader(io.BytesIO(render([sheet(event_title=title)], "en", BASE))).pages[0].extract_text()
    assert "Noite do ?ódz ? - Ticket" in text


@pytest.mark.parametrize(("amount", "currency", "shown"), [
    (1500, "USD", "15.00 USD"), (5, "eur", "0.05 EUR"), (0, "USD", "0.00 USD"), (1500, "JPY", "1500 JPY"),
    (1234, "KWD", "1.234 KWD")])
def test_amounts_are_written_in_their_currencys_units(amount: int, currency: str, shown: str) -> None:
    assert format_money(amount, currency, LANGUAGES["en"]) == shown


def test_a_page_shows_the_events_span_its_end_time_alone_on_the_same_day() -> None:
    same_day = PdfReader(io.BytesIO(render([sheet(event_end="2026-12-15T23:30:00")], "en", BASE)))
    assert "December 15, 2026, 20:00 - 23:30 (Europe/Rome)" in same_day.pages[0].extract_text()
    overnight = PdfReader(io.BytesIO(render([sheet(event_end="2026-12-16T02:00:00")], "it", BASE)))
    assert "15 dicembre 2026, 20:00 - 16 dicembre 2026, 02:00 (Europe/Rome)" in overnight.pages[0].extract_text()
