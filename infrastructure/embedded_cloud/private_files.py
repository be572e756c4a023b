"""The data directory's files are the user's alone: it holds moto's state (plaintext Cognito passwords, a pickle
that is unpickled at start), the token signing key and the Stripe webhook secret. The directory is 0700, files
are 0600, and a file that someone else could have written is refused rather than loaded.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path


class UnsafeFile(Exception):
    """A file of the data directory that another user could have written."""


def private_dir(path: Path) -> Path:
    """Create `path` (and its parents) as 0700; an existing one of ours is tightened to 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_uid == os.getuid():
        path.chmod(0o700)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `path` atomically (a temporary file, then a rename) as 0600."""
    temporary = path.with_name(path.name + ".tmp")
    with suppress(FileNotFoundError):
        temporary.unlink()
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def open_private_for_append(path: Path) -> int:
    """A descriptor appending to `path`, created 0600 if it is new."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


def refuse_if_writable_by_others(path: Path) -> None:
    """Raise UnsafeFile when `path` belongs to another user or its group or anyone else may write it."""
    info = path.stat()
    if info.st_uid != os.getuid():
        raise UnsafeFile(f"{path} belongs to another user: refusing to load it (delete it or the data dir)")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeFile(f"{path} is writable by others (mode {stat.S_IMODE(info.st_mode):o}): refusing to load "
                         f"it; if its content is yours, `chmod 600 {path}`, otherwise delete it")

