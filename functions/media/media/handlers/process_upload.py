"""The media bucket's ObjectCreated notification: an upload is checked, normalised and published, or deleted.

S3 enforces a presigned policy on AWS, moto does not, and checking again is right anyway: the size and the
declared type of the stored object, then Pillow must really decode it (images.square_jpeg). The square JPEG
is written under a new public name (the hash of its bytes); one transaction then records the upload as
published, checks that a poster's event still exists and adds media.avatar.updated / media.poster.updated to
the outbox; the upload is deleted last.

A rejected upload is deleted and publishes nothing. A second notification of the same upload finds it gone,
or recorded as published, and publishes nothing more. Our own writes of public images notify this function
too (a notification filter on uploads/ awaits the embedded cloud): they are not uploads and are ignored.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger

from .. import bucket, domain, images, store

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> None:
    for record in event.get("Records", []):
        if record.get("eventName", "").startswith("ObjectCreated:"):
            process(record["s3"]["bucket"]["name"], unquote_plus(record["s3"]["object"]["key"]))


def process(bucket_name: str, key: str) -> None:
    if not key.startswith(domain.UPLOADS):
        return
    target = domain.target_of_upload(key)
    if target is None:
        _reject(bucket_name, key, domain.UploadRejected("no presigned POST names this key"))
        return
    stored = bucket.read(bucket_name, key, max_bytes=domain.MAX_UPLOAD_BYTES)
    if stored is None:
        logger.info("upload already handled", extra={"key": key})
        return
    upload = domain.Upload(key, stored.etag, target)
    try:
        upload.check(stored.size, stored.content_type)
        assert stored.body is not None  # read whenever its size passed
        jpeg = images.square_jpeg(stored.body, target.max_side)
    except domain.UploadRejected as rejection:
        _reject(bucket_name, key, rejection)
        return
    public_key = target.public_key(hashlib.sha256(jpeg).hexdigest())
    bucket.put_public(bucket_name, public_key, jpeg)
    upload.publish(domain.public_url(os.environ["MEDIA_BASE_URL"], public_key))
    outcome = store.publish(upload, public_key)
    if outcome is store.Outcome.EVENT_GONE:
        bucket.delete(bucket_name, public_key)
    logger.info("upload handled", extra={"key": key, "outcome": outcome.value, "publicKey": public_key})
    bucket.delete(bucket_name, key)


def _reject(bucket_name: str, key: str, rejection: domain.UploadRejected) -> None:
    logger.warning("upload rejected", extra={"key": key, "reason": str(rejection)})
    bucket.delete(bucket_name, key)
