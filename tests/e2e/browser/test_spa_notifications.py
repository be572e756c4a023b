"""Live notifications: an organization, logged in, is told at once (toast, unread badge, list) when someone
follows it and likes its event, over the notifications WebSocket."""

from __future__ import annotations

from browser_e2e import assert_accessible, log_in, published_event, unique
from playwright.sync_api import Page, expect
from support.platform import Platform, User
from support.polling import eventually


def test_an_organization_sees_live_notifications_of_a_follow_and_a_like(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    event = published_event(platform, organization, unique("Live"), ["Party"])
    log_in(page, organization.username, organization.password)
    page.get_by_test_id("notifications-link").click()
    expect(page.locator("html")).to_have_attribute("data-live", "connected")
    expect(page.get_by_test_id("empty")).to_be_visible()

    follow = platform.request("POST", f"/interactions/users/{member.id}/following", {"followedId": organization.id},
                              user=member)
    assert follow.status == 201, follow.raw
    expect(page.get_by_test_id("toast").filter(has_text=f"{member.username} started following you")).to_be_visible()
    like = platform.request("POST", f"/interactions/events/{event['eventId']}/likes", {}, user=member)
    assert like.status == 201, like.raw
    expect(page.get_by_test_id("toast").filter(has_text=f"{member.username} liked {event['title']}")).to_be_visible()

    expect(page.get_by_test_id("unread-count")).to_have_text("2")
    notes = page.get_by_test_id("notification")
    expect(notes).to_have_count(2)
    assert_accessible(page)
    notes.filter(has_text="liked").get_by_role("link").click()  # opens the event and marks the note read
    expect(page.get_by_role("heading", level=1, name=event["title"])).to_be_visible()
    eventually(lambda: [n["read"] for n in platform.request("GET", "/notifications", user=organization).json["items"]
                        if n["type"] == "like"] == [True], what="the like notification marked read")
