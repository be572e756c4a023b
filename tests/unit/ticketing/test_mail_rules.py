"""The e-mail rules (who gets which letter, once per what) and their words in the five languages, as plain
Python."""

from __future__ import annotations

import string
from html import escape

import pytest
from ticketing.mail import rules, texts
from ticketing.mail.rules import Kind, Whereabouts

ORDER, USER, EVENT = "order_1", "user-1", "event-1"
LANGUAGES = ("en", "it", "de", "fr", "es")


def order(**fields: object) -> dict:
    return {"orderId": ORDER, "userId": USER, "eventId": EVENT, **fields}


def test_a_confirmation_attaches_its_orders_tickets_once_per_order() -> None:
    letter = rules.of_order_confirmed(order(ticketCount=2))
    assert (letter.kind, letter.user_id, letter.attach_tickets_of) == (Kind.ORDER_CONFIRMED, USER, ORDER)
    assert letter.topic == f"ORDER#{ORDER}#confirmed"


@pytest.mark.parametrize(("reason", "kind"), [("payment_failed", Kind.PAYMENT_FAILED),
                                              ("checkout_unavailable", Kind.PAYMENT_FAILED),
                                              ("expired", Kind.HOLD_EXPIRED)])
def test_a_released_order_is_told_why(reason: str, kind: Kind) -> None:
    letter = rules.of_order_rejected(order(reason=reason))
    assert letter is not None and letter.kind == kind and letter.attach_tickets_of is None


def test_a_buyer_who_cancelled_is_not_told_of_it() -> None:
    assert rules.of_order_rejected(order(reason="cancelled_by_buyer")) is None


def test_a_late_payments_refund_has_its_own_letter_per_order() -> None:
    letter = rules.of_order_refunded(order(reason="late_payment", amount={"amount": 1500, "currency": "EUR"}))
    assert letter.kind == Kind.LATE_PAYMENT_REFUNDED and letter.topic == f"ORDER#{ORDER}#refunded"


def test_a_cancelled_events_refunds_and_the_cancellation_are_one_letter_per_holder() -> None:
    refunds = [rules.of_order_refunded(order(orderId=o, reason="event_cancelled", amount={})) for o in ("a", "b")]
    cancellation = rules.of_event_cancelled(EVENT, USER)
    assert {(r.kind, r.topic) for r in refunds} == {(Kind.EVENT_CANCELLED, cancellation.topic)}
    assert rules.of_event_cancelled(EVENT, "user-2").topic == cancellation.topic  # per holder: (topic, user)


def test_holders_are_told_of_a_new_time_or_place_only_after_publication_and_only_when_it_differs() -> None:
    told = Whereabouts("2027-01-10T20:00:00Z", "Terrazza")
    assert not rules.to_announce(None, Whereabouts("2027-01-11T20:00:00Z", "Terrazza"))  # never published
    assert not rules.to_announce(told.fingerprint, Whereabouts("2027-01-10T20:00:00Z", "Terrazza"))  # undone
    assert rules.to_announce(told.fingerprint, Whereabouts("2027-01-11T20:00:00Z", "Terrazza"))
    assert rules.to_announce(told.fingerprint, Whereabouts("2027-01-10T20:00:00Z", "Teatro"))


def test_one_letter_per_holder_and_whereabouts() -> None:
    now = Whereabouts("2027-01-11T20:00:00Z", "Teatro")
    assert rules.of_event_changed(EVENT, USER, now).topic == rules.of_event_changed(EVENT, USER, now).topic
    assert rules.of_event_changed(EVENT, USER, now).topic != rules.of_event_changed(
        EVENT, USER, Whereabouts(now.starts_at, "Terrazza")).topic
    assert rules.holders(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("kind", list(Kind))
def test_every_letter_has_the_five_languages_with_the_same_facts(kind: Kind) -> None:
    assert tuple(texts.TEXTS[kind]) == LANGUAGES
    english = texts.TEXTS[kind]["en"]
    for subject, body in texts.TEXTS[kind].values():
        assert (_fields(subject), _fields(body)) == (_fields(english[0]), _fields(english[1]))


@pytest.mark.parametrize(("language", "subject"), [
    ("it", "I tuoi biglietti per Jazz"), ("de", "Deine Tickets für Jazz"), ("fr", "Vos billets pour Jazz"),
    ("es", "Tus entradas para Jazz"), ("en", "Your tickets for Jazz"), ("pt", "Your tickets for Jazz"),
    (None, "Your tickets for Jazz")])
def test_a_letter_speaks_the_holders_language_else_english(language: str | None, subject: str) -> None:
    assert texts.render(rules.of_order_confirmed(order(ticketCount=1)), language, "Jazz")[0] == subject


def test_the_event_title_is_escaped_in_html_and_the_subject_is_one_line() -> None:
    subject, text, html = texts.render(rules.of_event_cancelled(EVENT, USER), "en", "<b>Jazz</b>\nNight")
    assert subject == "<b>Jazz</b> Night is cancelled"
    assert "&lt;b&gt;Jazz&lt;/b&gt;" in html and "<b>Jazz</b>" not in html
    assert "<b>Jazz</b>\nNight" in text


def test_a_change_tells_the_new_time_and_place() -> None:
    letter = rules.of_event_changed(EVENT, USER, Whereabouts("2027-01-11T21:30:00Z", "Teatro Dal Verme"))
    _, text, _ = texts.render(letter, "fr", "Jazz")
    assert "Jazz a désormais lieu le 2027-01-11 21:30 UTC à Teatro Dal Verme" in text


def test_a_reminder_goes_once_per_holder_and_start() -> None:
    tomorrow = Whereabouts("2027-01-11T20:00:00Z", "Teatro")
    assert rules.of_reminder(EVENT, USER, tomorrow).topic == rules.of_reminder(EVENT, USER, tomorrow).topic
    assert rules.of_reminder(EVENT, USER, tomorrow).topic != rules.of_reminder(
        EVENT, USER, Whereabouts("2027-01-12T20:00:00Z", "Teatro")).topic  # moved: reminded again
    assert rules.start_bucket("2027-01-11T20:45:00Z") == "2027-01-11T20" and rules.start_bucket(None) is None


def test_an_approved_refund_request_has_its_own_letter_once_per_refunded_ticket() -> None:
    letter = rules.of_order_refunded(order(ticketIds=["ticket_1"], amount={"amount": 1500, "currency": "EUR"},
                                           reason="refund_requested"))
    assert (letter.kind, letter.topic) == (Kind.REFUND_APPROVED, f"ORDER#{ORDER}#refunded#ticket_1")
    assert "15.00 EUR" in texts.render(letter, "en", "Jazz")[1]


def test_a_waiting_list_offer_is_mailed_once_with_its_deadline() -> None:
    letter = rules.of_waiting_list_offered(order(ticketTypeId="ett_1", offerUntil=1_795_438_800))
    assert (letter.kind, letter.user_id, letter.topic) == (Kind.WAITING_LIST_OFFER, USER, f"ORDER#{ORDER}#offered")
    for language in LANGUAGES:
        subject, text, _ = texts.render(letter, language, "Jazz")
        assert "Jazz" in subject and "2026-11-23 13:00 UTC" in text, (language, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_switchable_letter_ends_with_its_stop_link_in_the_holders_language(language: str) -> None:
    url = "https://eventonight.example/it/unsubscribe?token=a.b&c"
    now = Whereabouts("2027-03-01T21:00:00", "Blue Note")
    for letter in (rules.of_event_changed(EVENT, USER, now), rules.of_reminder(EVENT, USER, now)):
        _, text, html = texts.render(letter, language, "Jazz", url)
        stop = texts.STOP[letter.kind][language]
        assert text.rstrip().endswith(f"{stop}: {url}")
        assert '<a href="https://eventonight.example/it/unsubscribe?token=a.b&amp;c">' in html and escape(stop) in html
        assert url not in texts.render(letter, language, "Jazz")[1]  # no link given, none shown
