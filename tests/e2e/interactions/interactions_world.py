"""What the interactions tests share: the bus (other contexts' domain events, put as their producers would),
and a world of users and events built through the public API and the bus.

Other contexts are played by their domain events: `event.*` as the events context publishes them, and
`payments.order.confirmed` as ticketing will. Every envelope a test puts on the bus is checked against
events_schema/ first, so the tests feed the consumer only what the contracts allow.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from kernel.events import validate
from support.bus import send
from support.platform import Platform, User
from support.polling import eventually


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_id() -> str:
    return str(uuid.uuid4())


class Bus:
    """Domain events of other contexts, put on the `eventonight` bus; `settle` waits until the interactions
    consumer has taken every message off its queue (processed: a failing one would stay or go to the DLQ)."""

    def __init__(self, platform: Platform) -> None:
        self.cloud = platform.cloud
        self.sqs = platform.cloud.client("sqs")
        consumer = platform.cloud.deployment.function_by_logical_id("InteractionsConsumerFunction")
        source = next(q for q in platform.cloud.deployment.queue_sources if q.function == consumer.name)
        self.queue_url = source.queue_url

    def envelope(self, event_type: str, producer: str, payload: dict[str, Any],
                 occurred_at: str | None = None) -> dict[str, Any]:
        envelope = {"eventId": new_id(), "eventType": event_type, "occurredAt": occurred_at or now_iso(),
                    "version": 1, "producer": producer, "payload": payload}
        validate(envelope)
        return envelope

    def put(self, envelope: dict[str, Any], settle: bool = True) -> dict[str, Any]:
        send(self.cloud, envelope)  # checked against its schema, put on the bus as its producer's relay would
        if settle:
            self.settle()
        return envelope

    def publish(self, event_type: str, producer: str, payload: dict[str, Any], occurred_at: str | None = None,
                settle: bool = True) -> dict[str, Any]:
        return self.put(self.envelope(event_type, producer, payload, occurred_at), settle)

    def settle(self) -> None:
        def drained() -> bool:
            attributes = self.sqs.get_queue_attributes(
                QueueUrl=self.queue_url,
                AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
            return attributes["ApproximateNumberOfMessages"] == "0" and \
                attributes["ApproximateNumberOfMessagesNotVisible"] == "0"

        eventually(drained, timeout=60, what="the interactions consumer to take every message")


class World:
    """Users and events as the interactions context learns of them."""

    def __init__(self, platform: Platform, bus: Bus) -> None:
        self.platform = platform
        self.bus = bus

    # --- users ---
    def user(self, role: str = "member", verified: bool = False) -> User:
        """A registered, logged-in user whom interactions already knows (its user.created was consumed); its
        address verified if it is to publish or buy."""
        user = self.platform.register(role, verified=verified)
        eventually(lambda: self.platform.request("GET", f"/interactions/users/{user.id}").status == 200,
                   what=f"the interactions replica of {user.username}")
        return user

    def replica(self, role: str = "member", name: str | None = None, username: str | None = None) -> str:
        """A user known only from a user.created message (no account): for the passive side of a test."""
        user_id = new_id()
        username = username or f"{role[:3]}{user_id[:8]}"
        self.bus.publish("user.created", "users", {
            "id": user_id, "username": username, "name": name or username,
            "avatar": f"http://127.0.0.1:3000/media/users/{user_id}/avatar.jpg", "language": "en", "role": role})
        return user_id

    # --- events ---
    def event(self, creator_id: str, status: str = "PUBLISHED", collaborators: tuple[str, ...] = (),
              name: str | None = None) -> str:
        """An event the interactions context knows, created as a draft or published (event.created)."""
        event_id = new_id()
        payload: dict[str, Any] = {"eventId": event_id, "creatorId": creator_id, "status": status,
                                   "name": name or f"Night {event_id[:8]}"}
        if collaborators:
            payload["collaboratorIds"] = list(collaborators)
        self.bus.publish("event.created", "events", payload)
        return event_id

    def event_status(self, event_id: str, creator_id: str, status: str, name: str = "Night out") -> None:
        """The events context moved the event: PUBLISHED, CANCELLED or COMPLETED."""
        if status == "PUBLISHED":
            self.bus.publish("event.published", "events", {
                "eventId": event_id, "name": name, "creatorId": creator_id, "creatorName": "The Organizer",
                "collaboratorIds": [], "date": "2027-07-15T20:00:00", "timezone": "Europe/Rome",
                "startsAt": "2027-07-15T18:00:00Z"})
        else:
            event_type = {"CANCELLED": "event.cancelled", "COMPLETED": "event.completed"}[status]
            self.bus.publish(event_type, "events", {"eventId": event_id, "creatorId": creator_id, "name": name,
                                                    "startsAt": "2026-07-15T18:00:00Z"})

    def order(self, user_id: str, event_id: str, tickets: int = 1) -> dict[str, Any]:
        """Ticketing confirmed an order of the user for the event."""
        return self.bus.publish("payments.order.confirmed", "ticketing", {
            "orderId": f"order_{new_id()}", "userId": user_id, "eventId": event_id, "ticketCount": tickets})

    def completed_event_with_participant(self, collaborators: tuple[str, ...] = ()) -> tuple[User, User, str]:
        """(organization, participant, event): the participant bought a ticket and the event is over."""
        organization = self.user("organization")
        participant = self.user()
        event_id = self.event(organization.id, collaborators=collaborators)
        self.order(participant.id, event_id)
        self.event_status(event_id, organization.id, "COMPLETED")
        return organization, participant, event_id


def all_pages(platform: Platform, path: str, limit: int = 100, user: User | None = None) -> Iterator[dict]:
    """Every item of a paged list, following nextCursor."""
    cursor = None
    while True:
        separator = "&" if "?" in path else "?"
        query = f"{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = platform.request("GET", path + query, user=user)
        assert response.status == 200, response.raw
        yield from response.json["items"]
        cursor = response.json["nextCursor"]
        if not cursor:
            return
