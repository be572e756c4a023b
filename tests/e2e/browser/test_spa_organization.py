"""An organization creates a draft, finds it on its home page and profile, completes it (offline city
autocomplete, a collaborator) and publishes it; the form checks what the backend checks before sending. The
collaborator is invited: it accepts on its profile before the event lists it (security review M7)."""

from __future__ import annotations

from datetime import date, timedelta

from browser_e2e import assert_accessible, log_in, open_signed_in, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User


def test_an_organization_creates_a_draft_and_publishes_it(
        page: Page, platform: Platform, organization: User, other_organization: User) -> None:
    title = unique("Warehouse")
    log_in(page, organization.username, organization.password)
    page.get_by_role("link", name="Create event").click()
    form = page.get_by_test_id("event-form")
    expect(form.get_by_role("heading", name="Create event")).to_be_visible()
    assert_accessible(page)

    form.get_by_role("button", name="Publish").click()  # nothing filled: the form says what is missing
    expect(form.locator("#title-error")).to_have_text("Required")
    expect(form.locator("#road-error")).to_have_text("Required")
    expect(form.locator("#date-error")).to_have_text("Required")

    form.get_by_label("Title").fill(title)
    form.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("profile-header")).to_be_visible()
    expect(page.get_by_test_id("event-card").filter(has_text=title)).to_be_visible()
    page.get_by_role("link", name="EvenToNight").click()
    drafts = page.get_by_test_id("drafts")
    expect(drafts.get_by_role("heading", name="My drafts")).to_be_visible()
    drafts.get_by_role("link", name=title).click()

    expect(form.get_by_role("heading", name="Edit event")).to_be_visible()
    expect(form.get_by_label("Title")).to_have_value(title)
    form.get_by_label("Date").fill((date.today() + timedelta(days=20)).isoformat())
    form.get_by_label("Time", exact=True).fill("22:30")
    form.get_by_label("Description").fill("All night long.")
    city = form.get_by_role("combobox", name="City")
    city.fill("bolo")
    expect(page.get_by_role("option", name="Bologna Italy")).to_be_visible()
    city.press("ArrowDown")
    city.press("Enter")
    expect(city).to_have_value("Bologna")
    expect(form.get_by_label("Time zone")).to_have_value("Europe/Rome")
    form.get_by_label("Venue name").fill("Magazzino")
    form.get_by_label("Street").fill("Via del Porto")
    form.get_by_label("Number").fill("7")
    form.get_by_label("Postcode").fill("40122")
    form.get_by_role("button", name="Electronic").click()
    form.get_by_label("Search organizations").fill(other_organization.username[:8])
    form.get_by_role("button", name=f"+ {other_organization.username} (@{other_organization.username})").click()
    assert_accessible(page)
    form.get_by_role("button", name="Publish").click()

    shown = page.get_by_test_id("event-page")
    expect(shown.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(shown.get_by_text("Via del Porto 7")).to_be_visible()
    # the creator sees whom it invited; nobody is a collaborator before accepting
    expect(page.get_by_test_id("invited-collaborators").get_by_role("link", name=other_organization.username)) \
        .to_be_visible()
    event_id = page.url.rsplit("/", 1)[-1]
    stored = platform.request("GET", f"/events/{event_id}").json
    assert stored["status"] == "PUBLISHED"
    assert "collaboratorIds" not in stored
    assert stored["location"]["city"] == "Bologna" and stored["timezone"] == "Europe/Rome"
    assert stored["date"].endswith("T22:30:00")
    assert_accessible(page)

    # the invited organization accepts on its profile, and the event lists it from then on
    page.get_by_role("button", name="Log out").click()
    open_signed_in(page, platform, other_organization, f"/en/users/{other_organization.id}#invitations")
    invitation = page.get_by_test_id("invitation").filter(has_text=title)
    expect(invitation).to_be_visible()
    assert_accessible(page)
    invitation.get_by_role("button", name=f"Accept the invitation to {title}").click()
    expect(invitation).to_have_count(0)
    page.goto(f"/en/events/{event_id}")
    expect(page.get_by_role("button", name="Leave collaboration")).to_be_visible()
    expect(page.get_by_role("link", name=other_organization.username)).to_be_visible()
    assert platform.request("GET", f"/events/{event_id}").json["collaboratorIds"] == [other_organization.id]
    assert_accessible(page)


def test_a_member_cannot_open_the_event_form(page: Page, platform: Platform, member: User) -> None:
    open_signed_in(page, platform, member, "/en/create-event")
    expect(page.get_by_test_id("page-forbidden")).to_be_visible()
