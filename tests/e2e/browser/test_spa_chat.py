"""A member contacts an organization from its profile and the organization answers; each sees the other's
message live (two browsers, one per user). A message's notification leaves the unread badge once its conversation
is read."""

from __future__ import annotations

from browser_e2e import assert_accessible, log_in, open_signed_in
from playwright.sync_api import Browser, Page, expect
from support.platform import Platform, User
from support.polling import eventually


def test_a_member_contacts_an_organization_and_it_answers_live(
        page: Page, chromium: Browser, platform: Platform, organization: User, member: User) -> None:
    other = chromium.new_context(base_url=platform.url, viewport={"width": 1280, "height": 900})
    try:
        org_page = other.new_page()
        log_in(org_page, organization.username, organization.password)
        org_page.get_by_role("link", name="Messages").click()
        expect(org_page.locator("html")).to_have_attribute("data-live", "connected")

        open_signed_in(page, platform, member, f"/en/users/{organization.id}")
        page.get_by_role("link", name="Message", exact=True).click()
        expect(page.get_by_role("heading", level=2, name=organization.username)).to_be_visible()
        page.get_by_label("Write a message").fill("Is there a cloakroom?")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_test_id("messages")).to_contain_text("Is there a cloakroom?")
        expect(page.locator("html")).to_have_attribute("data-live", "connected")

        conversation = org_page.get_by_test_id("conversations").get_by_role("button", name=member.username)
        expect(conversation).to_be_visible()  # arrived live, without a reload
        conversation.click()
        expect(org_page.get_by_test_id("messages")).to_contain_text("Is there a cloakroom?")
        org_page.get_by_label("Write a message").fill("Yes, by the entrance.")
        org_page.get_by_role("button", name="Send").click()
        expect(page.get_by_test_id("messages")).to_contain_text("Yes, by the entrance.")  # live on the member's side
        assert_accessible(page)
    finally:
        other.close()


def test_reading_a_conversation_takes_its_message_off_the_notifications_badge(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    with page.expect_response(lambda response: "/notifications/unread-count" in response.url):
        log_in(page, member.username, member.password)  # the live socket opens and the badge is counted once
    expect(page.locator("html")).to_have_attribute("data-live", "connected")

    def sent() -> bool:  # once chat knows both users
        return platform.request("POST", f"/chat/users/{organization.id}/conversations",
                                {"recipientId": member.id, "content": "Doors open at nine"},
                                user=organization).status == 201

    eventually(sent, what="the organization's first message")
    badge = page.get_by_test_id("unread-count")
    expect(badge).to_have_text("1")  # its notification, live

    page.get_by_role("link", name="Messages").click()
    page.get_by_test_id("conversations").get_by_role("button", name=organization.username).click()
    expect(page.get_by_test_id("messages")).to_contain_text("Doors open at nine")
    expect(badge).to_have_count(0)  # read with the conversation: notifications tells the tab to count again
