"""State that survives a restart: a snapshot (moto's backends, pickled under the server lock, plus our own JSON
state) and, on top of it, the journal of every write acknowledged since (`journal`, `durable`).

A snapshot is written atomically (temporary file, then rename). It names the first journal segment it does not
contain (`journal_from`): a start loads it, then replays the journal from there. The journal makes every
acknowledged write durable; the snapshot only bounds how much of it a start replays (compaction). Locks and RSA
keys inside moto's objects are pickled by value (a fresh lock; the key as PEM).

Pickling takes time in proportion to the data (about 110 MB and 5-30 s for 10,000 events with their stream
records), and nothing may change meanwhile. A periodic snapshot therefore forks where it can: the lock is held
only while forking, and the child pickles its copy-on-write view of that instant while the server goes on.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import io
import itertools
import json
import logging
import os
import pickle
import signal
import threading
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .moto_server import backend_lock
from .private_files import private_dir, refuse_if_writable_by_others, write_private

log = logging.getLogger("eventonight.persistence")

# Data only: functions, roles and APIs are declared by the template and deployed again on every start.
SERVICES = ("dynamodb", "sqs", "cognitoidp", "s3", "events", "stepfunctions")
MOTO_FILE = "moto-state.pickle"
RUNTIME_FILE = "runtime-state.json"
JOURNAL_DIR = "journal"
# Of the snapshot: 1 was the bare dict of backends, without a journal; 2 kept every stream record, which 3 reads too
# (a stream that starts at its first record); 3 leaves out those every poller has read.
FORMAT = 3
READABLE = (2, FORMAT)
_FORMAT_KEY = "eventonight-state-format"


class UnreadableState(Exception):
    """Saved state this version cannot read (another moto, another format): said in one line, with the way out."""


def _new_rlock() -> Any:
    return threading.RLock()


def _new_lock() -> Any:
    return threading.Lock()


def _load_private_key(pem: bytes) -> Any:
    return serialization.load_pem_private_key(pem, password=None)


def _reduce_private_key(key: Any) -> tuple:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return _load_private_key, (pem,)


class _StatePickler(pickle.Pickler):
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[type(threading.RLock())] = lambda _: (_new_rlock, ())
    dispatch_table[type(threading.Lock())] = lambda _: (_new_lock, ())

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, rsa.RSAPrivateKey):
            return _reduce_private_key(obj)
        return NotImplemented


def _backend_dicts() -> dict[str, Any]:
    from moto.backends import get_backend

    return {service: get_backend(service) for service in SERVICES}


def prepare(data_dir: Path) -> None:
    """Create the data dir (0700); refuse saved state that another user could have written (UnsafeFile)."""
    private_dir(data_dir)
    for name in (MOTO_FILE, RUNTIME_FILE):
        if (data_dir / name).exists():
            refuse_if_writable_by_others(data_dir / name)


def save(data_dir: Path, runtime_state: dict[str, Any], journal_from: int = 1,
         streams_read: dict[str, int] | None = None) -> None:
    """Write a snapshot of everything the journal's segments before `journal_from` hold (and maybe more), without
    the stream records every poller has read (`streams_read`: stream ARN -> last sequence number read by all)."""
    import moto

    from .durable import dynamodb, stepfunctions
    from .journal import write_file

    private_dir(data_dir)
    buffer = io.BytesIO()
    items_file = f"dynamodb-{journal_from:06d}.snapshot"
    with backend_lock():
        entries = itertools.chain(dynamodb.snapshot_entries(streams_read), stepfunctions.snapshot_entries())
        write_file(data_dir / items_file, entries)
        backends = {service: [(account, region, backend) for account, region, backend in backends.iter_backends()]
                    for service, backends in _backend_dicts().items()}
        state = {_FORMAT_KEY: FORMAT, "moto": moto.__version__, "journal_from": journal_from, "backends": backends,
                 "dynamodb_items": items_file}
        with dynamodb.without_data():
            _StatePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
        runtime_json = json.dumps({**runtime_state, "journal_from": journal_from})
    write_private(data_dir / MOTO_FILE, buffer.getvalue())
    write_private(data_dir / RUNTIME_FILE, runtime_json.encode())
    for old in data_dir.glob("dynamodb-*.snapshot"):
        if old.name != items_file:
            old.unlink(missing_ok=True)


def snapshot_bytes(data_dir: Path) -> int:
    """The size of the last snapshot: the DynamoDB items' file (nearly all of it) and the pickle of the rest."""
    total = 0
    for path in (data_dir / MOTO_FILE, *data_dir.glob("dynamodb-*.snapshot")):
        with contextlib.suppress(FileNotFoundError):  # a compaction may delete the older one meanwhile
            total += path.stat().st_size
    return total


class Saved:
    """What a start found: the runtime state and where the journal's replay starts for moto and for the runtime."""

    def __init__(self, runtime: dict[str, Any] | None, moto_from: int, runtime_from: int) -> None:
        self.runtime, self.moto_from, self.runtime_from = runtime, moto_from, runtime_from


def load(data_dir: Path) -> dict[str, Any] | None:
    """Put the saved backends back into moto; return our saved runtime state (None when there is none)."""
    return restore(data_dir).runtime


def restore(data_dir: Path) -> Saved:
    moto_file, runtime_file = data_dir / MOTO_FILE, data_dir / RUNTIME_FILE
    for unfinished in data_dir.glob("*.tmp"):  # a compaction cut short by a crash (the kept snapshot is whole)
        unfinished.unlink(missing_ok=True)
    if not moto_file.exists():
        return Saved(None, 1, 1)
    prepare(data_dir)  # unpickling runs code: only a file no one else could write
    state = _readable(moto_file)
    with backend_lock():
        live = _backend_dicts()
        for service, entries in state["backends"].items():
            for account, region, backend in entries:
                live[service][account][region] = backend
        if state.get("dynamodb_items"):
            _restore_items(data_dir / state["dynamodb_items"])
    log.info("restored state from %s", data_dir)
    runtime = json.loads(runtime_file.read_text()) if runtime_file.exists() else {}
    runtime_from = runtime.pop("journal_from", 1)
    return Saved(runtime, state["journal_from"], runtime_from)


def _restore_items(path: Path) -> None:
    from . import durable
    from .journal import read_file

    for entry in read_file(path):
        durable.apply(entry, None)


def unreadable(path: Path, why: str) -> UnreadableState:
    return UnreadableState(
        f"the saved state {path} cannot be read by this version ({why}); nothing was changed. Keep your data: run "
        f"`eventonight export` with the version that saved it, then `eventonight import` with this one "
        f"(or move the data dir away to start empty)")


def _readable(moto_file: Path) -> dict[str, Any]:
    import moto

    try:
        state = _unpickled(moto_file.read_bytes())
    except Exception as error:  # a moto upgrade: a class moved, renamed or changed shape
        raise unreadable(moto_file, f"{type(error).__name__}: {error}; this is moto {moto.__version__}") from error
    if isinstance(state, dict) and _FORMAT_KEY not in state and set(state) <= set(SERVICES):
        return {"backends": state, "journal_from": 1}  # format 1: the backends alone, no journal
    if not isinstance(state, dict) or state.get(_FORMAT_KEY) not in READABLE:
        found = state.get(_FORMAT_KEY) if isinstance(state, dict) else type(state).__name__
        raise unreadable(moto_file, f"format {found!r}, this version reads formats {READABLE}")
    return state


def _unpickled(data: bytes) -> Any:
    """Unpickle with the cyclic garbage collector off: its passes over millions of new objects took most of it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)  # noqa: S301 - our own file in the user's data dir
    finally:
        if was_enabled:
            gc.enable()


class PeriodicSnapshots(threading.Thread):
    """Calls `save_now` every `interval` seconds, in a forked child where the platform can fork, unless `version`
    (a value that moves with every change of the state saved) is the one of the last snapshot: an idle platform
    does no work in proportion to its data (pickling 20,000 items every 30 s was 16 % of a core).

    With a `journal`, a snapshot is a compaction: taken only when the journal (with the snapshot's `stale_bytes`)
    has grown past `compact_bytes` or the size of the last snapshot (so its cost is proportional to what was
    written since), on a new segment
    (`save_now(journal_from)`); the segments it holds are deleted once it is safely written."""

    CHILD_TIMEOUT = 300.0  # a child stuck on a lock held at the fork (Stripe's) is killed; the next one retries

    def __init__(self, save_now: Any, interval: float = 30.0, version: Any = None, journal: Any = None,
                 compact_bytes: int = 16 << 20, snapshot_bytes: Any = None, prepare: Any = None,
                 stale_bytes: Any = None) -> None:
        super().__init__(name="snapshots", daemon=True)
        self.save_now = save_now
        self.interval = interval
        self.version = version or object  # no version: every snapshot differs
        self.saved_version: Any = None
        self.journal = journal
        self.compact_bytes = compact_bytes
        self.snapshot_bytes = snapshot_bytes or (lambda: 0)  # the size of the last snapshot, all its files
        # Run before forking, under the moto lock: state guarded by other locks (the Stripe emulator's), read here
        # and handed to `save_now`, since a child could wait forever on a lock another thread held at the fork.
        self.prepare = prepare
        # Bytes of the last snapshot a start would read in vain (stream records read since): they count as
        # journal, so a compaction also drops what every poller has read since the last one.
        self.stale_bytes = stale_bytes or (lambda: 0)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                if self.journal is not None:
                    self.compact_if_due()
                elif hasattr(os, "fork"):
                    self._save_in_child()
                else:
                    version = self.version()
                    if version != self.saved_version:
                        self.save_now()
                        self.saved_version = version
            except Exception:
                log.exception("snapshot failed")

    def stop(self) -> None:
        """No snapshot is running or will start once this returns (a child's late rename would undo a newer save)."""
        self.stopping.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(30)

    def journal_bytes(self) -> int:
        """What a start would replay: the current segment and older ones a snapshot does not hold yet."""
        from .journal import segments

        directory = self.journal.directory
        current = self.journal.segment
        older = sum((directory / f"{n:06d}.log").stat().st_size for n in segments(directory) if n < current)
        return older + self.journal.size

    def compact_due(self) -> bool:
        return self.journal_bytes() + self.stale_bytes() >= max(self.compact_bytes, self.snapshot_bytes())

    def compact_if_due(self, force: bool = False, in_process: bool = False) -> bool:
        """Snapshot and drop the journal it holds, if it has grown enough (or `force`); True when done.
        `in_process` (a first start's small state, an import) saves without forking, holding the moto lock."""
        with backend_lock():
            if self.stopping.is_set() or not (force or self.compact_due()):
                return False
            journal_from = self.journal.rotate()
            prepared = (self.prepare(),) if self.prepare else ()
            if in_process or not hasattr(os, "fork"):
                self.save_now(journal_from, *prepared)
                self.journal.drop_before(journal_from)
                return True
            pid = os.fork()
            if pid == 0:
                self._child_main(journal_from, *prepared)
        if self._await_child(pid):
            self.journal.drop_before(journal_from)
            return True
        return False

    def _save_in_child(self) -> None:
        with backend_lock():
            version = self.version()  # under the lock: the version of exactly what the child sees
            if self.stopping.is_set() or version == self.saved_version:
                return
            pid = os.fork()
            if pid == 0:  # the child: only this thread, holding (its copy of) the lock; never returns
                self._child_main()
        if self._await_child(pid):
            self.saved_version = version

    def _child_main(self, *args: Any) -> None:
        code = 1
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            gc.disable()
            self.save_now(*args)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing the parent's buffers

    def _await_child(self, pid: int) -> bool:
        """True when the child saved its snapshot."""
        deadline = time.monotonic() + self.CHILD_TIMEOUT
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                if status:
                    log.error("snapshot failed in its child process (wait status %s)", status)
                return status == 0
            if self.stopping.is_set() or time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                if not self.stopping.is_set():
                    log.error("snapshot took longer than %.0f s: killed", self.CHILD_TIMEOUT)
                return False
            self.stopping.wait(0.05)
