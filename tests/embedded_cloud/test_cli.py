"""`eventonight up` and `eventonight invoke` as a person runs them: real processes, real ports."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support.http import call
from support.polling import eventually

pytestmark = pytest.mark.slow
EVENTONIGHT = [sys.executable, "-m", "embedded_cloud.cli"]


def test_up_prints_where_everything_is_and_invoke_runs_a_function(tmp_path: Path, sample_template: Path) -> None:
    data_dir = tmp_path / "first" / "start"  # not there yet, as on a fresh clone
    up = subprocess.Popen([*EVENTONIGHT, "up", "--template", str(sample_template), "--data-dir", str(data_dir),
                           "--port", "0", "--websocket-port", "0", "--aws-port", "0", "--stripe-port", "0", "--quiet"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output: list[str] = []

        def banner_seen() -> bool:
            line = up.stdout.readline()  # type: ignore[union-attr]
            output.append(line)
            return "Press Ctrl-C to stop" in line or up.poll() is not None

        eventually(banner_seen, timeout=60, interval=0, what="the ready banner")
        text = "".join(output)
        assert "EvenToNight is up" in text, text
        http_url = re.search(r"SPA and HTTP APIs\s+(http://127\.0\.0\.1:\d+)", text).group(1)
        assert re.search(r"WebSocket API\s+ws://127\.0\.0\.1:\d+", text)
        assert re.search(r"AWS endpoint\s+http://127\.0\.0\.1:\d+", text)
        assert re.search(r"Stripe emulator\s+http://127\.0\.0\.1:\d+", text)
        assert call(http_url, "GET", "/sample/items/missing")[0] == 404

        event = sample_template.parent / "events" / "read-missing-item.json"
        invoked = subprocess.run([*EVENTONIGHT, "invoke", "CreateItemFunction", "--event", str(event),
                                  "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=60)
        assert invoked.returncode == 0, invoked.stderr
        assert json.loads(invoked.stdout)["statusCode"] == 404
        assert "START RequestId" in invoked.stderr  # the function's log, on stderr

        unknown = subprocess.run([*EVENTONIGHT, "invoke", "NoSuchFunction", "--data-dir", str(data_dir)],
                                 capture_output=True, text=True, timeout=60)
        assert unknown.returncode == 2 and "CreateItemFunction" in unknown.stderr
    finally:
        up.send_signal(signal.SIGTERM)
        remaining = up.communicate(timeout=30)[0]
    assert up.returncode == 0, remaining
    assert (data_dir / "moto-state.pickle").exists()
