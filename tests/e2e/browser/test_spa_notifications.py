"""Live notifications: an organization, logged in, is told at once (toast, unread badge, list) when someone
follows it and likes its event, over the notifications WebSocket."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime

from browser_e2e import assert_accessible, log_in, published_event, unique
from playwright.sync_api import Page, expect
from support.bus import publish
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


def _notifications_table(platform: Platform) -> str:
    return platform.cloud.deployment.function_by_logical_id("NotificationsConnectFunction").environment["TABLE_NAME"]


def _known_to_notifications(platform: Platform, event_id: str) -> bool:
    """Whether notifications has the event's title (from event.published) to name it in a buyer's notification."""
    key = {"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "NAME"}}
    return "Item" in platform.cloud.client("dynamodb").get_item(TableName=_notifications_table(platform), Key=key,
                                                                ConsistentRead=True)


def test_a_buyer_reads_purchase_notifications_as_text_in_every_language_also_those_stored_under_old_names(
        page: Page, platform: Platform, organization: User, member: User) -> None:
    """Issue 17: one snake_case vocabulary of notification types, each with a text; a notification stored before
    (`event.cancelled`, as the consumer named it then) still shows its text, not its type."""
    event = published_event(platform, organization, unique("Gig"), ["Party"])
    eventually(lambda: _known_to_notifications(platform, event["eventId"]), what="the event's title known")
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    platform.cloud.client("dynamodb").put_item(TableName=_notifications_table(platform), Item={
        "PK": {"S": f"USER#{member.id}"}, "SK": {"S": "NOTE#00000000-0000-7000-8000-000000000001"},
        "id": {"S": "00000000-0000-7000-8000-000000000001"}, "userId": {"S": member.id},
        "type": {"S": "event.cancelled"}, "read": {"BOOL": True}, "createdAt": {"S": at}, "updatedAt": {"S": at},
        "metadata": {"S": json.dumps({"orderId": "order_old", "eventId": event["eventId"],
                                      "eventName": event["title"]})}})
    log_in(page, member.username, member.password)
    page.get_by_test_id("notifications-link").click()
    expect(page.locator("html")).to_have_attribute("data-live", "connected")

    publish(platform.cloud, "payments.order.confirmed", {"orderId": f"order_{uuid.uuid4()}", "userId": member.id,
                                                         "eventId": event["eventId"], "ticketCount": 2},
            producer="ticketing")
    confirmed = f"Your tickets for {event['title']} are confirmed"
    expect(page.get_by_test_id("toast").filter(has_text=confirmed)).to_be_visible()
    notes = page.get_by_test_id("notification")
    expect(notes.filter(has_text=confirmed)).to_have_count(1)
    expect(notes.filter(has_text=f"Cancelled: {event['title']}. Your tickets are refunded")).to_have_count(1)
    expect(notes).to_have_count(2)
    for shown in notes.all_inner_texts():
        assert not re.search(r"order[._]confirmed|event[._]cancelled", shown), shown

    page.goto("/it/notifications")
    italian = page.get_by_test_id("notification")
    expect(italian.filter(has_text=f"I tuoi biglietti per {event['title']} sono confermati")).to_have_count(1)
    expect(italian.filter(has_text=f"Annullato: {event['title']}. I tuoi biglietti sono rimborsati")).to_have_count(1)
