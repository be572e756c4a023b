"""An append-only journal of values, fsync'd with group commit: what makes an acknowledged write survive `kill -9`.

The journal is a sequence of segment files (`journal/000001.log`, ...). Each line is one commit: the CRC-32 of its
JSON, a space, the JSON (a list of entries, each `[kind, ...]`). A line cut short by a crash fails its CRC and
ends the replay there: it was never acknowledged, since `sync` returns only after the line is on disk.

Group commit: `append` writes the line (cheap, under the caller's lock); `sync` waits until it is on disk. The
first waiter fsyncs everything written so far while the others queue behind it, so one fsync covers many commits.
A snapshot starts a new segment (`rotate`) and, once it is safely written, drops the segments before it.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import threading
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .private_files import open_private_for_append, private_dir

log = logging.getLogger("eventonight.journal")

FORMAT = 1  # the first line of every segment names it; a reader that does not know it stops with a clear error
_SEGMENT = re.compile(r"^(\d{6,})\.log$")


class UnknownFormat(Exception):
    """A journal written in a format this version cannot read."""


class Journal:
    def __init__(self, directory: Path, fsync: bool = True) -> None:
        """Without `fsync`, a commit counts as durable once written to the file (the OS has it: it survives the
        platform's crash, not the machine's) - for clouds of tests, whose fsyncs only wait on the disk."""
        self.fsync = fsync
        self.directory = private_dir(directory)
        self.blobs = private_dir(directory / "blobs")
        self._lock = threading.Lock()  # the file position and counters
        self._sync_lock = threading.Lock()  # one fsync at a time; waiters queue here (group commit)
        self._written = self._durable = 0  # commits written / known to be on disk
        self._bytes = 0  # written to the current segment
        existing = segments(directory)
        self.segment = (existing[-1] + 1) if existing else 1
        self._fd = self._open(self.segment)

    def _open(self, number: int) -> int:
        fd = open_private_for_append(self.directory / f"{number:06d}.log")
        os.write(fd, _line({"format": FORMAT}))
        if self.fsync:
            _fsync_directory(self.directory)
        return fd

    @property
    def size(self) -> int:
        """Bytes written to the current segment since it was started."""
        return self._bytes

    def append(self, entries: list[Any]) -> int:
        """Write one commit; return its ticket for `sync`."""
        line = _line(entries)
        with self._lock:
            os.write(self._fd, line)
            self._bytes += len(line)
            self._written += 1
            return self._written

    def last_ticket(self) -> int:
        """The ticket of the last commit written: `sync` it to wait for everything so far."""
        return self._written

    def sync(self, ticket: int) -> None:
        """Return once the commit of `ticket` (and every one before it) is on disk."""
        if self._durable >= ticket or not self.fsync:
            return
        with self._sync_lock:
            if self._durable >= ticket:
                return  # someone else's fsync covered it
            with self._lock:
                target, fd = self._written, self._fd
            os.fdatasync(fd)
            self._durable = max(self._durable, target)

    def blob_path(self, name: str) -> Path:
        return self.blobs / name

    def write_blob(self, name: str, data: bytes) -> None:
        """A file the next commit refers to (S3 objects), on disk before that commit is."""
        descriptor = os.open(self.blobs / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if self.fsync:
                os.fsync(handle.fileno())

    def rotate(self) -> int:
        """Start a new segment (the caller holds the lock of everything that writes); return its number."""
        with self._sync_lock, self._lock:
            if self.fsync:
                os.fdatasync(self._fd)
            os.close(self._fd)
            self._durable = self._written
            self.segment += 1
            self._fd = self._open(self.segment)
            self._bytes = 0
            return self.segment

    def drop_before(self, segment: int) -> None:
        """Delete the segments (and blobs) a snapshot made redundant: those before `segment`."""
        for number in segments(self.directory):
            if number < segment:
                (self.directory / f"{number:06d}.log").unlink(missing_ok=True)
        for blob in self.blobs.iterdir():
            if int(blob.name.split("-", 1)[0]) < segment:
                blob.unlink(missing_ok=True)

    def close(self) -> None:
        with self._sync_lock, self._lock:
            if self.fsync:
                os.fdatasync(self._fd)
            os.close(self._fd)
            self._fd = -1


def segments(directory: Path) -> list[int]:
    if not directory.is_dir():
        return []
    return sorted(int(m.group(1)) for p in directory.iterdir() if (m := _SEGMENT.match(p.name)))


def replay(directory: Path, first: int) -> Iterator[tuple[int, Any]]:
    """(segment, entry) for every committed entry of the segments from `first` on, in order."""
    for number in segments(directory):
        if number >= first:
            for entry in read_file(directory / f"{number:06d}.log"):
                yield number, entry


def read_file(path: Path) -> Iterator[Any]:
    """The entries of one file of journal lines (a segment, or a snapshot's DynamoDB data)."""
    with path.open("rb") as handle:
        header = _parse(handle.readline())
        if header is None:
            return  # created, then the crash: nothing in it
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise UnknownFormat(f"{path} is journal format {header!r}; this version reads format {FORMAT}")
        for raw in handle:
            entries = _parse(raw)
            if entries is None:
                log.warning("%s ends with a commit cut short (never acknowledged): ignored", path.name)
                return
            yield from entries


def write_file(path: Path, entries: Iterator[Any], per_line: int = 1000) -> None:
    """A file of journal lines, written whole then renamed into place (a snapshot's DynamoDB data)."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(_line({"format": FORMAT}))
        batch: list[Any] = []
        for entry in entries:
            batch.append(entry)
            if len(batch) == per_line:
                handle.write(_line(batch))
                batch = []
        if batch:
            handle.write(_line(batch))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def _encode(value: Any) -> Any:
    """The few non-JSON values moto's objects hold: datetimes, bytes and sets."""
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, bytes | bytearray):
        return {"$b64": base64.b64encode(value).decode()}
    if isinstance(value, set | frozenset):
        return {"$set": sorted(value, key=str)}
    raise TypeError(f"cannot journal a {type(value).__name__}")


def _decode(value: dict) -> Any:
    if len(value) == 1:
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$b64" in value:
            return base64.b64decode(value["$b64"])
        if "$set" in value:
            return set(value["$set"])
    return value


def _line(value: Any) -> bytes:
    data = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_encode).encode()
    return b"%08x %s\n" % (zlib.crc32(data), data)


def _parse(raw: bytes) -> Any:
    if not raw.endswith(b"\n") or len(raw) < 10:
        return None
    crc, data = raw[:8], raw[9:-1]
    try:
        if int(crc, 16) != zlib.crc32(data):
            return None
    except ValueError:
        return None
    if b'"$' not in data:
        return json.loads(data)  # no tagged value: the decoder's fast path, without a call per object
    return json.loads(data, object_hook=_decode)


def _fsync_directory(directory: Path) -> None:
    """A new file's name is durable only once its directory is fsync'd."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
