"""`eventonight invoke` and `logs` against the platform's template, whose seven contexts each have an
`OutboxRelayFunction`: a nested stack and logical id tells them apart, and a name that fits several or none is
answered in one line that says which names would do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.platform import Platform

EVENTONIGHT = [sys.executable, "-m", "embedded_cloud.cli"]
CONTEXTS = ("UsersContext", "EventsContext", "InteractionsContext", "ChatContext", "TicketingContext",
            "NotificationsContext", "MediaContext")


def eventonight(platform: Platform, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EVENTONIGHT, *args, "--data-dir", str(platform.cloud.data_dir)], capture_output=True,
                          text=True, timeout=120)


def test_a_logical_id_of_several_stacks_names_them_all_in_one_line(platform: Platform) -> None:
    ambiguous = eventonight(platform, "logs", "OutboxRelayFunction")

    assert ambiguous.returncode == 2 and ambiguous.stderr.count("\n") == 1, ambiguous.stderr
    assert "names 7 functions" in ambiguous.stderr
    assert all(f"{context}/OutboxRelayFunction" in ambiguous.stderr for context in CONTEXTS), ambiguous.stderr


def test_a_nested_stack_and_logical_id_name_one_function(platform: Platform, tmp_path: Path) -> None:
    event = tmp_path / "no-records.json"
    event.write_text(json.dumps({"Records": []}))

    invoked = eventonight(platform, "invoke", "UsersContext/OutboxRelayFunction", "--event", str(event))

    assert invoked.returncode == 0, invoked.stderr
    users_relay = platform.cloud.deployment.function_by_logical_id("UsersContext/OutboxRelayFunction").name
    assert f"[{users_relay} " in invoked.stderr  # its log: the users context's relay ran, no other
    assert users_relay != platform.cloud.deployment.function_by_logical_id("ChatContext/OutboxRelayFunction").name


def test_a_misspelt_name_gets_the_closest_ones(platform: Platform) -> None:
    misspelt = eventonight(platform, "invoke", "UsersContext/OutboxRelayFuntion")

    assert misspelt.returncode == 2 and misspelt.stderr.count("\n") == 1, misspelt.stderr
    assert "did you mean UsersContext/OutboxRelayFunction" in misspelt.stderr
    assert "Traceback" not in misspelt.stderr
