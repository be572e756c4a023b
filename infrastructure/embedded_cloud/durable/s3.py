"""S3: every object written, as a file of its bytes beside the journal (`journal/blobs/`) and a journal entry with
its metadata; every object deleted. Only an object's newest version is kept."""

from __future__ import annotations

import itertools
from typing import Any

from moto.s3.models import S3Backend, s3_backends

_installed = False
_tracking = False
_dirty: dict[tuple[str, str], None] = {}
_names = itertools.count(1)


def start_tracking(on: bool) -> None:
    global _tracking
    _dirty.clear()
    _tracking = on


def _mark(bucket_name: str, key_name: str) -> None:
    if _tracking:
        _dirty[(bucket_name, key_name)] = None


def install() -> None:
    global _installed
    if _installed:
        return
    put_object, delete_object = S3Backend.put_object, S3Backend.delete_object

    def put_and_mark(self: S3Backend, bucket_name: str, key_name: str, *args: Any, **kwargs: Any) -> Any:
        key = put_object(self, bucket_name, key_name, *args, **kwargs)
        _mark(bucket_name, key_name)
        return key

    def delete_and_mark(self: S3Backend, bucket_name: str, key_name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return delete_object(self, bucket_name, key_name, *args, **kwargs)
        finally:
            _mark(bucket_name, key_name)

    S3Backend.put_object, S3Backend.delete_object = put_and_mark, delete_and_mark
    _installed = True


def collect(journal: Any) -> list[Any]:
    entries: list[Any] = []
    for bucket_name, key_name in _dirty:
        partition, account = s3_backends.bucket_accounts.get(bucket_name, ("aws", None))
        if account is None:
            continue
        bucket = s3_backends[account][partition].buckets.get(bucket_name)
        key = bucket.keys.get(key_name) if bucket is not None else None
        if key is None:
            entries.append(["s3.object", account, partition, bucket_name, key_name, None, None])
            continue
        blob = f"{journal.segment}-{next(_names)}"
        journal.write_blob(blob, key.value)
        entries.append(["s3.object", account, partition, bucket_name, key_name, blob, dict(key.metadata)])
    _dirty.clear()
    return entries


def apply(entry: list[Any], journal_dir: Any) -> None:
    _, account, partition, bucket_name, key_name, blob, metadata = entry
    backend = s3_backends[account][partition]
    if bucket_name not in backend.buckets:
        return
    s3_backends.bucket_accounts.setdefault(bucket_name, (partition, account))
    if blob is None:
        backend.buckets[bucket_name].keys.pop(key_name, None)
        return
    key = backend.put_object(bucket_name, key_name, (journal_dir / "blobs" / blob).read_bytes(),
                             disable_notification=True)
    key.set_metadata(metadata, replace=True)
