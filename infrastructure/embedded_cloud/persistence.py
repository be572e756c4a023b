"""State that survives a restart: moto's backends, pickled under the server lock, plus our own JSON state.

A snapshot is written atomically (temporary file, then rename) on a clean stop and periodically while running;
a hard kill loses what changed since the last snapshot. Locks and RSA keys inside moto's objects are pickled
by value (a fresh lock; the key as PEM).
"""

from __future__ import annotations

import copyreg
import io
import json
import logging
import os
import pickle
import threading
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .moto_server import backend_lock

log = logging.getLogger("eventonight.persistence")

# Data only: functions, roles and APIs are declared by the template and deployed again on every start.
SERVICES = ("dynamodb", "sqs", "cognitoidp", "s3", "events", "stepfunctions")
MOTO_FILE = "moto-state.pickle"
RUNTIME_FILE = "runtime-state.json"


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


def save(data_dir: Path, runtime_state: dict[str, Any]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with backend_lock():
        state = {service: [(account, region, backend) for account, region, backend in backends.iter_backends()]
                 for service, backends in _backend_dicts().items()}
        _StatePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
        runtime_json = json.dumps(runtime_state)
    _write_atomically(data_dir / MOTO_FILE, buffer.getvalue())
    _write_atomically(data_dir / RUNTIME_FILE, runtime_json.encode())


def load(data_dir: Path) -> dict[str, Any] | None:
    """Put the saved backends back into moto; return our saved runtime state (None when there is none)."""
    moto_file, runtime_file = data_dir / MOTO_FILE, data_dir / RUNTIME_FILE
    if not moto_file.exists():
        return None
    state = pickle.loads(moto_file.read_bytes())  # noqa: S301 - our own file in the user's data dir
    with backend_lock():
        live = _backend_dicts()
        for service, entries in state.items():
            for account, region, backend in entries:
                live[service][account][region] = backend
    log.info("restored state from %s", data_dir)
    return json.loads(runtime_file.read_text()) if runtime_file.exists() else {}


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


class PeriodicSnapshots(threading.Thread):
    def __init__(self, save_now: Any, interval: float = 30.0) -> None:
        super().__init__(name="snapshots", daemon=True)
        self.save_now = save_now
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                self.save_now()
            except Exception:
                log.exception("snapshot failed")

    def stop(self) -> None:
        self.stopping.set()
