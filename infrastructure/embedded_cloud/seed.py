"""`eventonight up --seed`: demo data, loaded through the platform's own public HTTP API once it is up.

Idempotent: a demo account that can already log in is left as it is. The demo data is `demo_data.json`
beside this file; each context adds its part as its API appears.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEMO_DATA = Path(__file__).with_name("demo_data.json")


def _post(base_url: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(base_url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def seed_users(base_url: str, users: list[dict[str, str]], say: Callable[[str], None]) -> None:
    for user in users:
        status, _ = _post(base_url, "/users/login", {"username": user["username"], "password": user["password"]})
        if status == 200:
            continue
        status, body = _post(base_url, "/users/register", user)
        if status != 201:
            say(f"seed: could not register {user['username']}: {status} {body}")
    say("demo accounts (username / password):")
    for user in users:
        say(f"  {user['role']:<12} {user['username']:<16} {user['password']}")


def seed(cloud: Any, say: Callable[[str], None]) -> None:
    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    seed_users(cloud.http_url, data["users"], say)
