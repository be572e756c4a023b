"""Typed errors that domains and handlers raise; the HTTP layer maps each to one problem+json status, once."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldError:
    field: str
    message: str


@dataclass
class DomainError(Exception):
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    status = 500
    slug = "internal"
    title = "Internal Server Error"

    def __str__(self) -> str:
        return self.detail


class ValidationFailed(DomainError):
    status, slug, title = 400, "validation", "Bad Request"


class Unauthorized(DomainError):
    status, slug, title = 401, "unauthorized", "Unauthorized"


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Forbidden"


class EmailNotVerified(Forbidden):
    """The caller's e-mail address is not verified yet: browsing works, buying and publishing do not."""
    slug, title = "email-not-verified", "E-mail Not Verified"


class TwoFactorRequired(Forbidden):
    """The platform asks this for two-factor sign-in first (organizations selling tickets, if it is so set)."""
    slug, title = "two-factor-required", "Two-Factor Sign-In Required"


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not Found"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict"


class PayloadTooLarge(DomainError):
    status, slug, title = 413, "payload-too-large", "Payload Too Large"


class UnsupportedMediaType(DomainError):
    status, slug, title = 415, "unsupported-media-type", "Unsupported Media Type"


@dataclass
class TooManyRequests(DomainError):
    """A limit was reached; `retry_after` seconds until it lets the caller in again (the Retry-After header)."""
    retry_after: int = 60
    status, slug, title = 429, "too-many-requests", "Too Many Requests"


class ServiceUnavailable(DomainError):
    status, slug, title = 503, "service-unavailable", "Service Unavailable"
