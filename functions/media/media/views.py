"""What the media API sends, as `http.View` models its OpenAPI document shows (kernel.responses)."""

from __future__ import annotations

from kernel import http, responses
from pydantic import Field


class PresignedUpload(http.View):
    url: str = Field(description="where to POST the multipart form")
    fields: dict[str, str] = Field(description="form fields to send as they are, before the file")
    key: str
    expires_at: str


documented = responses.Answers({403: "Only the event's creator changes its poster",
                                404: "No such event (or a draft of someone else)"})
