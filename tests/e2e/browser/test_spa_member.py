"""A member registers, sets interests, sees the "for you" feed and likes an event, all through the SPA."""

from __future__ import annotations

import uuid

from browser_e2e import assert_accessible, open_signed_in, published_event, unique
from playwright.sync_api import Page, Route, expect
from support.platform import Platform, User
from support.polling import eventually


def test_a_member_registers_sets_interests_sees_the_feed_and_likes_an_event(
        page: Page, platform: Platform, organization: User) -> None:
    word = unique("Feed")
    jazz = published_event(platform, organization, f"{word} jazz", ["Live Music"], days=3)
    techno = published_event(platform, organization, f"{word} techno", ["Electronic"], days=8)
    username = f"spa{uuid.uuid4().hex[:10]}"

    page.goto("/en/register")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("E-mail").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill("Secret!123")
    page.get_by_label("Confirm password").fill("Secret!124")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("The passwords do not match")).to_be_visible()  # checked before anything is sent
    page.get_by_label("Confirm password").fill("Secret!123")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    login = platform.request("POST", "/users/login", {"username": username, "password": "Secret!123"})
    me = login.json

    page.get_by_role("link", name="Settings").click()
    page.get_by_test_id("interests").get_by_role("button", name="Electronic").click()  # the settings', once shown
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("toast").filter(has_text="Saved")).to_be_visible()
    headers = {"authorization": f"Bearer {me['accessToken']}"}
    assert platform.request("GET", f"/users/{me['id']}", headers=headers).json["account"]["interests"] == ["Electronic"]
    assert_accessible(page)

    # The feed puts events of the member's interests first, whatever their date.
    page.goto(f"/en/explore?mode=for_you&query={word.replace(' ', '+')}")
    cards = page.get_by_test_id("event-results").get_by_test_id("event-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text(techno["title"])
    expect(cards.last).to_contain_text(jazz["title"])

    cards.first.get_by_role("link", name=techno["title"]).click()
    # the card just clicked has a like button of the same name until the event's page replaces it
    like = page.get_by_test_id("event-page").get_by_role("button", name=f"Like: {techno['title']}")
    expect(page.get_by_test_id("like-count")).to_have_text("0 likes")
    like.click()
    expect(page.get_by_test_id("event-page").get_by_role("button", name=f"Unlike: {techno['title']}")) \
        .to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("like-count")).to_have_text("1 likes")
    liked = platform.request("GET", f"/interactions/users/{me['id']}/likes/{techno['eventId']}")
    assert liked.json == {"hasLiked": True}
    page.reload()  # the session survives a reload (refresh token), and the like is read back
    expect(page.get_by_role("button", name=f"Unlike: {techno['title']}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="My profile").click()
    page.get_by_test_id("tab-likes").click()
    expect(page.get_by_test_id("event-card").filter(has_text=techno["title"])).to_be_visible()


def test_a_guest_who_likes_is_asked_to_log_in_and_comes_back(page: Page, platform: Platform, organization: User,
                                                             member: User) -> None:
    event = published_event(platform, organization, unique("Comeback"), ["Party"])
    page.goto(f"/en/events/{event['eventId']}")
    page.get_by_role("button", name=f"Like: {event['title']}").click()
    expect(page).to_have_url(f"{platform.url}/en/login?redirect=/en/events/{event['eventId']}")
    page.get_by_label("Username or e-mail").fill(member.email)
    page.get_by_label("Password").fill(member.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    page.get_by_role("button", name=f"Like: {event['title']}").click()
    expect(page.get_by_test_id("like-count")).to_have_text("1 likes")


def test_a_late_answer_for_the_event_page_never_takes_the_guest_off_the_login_page(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    """The event page's likes come back 404 (interactions not caught up) after the guest went to log in."""
    event = published_event(platform, organization, unique("Late"), ["Party"])
    likes = "**/interactions/events/*/likes*"
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(likes, hold_the_first)
    with page.expect_request(lambda request: "/likes" in request.url and "/interactions/events/" in request.url):
        page.goto(f"/en/events/{event['eventId']}")
    page.get_by_role("button", name=f"Like: {event['title']}").click()
    expect(page).to_have_url(f"{platform.url}/en/login?redirect=/en/events/{event['eventId']}")
    held[0].fulfill(status=404, content_type="application/problem+json",
                    body='{"type": "about:blank", "title": "Not Found", "status": 404}')

    page.get_by_label("Username or e-mail").fill(member.email)
    page.get_by_label("Password").fill(member.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    expect(page).to_have_url(f"{platform.url}/en/events/{event['eventId']}")


def test_a_like_clicked_before_the_page_hears_whether_the_member_liked_the_event_stays(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    """The event page asks whether the member likes the event; the member likes it before the answer comes. The
    answer tells how things stood before the like, and must not undo it (the race that once left a counted like
    with an unpressed button)."""
    event = published_event(platform, organization, unique("Stale"), ["Party"])
    eventually(lambda: platform.request("GET", f"/interactions/events/{event['eventId']}/likes").status == 200,
               what="interactions to know the event")
    asked = f"/interactions/users/{member.id}/likes/{event['eventId']}"
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route(f"**{asked}", hold)
    with page.expect_request(lambda request: asked in request.url):
        open_signed_in(page, platform, member, f"/en/events/{event['eventId']}")
    on_the_page = page.get_by_test_id("event-page")
    on_the_page.get_by_role("button", name=f"Like: {event['title']}").click()
    unlike = on_the_page.get_by_role("button", name=f"Unlike: {event['title']}")
    expect(unlike).to_have_attribute("aria-pressed", "true")

    with page.expect_response(lambda response: asked in response.url):
        held[0].fulfill(status=200, content_type="application/json", body='{"hasLiked": false}')  # as when asked
    page.evaluate("() => new Promise((done) => setTimeout(done, 100))")  # the answer's handlers have run
    expect(unlike).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("like-count")).to_have_text("1 likes")
