"""Periodic snapshots pickle outside the moto lock: the server keeps answering while a large state is written."""

from __future__ import annotations

import json
import pickle
import threading
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from embedded_cloud import moto_server, persistence
from support.polling import eventually

pytestmark = pytest.mark.skipif(not hasattr(persistence.os, "fork"), reason="snapshots fork where they can")


def test_the_moto_lock_is_free_while_a_periodic_snapshot_is_pickled(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pickling, release = tmp_path / "pickling", tmp_path / "release"
    real_dump = persistence._StatePickler.dump

    def slow_dump(self: Any, obj: Any) -> None:  # stands for the seconds a large state takes
        pickling.touch()
        eventually(release.exists, timeout=60, what="the test to let the snapshot finish")
        real_dump(self, obj)

    monkeypatch.setattr(persistence._StatePickler, "dump", slow_dump)
    snapshots = persistence.PeriodicSnapshots(lambda: persistence.save(tmp_path, {"checkpoints": {"a": "1"}}),
                                              interval=0.01)
    snapshots.start()
    try:
        eventually(pickling.exists, what="a snapshot to start pickling")
        got_lock = moto_server._lock.acquire(timeout=10)
        if got_lock:
            moto_server._lock.release()
        assert got_lock, "the moto lock was held while the snapshot was being pickled"
        release.touch()
        eventually(lambda: (tmp_path / persistence.RUNTIME_FILE).exists(), what="the snapshot's files")
    finally:
        release.touch()
        snapshots.stop()
    assert set(pickle.loads((tmp_path / persistence.MOTO_FILE).read_bytes())["backends"]) == set(persistence.SERVICES)
    assert json.loads((tmp_path / persistence.RUNTIME_FILE).read_text()) == {"checkpoints": {"a": "1"},
                                                                            "journal_from": 1}


def test_stopping_ends_a_snapshot_in_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pickling = tmp_path / "pickling"

    def stuck_dump(self: Any, obj: Any) -> None:
        pickling.touch()
        eventually(lambda: False, timeout=3600, what="nothing")

    monkeypatch.setattr(persistence._StatePickler, "dump", stuck_dump)
    snapshots = persistence.PeriodicSnapshots(lambda: persistence.save(tmp_path, {}), interval=0.01)
    snapshots.start()
    eventually(pickling.exists, what="a snapshot to start pickling")
    snapshots.stop()
    assert not snapshots.is_alive()
    assert not (tmp_path / persistence.MOTO_FILE).exists()  # nothing half-written can replace a later save


def test_a_periodic_snapshot_is_skipped_while_nothing_changed(tmp_path: Path) -> None:
    version = [1]
    snapshots_taken = tmp_path / "taken"

    def save_now() -> None:  # runs in a forked child: what it did is seen through the file system
        with snapshots_taken.open("a") as taken:
            taken.write(f"{version[0]}\n")

    def taken() -> list[str]:
        return snapshots_taken.read_text().split() if snapshots_taken.exists() else []

    snapshots = persistence.PeriodicSnapshots(save_now, interval=0.01, version=lambda: version[0])
    snapshots.start()
    try:
        eventually(lambda: snapshots.saved_version == 1, what="the first snapshot")
        _let_it_look(snapshots, times=5)
        assert taken() == ["1"], "a snapshot was taken with nothing changed"
        version[0] = 2  # a write
        eventually(lambda: taken() == ["1", "2"], what="a snapshot of the change")
    finally:
        snapshots.stop()


def _let_it_look(snapshots: persistence.PeriodicSnapshots, times: int) -> None:
    """Wait until the snapshot thread has looked at the version `times` more times."""
    looked = threading.Semaphore(0)
    real = snapshots.version

    def counted() -> Any:
        looked.release()
        return real()

    snapshots.version = counted
    for _ in range(times):
        assert looked.acquire(timeout=60), "the snapshot thread stopped looking"
    snapshots.version = real


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def test_a_compaction_is_taken_only_once_the_journal_grew_and_drops_what_it_holds(tmp_path: Path) -> None:
    from embedded_cloud.journal import Journal, segments

    journal = Journal(tmp_path / "journal")
    snapshot = tmp_path / "snapshot"

    def save_now(journal_from: int, prepared: str) -> None:  # in a forked child: seen through the file system
        snapshot.write_text(f"{journal_from} {prepared}")

    snapshots = persistence.PeriodicSnapshots(save_now, journal=journal, compact_bytes=100,
                                              snapshot_bytes=partial(_size, snapshot),
                                              prepare=lambda: "read before the fork")
    assert not snapshots.compact_if_due()  # nothing written: no work at all
    journal.sync(journal.append([["ddb.item", "x" * 200]]))
    assert snapshots.compact_if_due()
    assert snapshot.read_text() == "2 read before the fork"
    assert segments(journal.directory) == [2]  # the segment the snapshot holds is gone
    assert not snapshots.compact_if_due()  # and nothing since


def test_a_compaction_waits_until_the_journal_outgrows_the_whole_last_snapshot_items_included(tmp_path: Path) -> None:
    """The last snapshot's size is its items' file and its pickle together: the pickle alone (a few KB) made every
    16 MB of journal rewrite a snapshot of any size, a cost in proportion to the data held."""
    from embedded_cloud.journal import Journal

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / persistence.MOTO_FILE).write_bytes(b"p" * 10)
    (data_dir / "dynamodb-000002.snapshot").write_bytes(b"i" * 5000)
    assert persistence.snapshot_bytes(data_dir) == 5010
    journal = Journal(tmp_path / "journal")
    snapshots = persistence.PeriodicSnapshots(lambda journal_from: None, journal=journal, compact_bytes=100,
                                              snapshot_bytes=partial(persistence.snapshot_bytes, data_dir))
    journal.sync(journal.append([["ddb.item", "x" * 1000]]))
    assert not snapshots.compact_due()  # past compact_bytes and the pickle, not past the items' file
    journal.sync(journal.append([["ddb.item", "x" * 4000]]))
    assert snapshots.compact_due()


def test_stream_records_read_since_the_last_snapshot_count_toward_a_compaction(tmp_path: Path) -> None:
    from embedded_cloud.journal import Journal

    journal = Journal(tmp_path / "journal")
    snapshot = tmp_path / "snapshot"
    stale = {"bytes": 0}
    snapshots = persistence.PeriodicSnapshots(lambda journal_from: snapshot.write_text(str(journal_from)),
                                              journal=journal, compact_bytes=1000,
                                              snapshot_bytes=partial(_size, snapshot),
                                              stale_bytes=lambda: stale["bytes"])
    journal.sync(journal.append([["ddb.item", "x" * 200]]))
    assert not snapshots.compact_if_due()  # the journal alone is too small to be worth it
    stale["bytes"] = 900  # the pollers have read most of what the last snapshot holds of the streams
    assert snapshots.compact_if_due()
