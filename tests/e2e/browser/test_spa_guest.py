"""A guest explores: the home page's sections, Explore's filters on events, and finding people and
organizations; routing rules (locale prefix, guards, history fallback) and dark mode."""

from __future__ import annotations

from browser_e2e import assert_accessible, published_event, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User


def test_a_guest_explores_and_filters_events_and_finds_users(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    word = unique("Glow")
    techno = published_event(platform, organization, f"{word} techno", ["Electronic", "Club"], days=5)
    jazz = published_event(platform, organization, f"{word} jazz", ["Live Music"], days=9)

    page.goto("/")
    expect(page).to_have_url(f"{platform.url}/en")
    upcoming = page.get_by_test_id("section-upcoming")
    expect(upcoming.get_by_role("heading", name="Upcoming")).to_be_visible()
    expect(page.get_by_role("link", name="Music style")).to_be_visible()  # the categories
    assert_accessible(page)

    page.get_by_label("Search events and people").fill(word)
    page.get_by_label("Search events and people").press("Enter")
    results = page.get_by_test_id("event-results")
    expect(results.get_by_test_id("event-card")).to_have_count(2)
    expect(results.get_by_test_id("event-card").first).to_contain_text(techno["title"])  # soonest first
    assert_accessible(page)

    page.get_by_label("Sort").select_option(label="Date, latest first")
    expect(results.get_by_test_id("event-card").first).to_contain_text(jazz["title"])
    page.get_by_text("Music style").click()
    page.get_by_role("button", name="Electronic").click()
    expect(page.get_by_role("button", name="Electronic")).to_have_attribute("aria-pressed", "true")
    expect(results.get_by_test_id("event-card")).to_have_count(1)
    expect(results.get_by_test_id("event-card")).to_contain_text(techno["title"])
    assert "tags=Electronic" in page.url  # the filters live in the address: shareable, back-button friendly

    results.get_by_role("link", name=techno["title"]).click()
    shown = page.get_by_test_id("event-page")  # the results' cards name the same events until it replaces them
    expect(shown.get_by_role("heading", level=1, name=techno["title"])).to_be_visible()
    expect(shown.get_by_text("Via Roma 1")).to_be_visible()
    expect(shown.get_by_role("link", name="Open in maps")).to_be_visible()
    assert_accessible(page)

    page.goto("/en/explore#people")
    page.get_by_test_id("people-search").fill(member.username[:9])
    page.get_by_test_id("people-search").press("Enter")
    expect(page.get_by_test_id("person-card").filter(has_text=member.username)).to_be_visible()
    page.get_by_test_id("tab-organizations").click()
    page.get_by_test_id("people-search").fill(organization.username)
    page.get_by_test_id("people-search").press("Enter")
    expect(page.get_by_test_id("person-card")).to_have_count(1)
    page.get_by_test_id("person-card").click()
    expect(page.get_by_test_id("profile-header")).to_contain_text(organization.username)
    expect(page.get_by_test_id("event-card").filter(has_text=techno["title"])).to_be_visible()
    assert_accessible(page)


def test_pages_live_under_a_locale_and_guards_send_guests_to_login(page: Page, platform: Platform) -> None:
    page.goto("/it/explore")
    expect(page.get_by_role("heading", level=1, name="Esplora")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    page.goto("/xx/explore")  # an unsupported locale becomes English
    expect(page).to_have_url(f"{platform.url}/en/explore")
    page.goto("/en/settings")
    expect(page).to_have_url(f"{platform.url}/en/login?redirect=/en/settings")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto("/de/no/such/page")
    expect(page.get_by_test_id("page-notFound")).to_contain_text("Seite nicht gefunden")
    assert_accessible(page)


def test_dark_mode_is_remembered_and_still_accessible(page: Page) -> None:
    page.goto("/en/about")
    page.get_by_label("Theme").select_option("on")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert_accessible(page)
    page.goto("/en/explore")
    assert_accessible(page)


def test_on_a_phone_the_menu_opens_from_its_button_and_the_keyboard_reaches_it(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en")
    menu = page.get_by_role("button", name="Menu")
    expect(page.locator("#site-menu")).to_be_hidden()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.locator("#site-menu").get_by_role("link", name="Explore").click()
    expect(page.get_by_role("heading", level=1, name="Explore")).to_be_visible()
    assert_accessible(page)
