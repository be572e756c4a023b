"""Where the users context's avatars live: the media context's public URLs (MEDIA_BASE_URL)."""

from __future__ import annotations

import os


def _base() -> str:
    return os.environ["MEDIA_BASE_URL"].rstrip("/")


def default_avatar() -> str:
    return f"{_base()}/users/default.png"


def is_our_media(url: str) -> bool:
    """Only images the media context published may become an avatar."""
    return url.startswith(_base() + "/")
