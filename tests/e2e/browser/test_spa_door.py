"""The organizer's event dashboard in a real browser (issue 15): live check-in figures, the attendee list (search,
CSV download), door staff given and taken the right to scan; a phone at the door scans for one event; and the page
a buyer lands on after leaving Stripe's checkout says what happened, in the buyer's language."""

from __future__ import annotations

import csv
import io

from browser_e2e import (
    TONIGHT,
    assert_accessible,
    download_bytes,
    log_in,
    open_signed_in,
    published_event,
    ticket_type,
    unique,
)
from playwright.sync_api import Page, expect
from support.platform import Platform, User
from support.polling import eventually


def free_tickets(platform: Platform, organization: User, buyer: User, event_id: str, *names: str) -> list[str]:
    types = platform.request("GET", f"/ticketing/events/{event_id}/ticket-types", user=organization).json["items"]
    answer = platform.request("POST", "/ticketing/checkout-sessions", {"items": [
        {"ticketTypeId": types[0]["id"], "attendeeName": name} for name in names]}, user=buyer)
    assert answer.status == 201, answer.raw
    return answer.json["order"]["ticketIds"]


def test_the_organizer_follows_check_in_searches_and_downloads_attendees_and_manages_door_staff(
        page: Page, platform: Platform, organization: User, member: User, other_member: User) -> None:
    event = published_event(platform, organization, unique("Door"), ["Concert"], days=TONIGHT)
    event_id = event["eventId"]
    ticket_type(platform, organization, event_id, "STANDARD", 0, 20)
    ada, grace = free_tickets(platform, organization, member, event_id, "Ada Lovelace", "Grace Hopper")
    scan = f"/ticketing/events/{event_id}/tickets/{ada}/verify"
    assert platform.request("PUT", scan, user=organization).json["result"] == "admitted"

    open_signed_in(page, platform, organization, f"/en/events/{event_id}")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_test_id("checkins-total")).to_have_text("1 of 2 admitted")
    expect(page.get_by_test_id("checkins-type")).to_contain_text("STANDARD")
    rows = page.get_by_test_id("attendee")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Ada Lovelace")).to_contain_text("Admitted")
    expect(rows.filter(has_text="Grace Hopper")).to_contain_text("Not in yet")
    assert_accessible(page)

    page.get_by_label("Search by name or username").fill("grace")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Grace Hopper")
    searched = list(csv.reader(io.StringIO(download_bytes(page, "Download CSV").decode())))
    assert [r[1] for r in searched] == ["attendeeName", "Grace Hopper"]  # the download follows the search
    page.get_by_label("Search by name or username").fill("")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(rows).to_have_count(2)
    every = list(csv.reader(io.StringIO(download_bytes(page, "Download CSV").decode())))
    assert sorted(r[1] for r in every[1:]) == ["Ada Lovelace", "Grace Hopper"]
    assert {r[1]: r[5] for r in every[1:]} == {"Ada Lovelace": "USED", "Grace Hopper": "ACTIVE"}

    # door staff: a member is let in to scan, then taken out again
    staff = page.get_by_test_id("door-staff")
    expect(staff).to_contain_text("Only you scan tickets")
    eventually(lambda: platform.request("GET", f"/users/search?prefix={other_member.username}").json["items"],
               what="the users context to find the new member")
    staff.get_by_label("Username").fill(other_member.username)
    staff.get_by_role("button", name="Let them scan").click()
    expect(staff.get_by_test_id("door-right")).to_contain_text(f"@{other_member.username} · member")
    staff.get_by_label("Username").fill("nobody-of-that-name")
    staff.get_by_role("button", name="Let them scan").click()
    expect(staff.get_by_role("alert")).to_have_text("There is no user with that username.")
    assert_accessible(page)

    # a scan at the door (this phone set to scan for the event) shows in the figures
    page.goto(f"/en/door/{event_id}")  # this phone scans for this event
    expect(page.get_by_test_id("door")).to_contain_text(f"Scanning for: {event['title']}")
    page.goto(f"/verify/{grace}")
    expect(page.get_by_test_id("verify")).to_contain_text("Valid ticket")
    expect(page.get_by_test_id("verify-attendee")).to_have_text("Grace Hopper")
    expect(page.get_by_test_id("verify-event")).to_contain_text(event["title"])
    page.goto(f"/en/events/{event_id}/dashboard")
    expect(page.get_by_test_id("checkins-total")).to_have_text("2 of 2 admitted")
    page.get_by_role("button", name=f"Remove the scanning right of {other_member.username}").click()
    expect(page.get_by_test_id("door-staff")).to_contain_text("Only you scan tickets")
    assert platform.request("GET", f"/ticketing/events/{event_id}/checkins", user=other_member).status == 403


def test_door_staff_find_the_event_they_scan_at_and_admit_a_ticket(page: Page, platform: Platform,
                                                                  organization: User, member: User,
                                                                  other_member: User) -> None:
    event = published_event(platform, organization, unique("Staffed"), ["Concert"], days=TONIGHT)
    ticket_type(platform, organization, event["eventId"], "VIP", 0, 5)
    ticket = free_tickets(platform, organization, member, event["eventId"], "Ada Lovelace")[0]
    grant = f"/ticketing/events/{event['eventId']}/door-staff/{other_member.id}"
    eventually(lambda: platform.request("PUT", grant, user=organization).status == 200,
               what="ticketing to know the member")

    log_in(page, other_member.username, other_member.password)
    page.get_by_role("link", name="Door", exact=True).click()
    # the home page's sections show the same event until the door list replaces them: click in the list
    page.get_by_test_id("door").get_by_role("link", name=event["title"]).click()
    expect(page.get_by_test_id("door")).to_contain_text(f"Scanning for: {event['title']}")
    page.get_by_label("Ticket code").fill(ticket)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_test_id("verify")).to_contain_text("Valid ticket")
    expect(page.get_by_test_id("verify-attendee")).to_have_text("Ada Lovelace")
    expect(page.get_by_test_id("verify")).to_contain_text("VIP")
    assert_accessible(page)


def test_a_ticket_of_another_day_does_not_pass_and_the_page_says_why(page: Page, platform: Platform,
                                                                    organization: User, member: User) -> None:
    event = published_event(platform, organization, unique("Next week"), ["Concert"], days=7)
    ticket_type(platform, organization, event["eventId"], "STANDARD", 0, 5)
    ticket = free_tickets(platform, organization, member, event["eventId"], "Ada Lovelace")[0]
    open_signed_in(page, platform, organization, f"/verify/{ticket}")
    expect(page.get_by_test_id("verify")).to_contain_text("Open the door page of the event")
    page.goto(f"/en/door/{event['eventId']}")
    expect(page.get_by_test_id("door")).to_contain_text(event["title"])
    page.get_by_label("Ticket code").fill(ticket)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_test_id("verify")).to_contain_text("This ticket does not pass: This ticket is not for today")
    assert_accessible(page)


def test_leaving_checkout_lands_on_a_page_that_says_what_happened(page: Page) -> None:
    page.goto("/checkout/left?outcome=cancelled&back=%2Fen%2Fexplore")
    left = page.get_by_test_id("checkout-left")
    expect(left).to_contain_text("Your order was cancelled and nothing was charged")
    expect(left.get_by_role("link", name="Back to where you were")).to_have_attribute("href", "/en/explore")
    assert_accessible(page)
    page.goto("/it/checkout/left?outcome=unavailable&back=https%3A%2F%2Fevil.example%2F")
    expect(left).to_contain_text("Non siamo riusciti a raggiungere il servizio di pagamento")
    expect(left.get_by_role("link", name="Torna dove eri")).to_have_count(0)  # never another site
    page.goto("/de/checkout/left?outcome=unknown")
    expect(left).to_contain_text("Wir haben diesen Bezahlvorgang nicht gefunden")
