"""`eventonight up --seed` leaves demo accounts that can log in, and seeding twice changes nothing."""

from __future__ import annotations

import json

from embedded_cloud.seed import DEMO_DATA, seed
from support.platform import Platform


def test_seeded_demo_accounts_can_log_in_and_seeding_again_is_harmless(platform: Platform) -> None:
    said: list[str] = []
    seed(platform.cloud, said.append)
    seed(platform.cloud, said.append)
    assert not [line for line in said if "could not register" in line], said
    for user in json.loads(DEMO_DATA.read_text())["users"]:
        response = platform.request("POST", "/users/login", {"username": user["username"],
                                                             "password": user["password"]})
        assert response.status == 200, response.raw
        assert response.json["role"] == user["role"]
        assert any(user["username"] in line for line in said)
