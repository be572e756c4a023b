"""The request bodies of event commands (camelCase on the wire, unknown fields refused), and their translation
into the domain's Details. Lengths and formats of the domain are checked by the domain, with its messages."""

from __future__ import annotations

from kernel import http
from pydantic import Field

from .domain import Details, Location

TEXT = 200


class LocationBody(http.Command):
    name: str | None = Field(default=None, max_length=TEXT)
    country: str | None = Field(default=None, max_length=TEXT)
    country_code: str | None = Field(default=None, max_length=3)
    state: str | None = Field(default=None, max_length=TEXT)
    province: str | None = Field(default=None, max_length=TEXT)
    city: str | None = Field(default=None, max_length=TEXT)
    road: str | None = Field(default=None, max_length=TEXT)
    postcode: str | None = Field(default=None, max_length=20)
    house_number: str | None = Field(default=None, max_length=20)
    lat: float | None = None
    lon: float | None = None
    link: str | None = Field(default=None, max_length=2048)

    def location(self) -> Location:
        return Location(**self.model_dump())


class EventBody(http.Command):
    status: str = Field(description="DRAFT or PUBLISHED at creation; the target status on update")
    title: str | None = Field(default=None, max_length=1000)
    description: str | None = Field(default=None, max_length=20000)
    tags: list[str] | None = Field(default=None, max_length=50)
    location: LocationBody | None = None
    date: str | None = Field(default=None, max_length=40, description="local date-time, e.g. 2026-07-15T20:00:00")
    timezone: str | None = Field(default=None, max_length=64, description="IANA time zone of date")
    end_date: str | None = Field(default=None, max_length=40,
                                 description="local end in timezone, after date (default: date + 4 h)")
    collaborator_ids: list[str] | None = Field(default=None, max_length=50)
    creator_id: str | None = Field(default=None, max_length=64, description="if sent, must be the caller")

    def details(self) -> Details:
        return Details(title=self.title or None, description=self.description or None, tags=self.tags,
                       location=self.location.location() if self.location else None, date=self.date,
                       timezone=self.timezone, end_date=self.end_date, collaborator_ids=self.collaborator_ids)

    def cleared(self) -> frozenset[str]:
        """Fields sent as null."""
        names = {"collaborator_ids": "collaboratorIds", "end_date": "endDate"}
        return frozenset(names.get(f, f) for f in self.model_fields_set if getattr(self, f) is None)
