"""Helpers of the waiting-list end-to-end tests."""

from __future__ import annotations

from typing import Any

from support.platform import Platform, Response, User
from support.polling import eventually
from ticketing_e2e import ticketing_table


def join(platform: Platform, member: User | None, ticket_type_id: str, name: str = "Ada") -> Response:
    return platform.request("POST", f"/ticketing/ticket-types/{ticket_type_id}/waiting-list", {"attendeeName": name},
                            user=member)


def entries(platform: Platform, member: User) -> list[dict[str, Any]]:
    response = platform.request("GET", f"/ticketing/users/{member.id}/waiting-list", user=member)
    assert response.status == 200, response.raw
    return response.json["items"]


def entry(platform: Platform, member: User, ticket_type_id: str) -> dict[str, Any] | None:
    return next((e for e in entries(platform, member) if e["ticketTypeId"] == ticket_type_id), None)


def offered(platform: Platform, member: User, ticket_type_id: str, timeout: float = 60) -> dict[str, Any]:
    return eventually(lambda: (e := entry(platform, member, ticket_type_id)) and e["status"] == "OFFERED" and e,
                      timeout=timeout, what="the member's waiting-list offer")


def offer_overdue(platform: Platform, order_id: str, hold_until: int) -> None:
    """The offer's hold brought forward (it is a day): the order's holdUntil and the sweeper's sort key."""
    platform.cloud.client("dynamodb").update_item(
        TableName=ticketing_table(platform), Key={"PK": {"S": f"ORDER#{order_id}"}, "SK": {"S": "ORDER"}},
        UpdateExpression="SET holdUntil = :h, GSI2SK = :k",
        ExpressionAttributeValues={":h": {"N": str(hold_until)}, ":k": {"S": f"{hold_until:010d}#{order_id}"}})
    platform.cloud.client("lambda").invoke(FunctionName=platform.cloud.function_named("SweepOrdersFunction"),
                                           Payload=b"{}")
