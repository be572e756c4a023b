"""`eventonight up --seed`: demo data, loaded through the platform's own public HTTP API once it is up.

Idempotent: a demo account that can already log in is left as it is, an organization's event that exists (by
title) is not created again, a ticket type of a kind the event has is not added again, a follow or like that
exists answers 409 and is left. The demo data is `demo_data.json` beside this file.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEMO_DATA = Path(__file__).with_name("demo_data.json")
TIMEZONE = "Europe/Rome"
REPLICA_WAIT_SECONDS = 60  # other contexts learn of a new user or event from the bus, a moment later
Say = Callable[[str], None]


class PublicApi:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        headers = {"content-type": "application/json"} if body is not None else {}
        if token:
            headers["authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base_url + path, method=method, headers=headers,
                                         data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def once_known(self, method: str, path: str, body: Any, token: str) -> tuple[int, Any]:
        """The call, again while it answers 404 because the context has not heard of the user or event yet."""
        deadline = time.monotonic() + REPLICA_WAIT_SECONDS
        while True:
            status, answer = self.call(method, path, body, token)
            if status != 404 or time.monotonic() > deadline:
                return status, answer
            time.sleep(0.5)


def seed_users(api: PublicApi, mailbox_url: str, users: list[dict[str, str]], say: Say) -> dict[str, dict[str, Any]]:
    """Each demo user registered (unless it can log in already) and its e-mail address verified with the code from
    the local mailbox; their sessions by username."""
    sessions = {}
    for user in users:
        credentials = {"username": user["username"], "password": user["password"]}
        status, session = api.call("POST", "/users/login", credentials)
        if status != 200:
            status, session = api.call("POST", "/users/register", user)
        if status in (200, 201):
            sessions[user["username"]] = verified(api, mailbox_url, session, user["email"])
        else:
            say(f"seed: could not register {user['username']}: {status} {session}")
    say("demo accounts (username / password):")
    for user in users:
        say(f"  {user['role']:<12} {user['username']:<16} {user['password']}")
    return sessions


def verified(api: PublicApi, mailbox_url: str, session: dict[str, Any], email: str) -> dict[str, Any]:
    """The demo user's session once its e-mail address is verified (with the code Cognito e-mailed, read from
    what SES sent in this process), refreshed so that its token says so."""
    if session.get("account", {}).get("emailVerified"):
        return session
    path = f"/users/{session['id']}/email-verification"
    code = _latest_code(mailbox_url, email)
    status, answer = api.call("POST", f"{path}/confirm", {"code": code or "0"}, token=session["accessToken"])
    if status != 200:  # no code yet (registered before codes were sent), or an old one: a new code
        api.call("POST", path, {}, token=session["accessToken"])
        status, answer = api.call("POST", f"{path}/confirm", {"code": _latest_code(mailbox_url, email) or "0"},
                                  token=session["accessToken"])
    if status != 200:
        raise RuntimeError(f"could not verify {email}: {status} {answer}")
    status, tokens = api.call("POST", "/users/refresh", {"refreshToken": session["refreshToken"]})
    return {**session, **(tokens if status == 200 else {}), "account": answer["account"]}


def _latest_code(mailbox_url: str, email: str) -> str | None:
    """The code in the newest e-mail the local mailbox holds for `email` (read through its JSON API)."""
    import re

    def read(path: str) -> Any:
        with urllib.request.urlopen(mailbox_url + path, timeout=30) as response:
            return json.loads(response.read())

    for summary in read(f"/api/messages?to={urllib.parse.quote(email)}")["messages"]:
        found = re.search(r"\b([0-9]{6})\b", read(f"/api/messages/{summary['id']}").get("text") or "")
        if found:
            return found.group(1)
    return None


def event_body(event: dict[str, Any]) -> dict[str, Any]:
    day = date.today() + timedelta(days=event["daysAhead"])
    return {"status": "PUBLISHED", "title": event["title"], "description": event["description"],
            "tags": event["tags"], "location": event["location"], "date": f"{day.isoformat()}T{event['time']}",
            "timezone": TIMEZONE}


def seed_events(api: PublicApi, events: list[dict[str, Any]], sessions: dict[str, dict[str, Any]],
                say: Say) -> dict[str, str]:
    """The demo events of each organization, published, with their ticket types; their ids by title."""
    ids: dict[str, str] = {}
    for event in events:
        organizer = sessions.get(event["organizer"])
        if organizer is None:
            continue
        token = organizer["accessToken"]
        query = urllib.parse.urlencode({"organizationId": organizer["id"], "title": event["title"], "limit": 5})
        _, found = api.call("GET", f"/events/search?{query}", token=token)
        existing = [e for e in (found or {}).get("items", []) if e.get("title") == event["title"]]
        if existing:
            ids[event["title"]] = existing[0]["eventId"]
        else:
            status, created = api.call("POST", "/events", event_body(event), token)
            if status != 201:
                say(f"seed: could not create {event['title']!r}: {status} {created}")
                continue
            ids[event["title"]] = created["eventId"]
        seed_ticket_types(api, ids[event["title"]], event["ticketTypes"], token, say)
    say(f"demo events: {len(ids)} published, with ticket types")
    return ids


def seed_ticket_types(api: PublicApi, event_id: str, ticket_types: list[dict[str, Any]], token: str,
                      say: Say) -> None:
    _, present = api.once_known("GET", f"/ticketing/events/{event_id}/ticket-types", None, token)
    kinds = {t.get("type") for t in (present or {}).get("items", [])} if isinstance(present, dict) else set()
    for ticket_type in ticket_types:
        if ticket_type["type"] in kinds:
            continue
        body = {"type": ticket_type["type"], "price": {"amount": ticket_type["price"], "currency": "EUR"},
                "quantity": ticket_type["quantity"]}
        status, answer = api.once_known("POST", f"/ticketing/events/{event_id}/ticket-types", body, token)
        if status not in (201, 409):
            say(f"seed: could not add {ticket_type['type']} tickets to {event_id}: {status} {answer}")


def seed_interactions(api: PublicApi, data: dict[str, Any], sessions: dict[str, dict[str, Any]],
                      event_ids: dict[str, str], say: Say) -> None:
    for member, organization in data.get("follows", []):
        if member in sessions and organization in sessions:
            follower = sessions[member]
            status, answer = api.once_known("POST", f"/interactions/users/{follower['id']}/following",
                                            {"followedId": sessions[organization]["id"]}, follower["accessToken"])
            if status not in (201, 409):
                say(f"seed: {member} could not follow {organization}: {status} {answer}")
    for member, title in data.get("likes", []):
        if member in sessions and title in event_ids:
            status, answer = api.once_known("POST", f"/interactions/events/{event_ids[title]}/likes", None,
                                            sessions[member]["accessToken"])
            if status not in (201, 409):
                say(f"seed: {member} could not like {title!r}: {status} {answer}")


def seed(cloud: Any, say: Say) -> None:
    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    api = PublicApi(cloud.http_url)
    sessions = seed_users(api, cloud.mailbox_url, data["users"], say)
    event_ids = seed_events(api, data.get("events", []), sessions, say)
    seed_interactions(api, data, sessions, event_ids, say)
