"""The media bucket (S3): presigned uploads, reading uploads, writing public images, reading them back."""

from __future__ import annotations

import os
from dataclasses import dataclass

from botocore.exceptions import ClientError
from kernel.aws import client

from .domain import MAX_UPLOAD_BYTES, UPLOAD_SECONDS

PUBLIC_CACHE = "public, max-age=31536000, immutable"  # public names are never reused


@dataclass(frozen=True)
class StoredObject:
    body: bytes | None  # None when it was too large to be read
    size: int
    content_type: str | None
    etag: str


def name() -> str:
    """The bucket of the functions that are not its notification target (that one learns it from the event)."""
    return os.environ["MEDIA_BUCKET"]


def presigned_post(key: str, content_type: str) -> dict:
    """A POST form S3 accepts only for this key, this content type and 1 byte to 5 MB: {url, fields}."""
    return client("s3").generate_presigned_post(
        Bucket=name(), Key=key, Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, MAX_UPLOAD_BYTES]],
        ExpiresIn=UPLOAD_SECONDS)


def read(bucket: str, key: str, max_bytes: int | None = None) -> StoredObject | None:
    """The object, or None if there is none; its body is left unread when larger than `max_bytes`."""
    try:
        found = client("s3").get_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
            return None
        raise
    size = int(found["ContentLength"])
    with found["Body"] as stream:
        body = stream.read() if max_bytes is None or size <= max_bytes else None
    return StoredObject(body, size, found.get("ContentType"), found["ETag"].strip('"'))


def put_public(bucket: str, key: str, jpeg: bytes) -> None:
    client("s3").put_object(Bucket=bucket, Key=key, Body=jpeg, ContentType="image/jpeg", CacheControl=PUBLIC_CACHE)


def delete(bucket: str, key: str) -> None:
    client("s3").delete_object(Bucket=bucket, Key=key)


def delete_folder(bucket: str, prefix: str) -> None:
    """Every object whose key starts with `prefix` (a folder: it ends with '/')."""
    s3 = client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
