"""The journal's files: what a crash can leave behind is read back as exactly the commits that were synced."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from embedded_cloud import journal
from embedded_cloud.journal import Journal, UnknownFormat


def _entries(directory: Path, first: int = 1) -> list:
    return [entry for _, entry in journal.replay(directory, first)]


def test_synced_commits_are_read_back_with_their_values(tmp_path: Path) -> None:
    log = Journal(tmp_path)
    moment = datetime(2026, 12, 5, 1, 2, 3, tzinfo=UTC)
    log.sync(log.append([["a", 1], ["b", {"when": moment, "raw": b"\x00\xff", "tags": {"x"}}]]))
    log.sync(log.append([["c", None]]))
    assert _entries(tmp_path) == [["a", 1], ["b", {"when": moment, "raw": b"\x00\xff", "tags": {"x"}}], ["c", None]]


def test_a_commit_cut_short_by_a_crash_ends_the_replay(tmp_path: Path) -> None:
    log = Journal(tmp_path)
    log.sync(log.append([["kept", 1]]))
    log.sync(log.append([["torn", 2]]))
    segment = tmp_path / "000001.log"
    segment.write_bytes(segment.read_bytes()[:-5])  # the last line, half written when the power went
    assert _entries(tmp_path) == [["kept", 1]]


def test_a_start_writes_a_new_segment_and_replays_the_old_ones(tmp_path: Path) -> None:
    first = Journal(tmp_path)
    first.sync(first.append([["before", 1]]))  # then kill -9: no close
    second = Journal(tmp_path)
    second.sync(second.append([["after", 2]]))
    assert (first.segment, second.segment) == (1, 2)
    assert _entries(tmp_path) == [["before", 1], ["after", 2]]


@pytest.mark.parametrize("fsync", [True, False])
def test_a_test_cloud_journal_skips_the_disk_flush_and_still_keeps_every_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fsync: bool) -> None:
    flushes: list[int] = []
    monkeypatch.setattr(journal.os, "fdatasync", lambda fd: flushes.append(fd))
    monkeypatch.setattr(journal.os, "fsync", lambda fd: flushes.append(fd))
    log = Journal(tmp_path, fsync=fsync)
    log.write_blob(f"{log.segment}-1", b"object")
    log.sync(log.append([["kept", 1]]))  # then kill -9 of the platform: what the OS was given stays
    assert bool(flushes) is fsync
    assert _entries(tmp_path) == [["kept", 1]]
    assert log.blob_path(f"{log.segment}-1").read_bytes() == b"object"


def test_a_snapshot_rotates_and_drops_what_it_holds(tmp_path: Path) -> None:
    log = Journal(tmp_path)
    log.append([["in the snapshot", 1]])
    log.write_blob(f"{log.segment}-1", b"old object")
    start = log.rotate()
    log.sync(log.append([["after it", 2]]))
    log.drop_before(start)
    assert _entries(tmp_path, start) == [["after it", 2]]
    assert journal.segments(tmp_path) == [start]
    assert list(log.blobs.iterdir()) == []


def test_concurrent_commits_are_all_durable_when_their_sync_returns(tmp_path: Path) -> None:
    log = Journal(tmp_path)

    def writer(n: int) -> None:
        for i in range(50):
            log.sync(log.append([["w", n, i]]))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = _entries(tmp_path)
    assert sorted(map(tuple, entries)) == [("w", n, i) for n in range(4) for i in range(50)]


def test_a_journal_of_an_unknown_format_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "000001.log").write_bytes(journal._line({"format": 99}))
    with pytest.raises(UnknownFormat, match="journal format"):
        _entries(tmp_path)
