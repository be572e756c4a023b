"""E-mail to buyers and ticket holders, read from the embedded cloud's mailbox: the confirmation with the tickets
as a PDF in the buyer's language, one letter per holder when an event moves
and when it is cancelled (however often that is told)."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from pypdf import PdfReader
from support.bus import BusTap, publish
from support.platform import Platform, User
from support.polling import eventually
from support.queues import drained
from support.sweeps import run_at
from ticketing_e2e import announce_event, created_event, ticket_type
from tickets_e2e import bought, queue_drained


def _speaks(platform: Platform, user: User, language: str) -> None:
    """The user's language, as ticketing knows it once user.updated is through its queue."""
    with BusTap(platform.cloud, "users") as tap:
        assert platform.request("PUT", f"/users/{user.id}", {"account": {"darkMode": False, "language": language},
                                                              "profile": {"name": "Anna"}}, user=user).status == 200
        tap.wait_for("user.updated", id=user.id)
    queue_drained(platform)


def test_a_buyer_gets_the_confirmation_with_the_tickets_as_a_pdf_in_their_language(
        platform: Platform, organization: User, member: User) -> None:
    _speaks(platform, member, "it")
    event_id = announce_event(platform, organization, title="Concerto sul Tetto")
    order = bought(platform, member, ticket_type(platform, organization, event_id)["id"], count=2)

    mail = platform.mailbox.wait_for(member.email, "Concerto sul Tetto")
    assert mail["subject"] == "I tuoi biglietti per Concerto sul Tetto"
    assert "2 biglietto/i" in mail["text"] and "Concerto sul Tetto" in mail["html"]
    assert mail["attachments"] == [{"index": 0, "filename": f"tickets-{order['id']}.pdf",
                                    "contentType": "application/pdf", "size": mail["attachments"][0]["size"]}]
    pdf = PdfReader(io.BytesIO(platform.mailbox.attachment(mail["id"], 0)))
    assert len(pdf.pages) == 2  # a page per ticket
    assert "Biglietto" in pdf.pages[0].extract_text()
    assert "List-Unsubscribe" not in mail["headers"] and "unsubscribe" not in mail["text"]  # essential: no link


def _has_changed(platform: Platform, user: User) -> list[dict]:
    return platform.mailbox.matching(user.email, "has changed")


def test_a_move_makes_one_letter_per_holder_telling_the_new_time_and_place(
        platform: Platform, organization: User, member: User, other_member: User) -> None:
    """Updates within the coalescing window make one letter of the newest: the mail ledger's rule, shown with two
    updates in tests/unit/ticketing/test_mail_ledger.py (here the platform delivers updates close together in one
    batch, so two of them would show no window at all). What only the platform shows: the letter reaches each
    holder once, however many orders, with the event's new time and place."""
    platform.verify_email(organization)  # it publishes through the events API
    event_id = created_event(platform, organization)
    kind = ticket_type(platform, organization, event_id)["id"]
    bought(platform, member, kind)
    bought(platform, member, kind)  # two orders: still one letter
    bought(platform, other_member, kind)
    moved = (datetime.now(UTC) + timedelta(days=40)).strftime("%Y-%m-%dT21:30:00")

    assert platform.request("PUT", f"/events/{event_id}", {"status": "PUBLISHED", "date": moved, "timezone": "UTC",
                            "location": {"name": "Teatro Dal Verme", "country": "Italy", "countryCode": "it",
                                         "city": "Milano", "road": "Via San Giovanni sul Muro 2",
                                         "postcode": "20121", "lat": 45.4668, "lon": 9.1815}},
                            user=organization).status == 200

    for holder in (member, other_member):  # after the window (EventChangeMailSeconds: 2 s here)
        mail = platform.mailbox.message(eventually(lambda h=holder: _has_changed(platform, h), timeout=60,
                                                   what="the change's letter")[0]["id"])
        assert f"{moved[:10]} 21:30 UTC" in mail["text"] and "Teatro Dal Verme" in mail["text"]
    drained(platform, "MailFunction", "AnnounceFunction", timeout=60)
    assert len(_has_changed(platform, member)) == 1
    assert len(_has_changed(platform, other_member)) == 1


def test_a_cancellation_reaches_every_holder_exactly_once(platform: Platform, organization: User, member: User,
                                                          other_member: User) -> None:
    event_id = announce_event(platform, organization, title="Cancelled Jazz")
    kind = ticket_type(platform, organization, event_id)["id"]
    orders = [bought(platform, member, kind)["id"], bought(platform, member, kind)["id"],
              bought(platform, other_member, kind)["id"]]
    cancellation = {"eventId": event_id, "creatorId": organization.id, "name": "Cancelled Jazz"}

    with BusTap(platform.cloud, "ticketing") as tap:
        publish(platform.cloud, "event.cancelled", cancellation, "events")
        publish(platform.cloud, "event.cancelled", cancellation, "events")  # told twice; each order refunded too
        for holder in (member, other_member):
            platform.mailbox.wait_for(holder.email, "Cancelled Jazz is cancelled")
        for order_id in orders:  # each refund's letter would be the holder's second one
            tap.wait_for("payments.order.refunded", orderId=order_id)
    drained(platform, "MailFunction")
    assert len(platform.mailbox.matching(member.email, "is cancelled")) == 1
    assert len(platform.mailbox.matching(other_member.email, "is cancelled")) == 1


def test_holders_are_reminded_the_day_before_once(platform: Platform, organization: User, member: User,
                                                  other_member: User) -> None:
    starts = (datetime.now(UTC) + timedelta(days=200)).replace(minute=30, second=0, microsecond=0)
    event_id = announce_event(platform, organization, title="Reminded Jazz", starts=starts)
    kind = ticket_type(platform, organization, event_id)["id"]
    bought(platform, member, kind)
    bought(platform, member, kind)
    drained(platform, "MailFunction")  # the publication's time and place are known to the mail ledger

    assert run_at(platform, "ReminderFunction", starts - timedelta(hours=25))["reminded"] == 0  # not yet
    assert run_at(platform, "ReminderFunction", starts - timedelta(hours=24, minutes=20))["reminded"] == 1
    mail = platform.mailbox.wait_for(member.email, "Reminded Jazz is tomorrow")
    assert "/en/unsubscribe?token=" in mail["text"] and "/en/unsubscribe?token=" in mail["html"]
    assert mail["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    run_at(platform, "ReminderFunction", starts - timedelta(hours=24, minutes=20))  # the hour run again
    drained(platform, "AnnounceFunction")
    assert len(platform.mailbox.matching(member.email, "Reminded Jazz is tomorrow")) == 1  # once
    assert starts.strftime("%Y-%m-%d %H:%M UTC") in mail["text"]
    assert platform.mailbox.matching(other_member.email, "Reminded Jazz") == []  # no ticket, no reminder


def _declines_event_letters(platform: Platform, user: User) -> None:
    """The user switches off the e-mail of events they hold tickets to moving and being tomorrow, in their
    notification settings; ticketing hears of it from the bus."""
    with BusTap(platform.cloud, "notifications") as tap:
        answer = platform.request("PUT", f"/notifications/users/{user.id}/preferences", {"preferences": {
            "event_changed": {"inApp": True, "email": False}, "event_reminder": {"inApp": True, "email": False}}},
            user=user)
        assert answer.status == 200, answer.raw
        assert answer.json["preferences"]["event_reminder"] == {"inApp": True, "email": False, "essential": False,
                                                                     "emailOnly": True}
        tap.wait_for("notifications.preferences.changed", userId=user.id)
    queue_drained(platform)


def test_a_holder_who_declined_event_letters_gets_no_change_or_reminder_and_another_holder_does(
        platform: Platform, organization: User) -> None:
    platform.verify_email(organization)  # it publishes through the events API
    decliner, taker = platform.register("member", verified=True), platform.register("member", verified=True)
    _declines_event_letters(platform, decliner)

    moving = created_event(platform, organization)
    kind = ticket_type(platform, organization, moving)["id"]
    for holder in (decliner, taker):
        bought(platform, holder, kind)
    assert platform.request("PUT", f"/events/{moving}", {"status": "PUBLISHED", "location": {
        "name": "Blue Note", "country": "Italy", "countryCode": "it", "city": "Milano", "road": "Via Borsieri 37",
        "postcode": "20159", "lat": 45.4897, "lon": 9.1872}}, user=organization).status == 200
    eventually(lambda: _has_changed(platform, taker), what="the taker's change letter")

    starts = (datetime.now(UTC) + timedelta(days=230)).replace(minute=30, second=0, microsecond=0)
    tomorrow = announce_event(platform, organization, title="Declined Blues", starts=starts)
    kind = ticket_type(platform, organization, tomorrow)["id"]
    for holder in (decliner, taker):
        bought(platform, holder, kind)
    drained(platform, "MailFunction")
    assert run_at(platform, "ReminderFunction", starts - timedelta(hours=24, minutes=20))["reminded"] >= 1
    platform.mailbox.wait_for(taker.email, "Declined Blues is tomorrow")

    drained(platform, "MailFunction", "AnnounceFunction", timeout=60)  # every letter there is has gone out
    assert _has_changed(platform, decliner) == []
    assert platform.mailbox.matching(decliner.email, "Declined Blues is tomorrow") == []
    eventually(lambda: len(platform.mailbox.matching(decliner.email, "Your tickets")) == 2,
               what="the decliner's confirmations: essential mail still comes")


def _moved(platform: Platform, organization: User, event_id: str, place: str) -> None:
    assert platform.request("PUT", f"/events/{event_id}", {"status": "PUBLISHED", "location": {
        "name": place, "country": "Italy", "countryCode": "it", "city": "Milano", "road": "Via Borsieri 37",
        "postcode": "20159", "lat": 45.4897, "lon": 9.1872}}, user=organization).status == 200


def _token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def test_a_change_letters_unsubscribe_link_stops_the_next_one_without_logging_in(
        platform: Platform, organization: User) -> None:
    """Issue 19: the event-change letter is non-essential, so it carries a signed link (body and RFC 8058
    headers); following it without logging in stops that holder's next change letter, not another holder's."""
    platform.verify_email(organization)  # it publishes through the events API
    leaver, stayer = platform.register("member", verified=True), platform.register("member", verified=True)
    event_id = created_event(platform, organization)
    kind = ticket_type(platform, organization, event_id)["id"]
    for holder in (leaver, stayer):
        bought(platform, holder, kind)
    _moved(platform, organization, event_id, "Blue Note")
    letter = platform.mailbox.message(eventually(lambda: _has_changed(platform, leaver), timeout=60,
                                                 what="the leaver's change letter")[0]["id"])
    page = re.search(r"(\S+/en/unsubscribe\?token=\S+)", letter["text"])
    assert page is not None and f'href="{html.escape(page.group(1))}"' in letter["html"]
    assert letter["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = urlsplit(letter["headers"]["List-Unsubscribe"].strip("<>"))
    assert one_click.path == "/notifications/unsubscribe"

    shown = platform.request("GET", f"/notifications/unsubscribe?token={_token_of(page.group(1))}")  # the page's
    assert shown.status == 200 and shown.json == {"type": "event_changed", "email": True}
    with BusTap(platform.cloud, "notifications") as tap:
        done = platform.request("POST", f"{one_click.path}?{one_click.query}", b"List-Unsubscribe=One-Click",
                                headers={"content-type": "application/x-www-form-urlencoded"})  # a mail client's
        assert done.status == 200 and done.json == {"type": "event_changed", "email": False}, done.raw
        tap.wait_for("notifications.preferences.changed", userId=leaver.id)
    queue_drained(platform)  # ticketing keeps the choice
    eventually(lambda: _has_changed(platform, stayer), what="the stayer's first change letter")

    _moved(platform, organization, event_id, "Blue Note Milano")
    eventually(lambda: len(_has_changed(platform, stayer)) == 2, timeout=60, what="the stayer's second letter")
    drained(platform, "MailFunction", "AnnounceFunction", timeout=60)  # every letter there is has gone out
    assert len(_has_changed(platform, leaver)) == 1
