"""Stripe's error responses: `{"error": {"type", "message", "param", "code", "doc_url"}}` and statuses."""

from __future__ import annotations


class StripeError(Exception):
    """An API error rendered exactly as Stripe renders it."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        extra: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.extra = extra or {}

    def body(self) -> dict:
        error: dict = {"message": self.message, "type": self.type}
        if self.param is not None:
            error["param"] = self.param
        if self.code is not None:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        error.update(self.extra)
        return {"error": error}


def invalid_request(message: str, param: str | None = None, code: str | None = None) -> StripeError:
    return StripeError(400, message, param=param, code=code)


def missing_param(param: str) -> StripeError:
    return invalid_request(f"Missing required param: {param}.", param, "parameter_missing")


def unknown_param(param: str) -> StripeError:
    return invalid_request(f"Received unknown parameter: {param}", param, "parameter_unknown")


def no_such(kind: str, object_id: str, param: str = "id") -> StripeError:
    return StripeError(404, f"No such {kind}: '{object_id}'", param=param, code="resource_missing")


def unsupported_param(param: str) -> StripeError:
    """A real Stripe parameter this emulator does not model: say so rather than silently ignore it."""
    return invalid_request(
        f"The parameter {param} is valid on Stripe but not supported by the embedded cloud's Stripe "
        "emulator (it implements what the platform uses).",
        param,
        "parameter_unknown",
    )
