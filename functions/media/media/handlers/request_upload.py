"""POST /media/uploads: a presigned POST for the caller's avatar, or for the poster of an event they created.

The browser sends the file straight to S3 with the answer's `fields` (the file last, as field `file`). The
policy fixes the key (under uploads/), the content type and the size (1 byte to 5 MB); process_upload then
checks the file, publishes the image and announces it with media.avatar.updated / media.poster.updated.
Who created an event is known from the events context's event.created/updated (handlers/consume), never asked.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal
from uuid import UUID, uuid4

from kernel import http
from pydantic import Field

from .. import bucket, domain, store
from ..views import PresignedUpload, documented

router = http.router()


class UploadRequest(http.Command):
    kind: Literal["avatar", "poster"]
    event_id: UUID | None = Field(default=None, description="the event of a poster")
    content_type: Literal["image/jpeg", "image/png", "image/webp"] = Field(
        default="image/jpeg", description="the type of the file that will be sent")


@router.post("/media/uploads", security=http.AUTHENTICATED,
             responses=documented(200, "Where and how to send the file", 400, 401, 403, 404, model=PresignedUpload))
def request_upload(upload: UploadRequest) -> object:
    caller = http.caller(router)
    event_id = str(upload.event_id) if upload.event_id else None
    event = store.known_event(event_id) if upload.kind == "poster" and event_id else None
    target = domain.upload_target(upload.kind, caller.user_id, event_id, event)
    key = target.upload_key(str(uuid4()))
    expires_at = datetime.now(UTC) + timedelta(seconds=domain.UPLOAD_SECONDS)
    form = bucket.presigned_post(key, upload.content_type)
    return http.json_response(200, PresignedUpload(
        url=form["url"], fields=form["fields"], key=key,
        expires_at=expires_at.isoformat(timespec="seconds").replace("+00:00", "Z")))


handler = http.entrypoint(http.create_app("media", router))
