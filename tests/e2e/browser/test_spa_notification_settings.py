"""Notification preferences and housekeeping in the SPA (issue 19): the settings' grid of types x channels saves
each change (essential e-mail locked on), notifications are deleted one by one or all at once, and an e-mail's
unsubscribe link works without logging in."""

from __future__ import annotations

import time
import uuid

import jwt
from browser_e2e import assert_accessible, open_signed_in
from playwright.sync_api import Page, expect
from support.bus import publish
from support.platform import Platform, User
from support.polling import eventually

SECRET_PARAMETER = "/eventonight/notifications/unsubscribe-secret"


def preferences(platform: Platform, user: User) -> dict:
    response = platform.request("GET", f"/notifications/users/{user.id}/preferences", user=user)
    assert response.status == 200, response.raw
    return response.json["preferences"]


def test_a_member_changes_how_they_hear_of_each_type(page: Page, platform: Platform, member: User) -> None:
    open_signed_in(page, platform, member, "/en/settings#notifications")
    grid = page.get_by_test_id("notification-preferences")
    refunds = grid.get_by_label("Late payments refunded: By e-mail")
    expect(refunds).to_be_checked()
    expect(refunds).to_be_disabled()  # essential: always sent
    reminders = grid.get_by_test_id("preference-event_reminder")  # a letter, never an in-app notification
    expect(reminders.locator('[data-channel="inApp"]')).to_have_count(0)
    expect(grid.get_by_label("Reminders the day before your events: By e-mail")).to_be_checked()
    followers_by_mail = grid.get_by_label("New followers: By e-mail")
    expect(followers_by_mail).not_to_be_checked()
    followers_by_mail.check()
    expect(followers_by_mail).to_be_enabled()  # saved: the grid is usable again
    eventually(lambda: preferences(platform, member)["follow"]["email"] is True, what="follow e-mail switched on")
    grid.get_by_label("Likes of your events: In the app").uncheck()
    eventually(lambda: preferences(platform, member)["like"]["inApp"] is False, what="likes off in the app")
    page.reload()
    expect(page.get_by_test_id("notification-preferences").get_by_label("New followers: By e-mail")).to_be_checked()
    expect(page.get_by_test_id("notification-preferences").get_by_label(
        "Likes of your events: In the app")).not_to_be_checked()
    assert_accessible(page)


def order_confirmed(platform: Platform, user: User) -> None:
    publish(platform.cloud, "payments.order.confirmed", {"orderId": f"order_{uuid.uuid4()}", "userId": user.id,
                                                         "eventId": str(uuid.uuid4()), "ticketCount": 1},
            producer="ticketing")


def test_a_member_deletes_a_notification_and_then_all(page: Page, platform: Platform, member: User) -> None:
    for _ in range(3):
        order_confirmed(platform, member)
    eventually(lambda: platform.request("GET", "/notifications/unread-count", user=member).json["count"] == 3,
               what="three notifications")
    open_signed_in(page, platform, member, "/en/notifications")
    notes = page.get_by_test_id("notification")
    expect(notes).to_have_count(3)
    notes.first.get_by_test_id("delete-notification").click()
    expect(notes).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("delete-all").click()
    expect(page.get_by_test_id("empty")).to_be_visible()
    assert platform.request("GET", "/notifications", user=member).json["items"] == []


def test_an_unsubscribe_link_works_without_logging_in(page: Page, platform: Platform, member: User) -> None:
    body = {"preferences": {"follow": {"inApp": True, "email": True}}}
    assert platform.request("PUT", f"/notifications/users/{member.id}/preferences", body, user=member).status == 200
    ssm = platform.cloud.client("ssm")
    secret = ssm.get_parameter(Name=SECRET_PARAMETER, WithDecryption=True)["Parameter"]["Value"]
    now = int(time.time())
    token = jwt.encode({"sub": member.id, "typ": "follow", "aud": "unsubscribe", "iat": now, "exp": now + 3600},
                       secret, algorithm="HS256")
    page.goto(f"/it/unsubscribe?token={token}")
    expect(page.get_by_text("Non ricevere più e-mail su: Nuovi follower?")).to_be_visible()
    page.get_by_role("button", name="Annulla iscrizione").click()
    expect(page.get_by_test_id("unsubscribed")).to_have_text("Fatto: non riceverai più e-mail su: Nuovi follower.")
    assert preferences(platform, member)["follow"]["email"] is False
    assert_accessible(page)
    expired = jwt.encode({"sub": member.id, "typ": "follow", "aud": "unsubscribe", "exp": now - 60}, secret,
                         algorithm="HS256")
    page.goto(f"/en/unsubscribe?token={expired}")
    expect(page.get_by_role("alert")).to_have_text("This link has expired. Change your preferences in the settings.")
