"""Saved state this version cannot read says so in one line and names `eventonight export` and `import`.

That an export imported into a new data dir reproduces the platform's data is tested on the killed platforms
that test_crash_durability.py (the sample application's writes) and test_crash_saga.py (purchase sagas in flight
and logins) start once for a restart and an export each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow



def eventonight(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "embedded_cloud.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_saved_state_this_version_cannot_read_is_named_with_the_way_out(tmp_path: Path,
                                                                       sample_template: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    state = data_dir / "moto-state.pickle"
    state.write_bytes(b"\x80\x05\x95\x1a\x00\x00\x00\x00\x00\x00\x00\x8c\x0bmoto.gone\x94\x8c\x04Kind\x94\x93\x94.")
    state.chmod(0o600)

    refused = eventonight("up", "--template", str(sample_template), "--data-dir", str(data_dir), "--port", "0",
                          "--websocket-port", "0", "--aws-port", "0", "--stripe-port", "0",
                          "--mailbox-port", "0", timeout=120)

    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("eventonight: error: "), refused.stderr
    for words in ("moto-state.pickle", "cannot be read by this version", "eventonight export", "eventonight import"):
        assert words in refused.stderr, refused.stderr
    assert state.read_bytes().endswith(b"Kind\x94\x93\x94.")  # left as it was
