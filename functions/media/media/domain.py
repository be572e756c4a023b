"""The media context's rules (reference §2.7, §9), as plain Python: no AWS, no HTTP.

Keys of the media bucket:

    uploads/avatar/<userId>/<uploadId>      a presigned upload waiting to be checked (private; deleted once
    uploads/poster/<eventId>/<uploadId>     checked, whatever the verdict)
    users/<userId>/avatar-<hash>.jpg        a checked, normalised image, public; a new upload gets a new name
    events/<eventId>/poster-<hash>.jpg      (the hash of its bytes), so caches never serve a stale image
    users/default.png, events/default.png, default.png      what a missing key falls back to

Unlike the reference (§12 item 40), only the owner may upload (a user their avatar, an event's creator its
poster), only JPEG, PNG or WebP images of 1 byte to 5 MB are accepted, and every image is checked server-side.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from kernel.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed

CONTENT_TYPES = ("image/jpeg", "image/png", "image/webp")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_SECONDS = 600  # how long a presigned POST may be used
UPLOADS = "uploads/"

# kind -> (folder of its public images, largest side of the published square, in pixels). The reference SPA
# showed posters at 320 and avatars at 280 CSS pixels; these leave room for high-density screens.
KINDS = {"avatar": ("users", 512), "poster": ("events", 1200)}
ANNOUNCEMENTS = {"avatar": ("media.avatar.updated", "userId"), "poster": ("media.poster.updated", "eventId")}
DEFAULTS = {"users": "users/default.png", "events": "events/default.png"}
FALLBACK = "default.png"
PUBLIC_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_KEY_LENGTH = 1024


DRAFT = "DRAFT"  # an event only its creator sees


class UploadRejected(Exception):
    """An uploaded file that will not be published (it is deleted)."""


class AlreadyPublished(Conflict):
    """A second notification of an upload that is published already."""

    def __init__(self) -> None:
        super().__init__("This upload is published already")


class EventGone(NotFound):
    """The poster's event was deleted while its upload was being checked."""

    def __init__(self) -> None:
        super().__init__("The poster's event is gone")


@dataclass(frozen=True)
class KnownEvent:
    """What media knows of an event, from event.created (the events context owns the event itself)."""

    event_id: str
    creator_id: str
    status: str


@dataclass(frozen=True)
class Target:
    """What an upload is for: the avatar of a user or the poster of an event."""

    kind: str  # a key of KINDS
    entity_id: str

    def upload_key(self, upload_id: str) -> str:
        return f"{UPLOADS}{self.kind}/{self.entity_id}/{upload_id}"

    def public_key(self, content_hash: str) -> str:
        folder, _ = KINDS[self.kind]
        return f"{folder}/{self.entity_id}/{self.kind}-{content_hash[:16]}.jpg"

    @property
    def max_side(self) -> int:
        return KINDS[self.kind][1]

    def announcement(self, url: str) -> tuple[str, dict[str, str]]:
        """The domain event that publishes the new image: (eventType, payload)."""
        event_type, id_field = ANNOUNCEMENTS[self.kind]
        return event_type, {id_field: self.entity_id, "url": url}


@dataclass
class Upload:
    """A stored upload (the object under `key`, in the version `etag`) on its way to be published or rejected."""

    key: str
    etag: str
    target: Target
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def check(self, size: int, content_type: str | None) -> None:
        """What the presigned policy promised, checked again on the stored object (UploadRejected)."""
        check_upload(size, content_type)

    def publish(self, url: str) -> None:
        """The checked image is public at `url`: its announcement (media.avatar.updated / media.poster.updated)."""
        self.events.append(self.target.announcement(url))


def upload_target(kind: str, caller_id: str, event_id: str | None, event: KnownEvent | None) -> Target:
    """What the caller may upload: their own avatar, or the poster of an event they created.

    `event` is what media knows of `event_id` (None when unknown or deleted)."""
    if kind == "avatar":
        if event_id is not None:
            raise ValidationFailed("An avatar belongs to no event", [FieldError("eventId", "must be absent")])
        return Target("avatar", caller_id)
    if event_id is None:
        raise ValidationFailed("A poster needs its event", [FieldError("eventId", "is required for a poster")])
    if event is None or (event.creator_id != caller_id and event.status == DRAFT):
        raise NotFound(f"Event not found: {event_id}")  # others may not even learn that a draft exists
    if event.creator_id != caller_id:
        raise Forbidden("Only the event's creator can change its poster")
    return Target("poster", event_id)


def target_of_upload(key: str) -> Target | None:
    """The target an upload key was issued for, or None for a key that no presigned POST of ours names."""
    parts = key.split("/")
    if len(parts) != 4 or f"{parts[0]}/" != UPLOADS or parts[1] not in KINDS:
        return None
    if not (_is_uuid(parts[2]) and _is_uuid(parts[3])):
        return None
    return Target(parts[1], parts[2])


def check_upload(size: int, content_type: str | None) -> None:
    """What the presigned policy promised, checked again on the stored object."""
    if not 1 <= size <= MAX_UPLOAD_BYTES:
        raise UploadRejected(f"{size} bytes: an upload must be 1 byte to 5 MB")
    if content_type not in CONTENT_TYPES:
        raise UploadRejected(f"content type {content_type!r}: an upload must be {', '.join(CONTENT_TYPES)}")


def is_public_key(key: str) -> bool:
    """A key GET /media/{key+} may answer: plain segments (no '.', '..', empty or hidden ones), not an upload."""
    segments = key.split("/")
    return (len(key) <= MAX_KEY_LENGTH and all(PUBLIC_SEGMENT.match(s) for s in segments)
            and f"{segments[0]}/" != UPLOADS)


def default_for(key: str) -> str:
    """The default image a missing key falls back to, chosen by its first segment."""
    return DEFAULTS.get(key.split("/")[0], FALLBACK)


def posters_of(event_id: str) -> str:
    """The folder of an event's public posters."""
    return f"{KINDS['poster'][0]}/{event_id}/"


def public_url(base_url: str, key: str) -> str:
    return f"{base_url.rstrip('/')}/{key}"


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False
