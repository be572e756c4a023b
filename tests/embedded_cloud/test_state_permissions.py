"""The saved state is the user's alone (L15): it holds plaintext Cognito passwords and is unpickled at start, so
it is written 0600 in a 0700 data dir, and a state file that someone else could have written is not loaded."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from embedded_cloud import persistence
from embedded_cloud.private_files import UnsafeFile


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_state_is_written_0600_in_a_0700_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    persistence.save(data_dir, {"checkpoints": {}})

    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / persistence.MOTO_FILE) == _mode(data_dir / persistence.RUNTIME_FILE) == 0o600


def test_an_existing_data_dir_open_to_others_is_closed(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)

    persistence.prepare(data_dir)

    assert _mode(data_dir) == 0o700


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_state_file_writable_by_others_is_refused_unread(tmp_path: Path, mode: int) -> None:
    persistence.save(tmp_path, {"checkpoints": {"kept": "1"}})
    state = tmp_path / persistence.MOTO_FILE
    state.chmod(mode)

    with pytest.raises(UnsafeFile, match="writable by others") as refused:
        persistence.load(tmp_path)

    assert "\n" not in str(refused.value)
    state.chmod(0o600)  # once the user says it is theirs, it loads
    assert persistence.load(tmp_path) == {"checkpoints": {"kept": "1"}}
