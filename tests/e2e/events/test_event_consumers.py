"""What other contexts tell the events context, through the bus: organizer names, collaborators' roles, ticket
prices, likes and sales (popularity), posters. Every event is delivered twice (and some out of order): the
answer must not change."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from events_e2e import Events, ids, local_in
from kernel import events as contracts
from support.platform import Platform, User
from support.polling import eventually
from support.queues import copy_of, drained

SCHEMAS = Path(__file__).resolve().parents[3] / "events_schema"


def requires_contract(event_type: str) -> None:
    """Another context's event the events context consumes: its schema and example exist and the example passes
    the shared envelope - a broken contract fails the consumer tests, it does not skip them."""
    example = SCHEMAS / "examples" / f"{event_type}.json"
    assert (SCHEMAS / f"{event_type}.json").is_file(), f"events_schema/{event_type}.json is missing"
    assert example.is_file(), f"events_schema/examples/{event_type}.json is missing"
    contracts.validate(json.loads(example.read_text()))


def user_payload(user_id: str, name: str, role: str = "organization") -> dict:
    return {"id": user_id, "username": f"u{user_id[:8]}", "name": name,
            "avatar": "http://127.0.0.1/media/users/default.png", "language": "en", "role": role}


def kept_name(platform: Platform, event_id: str) -> str | None:
    """The organizer's name on the event's own item (GET /events/{id} reads that item alone)."""
    consumer = platform.cloud.deployment.function_by_logical_id("EventsConsumerFunction")
    item = platform.cloud.client("dynamodb").get_item(
        TableName=consumer.environment["TABLE_NAME"], Key={"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "EVENT"}},
        ConsistentRead=True)["Item"]
    return item.get("creatorName", {}).get("S")


def test_the_organizer_name_follows_user_updated(events: Events, platform: Platform, org: User) -> None:
    event_id, draft_id = events.created(org)["eventId"], events.created(org, status="DRAFT")["eventId"]
    assert kept_name(platform, event_id) == org.username  # from the users replica, when it was created
    renamed = platform.request("PUT", f"/users/{org.id}", {"account": {"darkMode": False, "language": "en"},
                                                           "profile": {"name": "Blue Note Milano"}}, user=org)
    assert renamed.status == 200, renamed.raw
    eventually(lambda: events.get(event_id).json.get("creatorName") == "Blue Note Milano", what="the new name")
    assert kept_name(platform, event_id) == "Blue Note Milano"  # on the event, not read beside it

    def listing_renamed() -> bool:  # the listing's copies, the draft's too (each event renamed on its own)
        listed = {e["eventId"]: e.get("creatorName") for e in events.found(org, organizationId=org.id)}
        return listed.get(event_id) == listed.get(draft_id) == "Blue Note Milano"

    eventually(listing_renamed, what="the listing's copies renamed")


def test_the_users_replica_keeps_the_newest_news_and_forgets_deleted_users(events: Events, org: User) -> None:
    partner = str(uuid.uuid4())
    now = datetime.now(UTC)
    created = events.publish("user.created", user_payload(partner, "First"), "users", now - timedelta(seconds=5))
    events.send(created)  # twice
    eventually(lambda: events.create(org, collaboratorIds=[partner]).status == 201, what="the new organization")
    newer = events.publish("user.updated", user_payload(partner, "Newest"), "users", now)
    events.publish("user.updated", user_payload(partner, "Late and old", "member"), "users",
                   now - timedelta(seconds=2))
    events.send(newer)
    probe = events.created(org, collaboratorIds=[partner])["eventId"]
    assert probe  # still an organization: the older news (a member) did not win
    events.publish("user.deleted", {"id": partner}, "users", now + timedelta(seconds=1))
    events.send(created)  # a replay of its creation cannot bring it back
    eventually(lambda: events.create(org, collaboratorIds=[partner]).status == 400, what="the deleted user")


def _ticket_type(events: Events, kind: str, event_id: str, type_id: str, amount: int | None,
                 at: datetime) -> dict:
    payload: dict = {"eventId": event_id, "ticketTypeId": type_id}
    if amount is not None:
        payload["price"] = {"amount": amount, "currency": "EUR"}
    return events.publish(f"ticket-type.{kind}", payload, "ticketing", at)


def test_ticket_prices_make_the_price_range_filter_and_is_free(events: Events, org: User) -> None:
    requires_contract("ticket-type.created")
    event_id = events.created(org, date=local_in(3))["eventId"]
    free = events.created(org, date=local_in(4))["eventId"]
    cheap, dear = (f"ett_{uuid.uuid4()}" for _ in range(2))
    now = datetime.now(UTC)
    for message in (_ticket_type(events, "created", event_id, cheap, 1500, now - timedelta(seconds=9)),
                    _ticket_type(events, "created", event_id, dear, 3000, now - timedelta(seconds=8))):
        events.send(message)
    def both_applied() -> bool:  # the two messages may be consumed in either order
        price = events.get(event_id).json.get("price", {})
        return price.get("min", {}).get("amount") == 1500 and price.get("max", {}).get("amount") == 3000

    eventually(both_applied, what="both ticket types")
    body = events.get(event_id).json
    assert body["isFree"] is False and body["price"]["min"] == {"amount": 1500, "currency": "EUR"}
    assert ids(events.found(organizationId=org.id, price="2000,3500")) == [event_id]
    assert ids(events.found(organizationId=org.id, price="1600,2900")) == []  # between, but no price in range
    assert ids(events.found(organizationId=org.id, price="0,0")) == [free]
    assert ids(events.found(organizationId=org.id, price="0,1500")) == [event_id, free]
    assert ids(events.found(organizationId=org.id, sortBy="price")) == [free, event_id]
    assert ids(events.found(organizationId=org.id, sortBy="price", sortOrder="desc")) == [event_id, free]
    assert ids(events.all_pages(organizationId=org.id, sortBy="price", limit=1)) == [free, event_id]  # §12 item 8
    # an update, then an older update arriving late: the newer price stays
    newer = _ticket_type(events, "updated", event_id, dear, 2500, now - timedelta(seconds=5))
    _ticket_type(events, "updated", event_id, dear, 9999, now - timedelta(seconds=7))
    events.send(newer)
    eventually(lambda: events.get(event_id).json["price"]["max"]["amount"] == 2500, what="the newer price")
    # the last type goes: free again (the reference never went back, §12 item 10)
    for type_id in (cheap, dear):
        events.send(_ticket_type(events, "deleted", event_id, type_id, None, now))
    eventually(lambda: events.get(event_id).json["isFree"] is True, what="free again")
    assert "price" not in events.get(event_id).json
    assert set(ids(events.found(organizationId=org.id, price="0,0"))) == {event_id, free}


def test_popular_ranks_by_likes_and_tickets_sold(events: Events, platform: Platform, org: User) -> None:
    requires_contract("interactions.like.created")
    requires_contract("interactions.like.deleted")
    requires_contract("payments.order.confirmed")
    quiet = events.created(org, date=local_in(1))["eventId"]
    liked = events.created(org, date=local_in(2))["eventId"]
    sold = events.created(org, date=local_in(3))["eventId"]
    fans = [str(uuid.uuid4()) for _ in range(3)]
    now = datetime.now(UTC)

    def like(event_id: str, user_id: str, at: datetime, kind: str = "created") -> dict:
        payload = {"eventId": event_id, "creatorId": org.id, "userId": user_id}
        if kind == "created":
            payload.update(userName="Fan", userAvatar="http://127.0.0.1/media/users/default.png")
        return events.publish(f"interactions.like.{kind}", payload, "interactions", at)

    # `liked`: three likes, each delivered twice, and one fan who liked and unliked (in reverse order)
    for fan in fans:
        events.send(like(liked, fan, now - timedelta(seconds=30)))
    late_unlike = like(quiet, fans[0], now - timedelta(seconds=10), "deleted")
    like(quiet, fans[0], now - timedelta(seconds=20))
    events.send(late_unlike)
    # `sold`: one order of two tickets, delivered three times: a score of 4 (tickets count twice)
    order = events.publish("payments.order.confirmed", {"orderId": f"order_{uuid.uuid4()}", "userId": fans[0],
                                                        "eventId": sold, "ticketCount": 2}, "ticketing", now)
    events.send(order)
    events.send(order)
    eventually(lambda: ids(events.found(organizationId=org.id, other="popular")) == [sold, liked, quiet],
               what="sold (4) before liked (3) before quiet (0)")
    # one more like on `liked` makes it the most popular
    like(liked, str(uuid.uuid4()), now)
    like(liked, str(uuid.uuid4()), now)
    eventually(lambda: ids(events.found(organizationId=org.id, other="popular")) == [liked, sold, quiet],
               what="liked (5) before sold (4)")
    assert ids(events.all_pages(organizationId=org.id, other="popular", limit=1)) == [liked, sold, quiet]


def test_a_like_and_an_order_told_again_under_new_event_ids_count_once(events: Events, platform: Platform,
                                                                      org: User) -> None:
    """The same facts twice (not the same messages: kernel.consumer drops those before any handler): the like
    mark and the order mark keep the counters from moving twice."""
    event_id = events.created(org)["eventId"]
    fan = str(uuid.uuid4())
    like = events.publish("interactions.like.created", {
        "eventId": event_id, "creatorId": org.id, "userId": fan, "userName": "Fan",
        "userAvatar": "http://127.0.0.1/media/users/default.png"}, "interactions")
    order = events.publish("payments.order.confirmed", {"orderId": f"order_{uuid.uuid4()}", "userId": fan,
                                                        "eventId": event_id, "ticketCount": 2}, "ticketing")
    events.send(copy_of(like))
    events.send(copy_of(order))
    drained(platform, "EventsConsumerFunction")
    ddb = platform.cloud.client("dynamodb")
    table = next(n for n in ddb.list_tables()["TableNames"]
                 if n.startswith("eventonight-EventsContext") and "Revoked" not in n)
    item = ddb.get_item(TableName=table, Key={"PK": {"S": f"EVENT#{event_id}"}, "SK": {"S": "EVENT"}},
                        ConsistentRead=True)["Item"]
    assert (item["likes"]["N"], item["ticketsSold"]["N"]) == ("1", "2")


def test_posters_come_from_media_and_a_late_older_one_loses(events: Events, platform: Platform, org: User) -> None:
    requires_contract("media.poster.updated")
    event_id = events.created(org)["eventId"]
    now = datetime.now(UTC)
    first = f"http://127.0.0.1/media/events/{event_id}/poster-1.jpg"
    second = f"http://127.0.0.1/media/events/{event_id}/poster-2.jpg"
    newer = events.publish("media.poster.updated", {"eventId": event_id, "url": second}, "media", now)
    events.publish("media.poster.updated", {"eventId": event_id, "url": first}, "media", now - timedelta(seconds=5))
    events.send(newer)
    eventually(lambda: events.get(event_id).json["poster"] == second, what="the newest poster")
    assert platform.request("DELETE", f"/events/{event_id}/poster", user=org).status == 204
    events.send(newer)  # a redelivery of a poster older than the reset
    sentinel = events.created(org)["eventId"]  # a poster sent after it, through the same queue
    sentinel_url = f"http://127.0.0.1/media/events/{sentinel}/poster-1.jpg"
    events.publish("media.poster.updated", {"eventId": sentinel, "url": sentinel_url}, "media")
    eventually(lambda: events.get(sentinel).json["poster"] == sentinel_url, what="the poster sent after")
    assert events.get(event_id).json["poster"].endswith("/events/default.png")
