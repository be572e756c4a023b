"""Read decoded request parameters and report problems as Stripe does, naming the full param path
(`line_items[0][price_data][currency]`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.utils import parseaddr
from urllib.parse import urlsplit

from .errors import invalid_request, missing_param, unknown_param, unsupported_param

ANY = "any"  # schema leaf: accepted as is
UNSUPPORTED = "unsupported"  # a real Stripe parameter this emulator does not implement

_INTEGER = re.compile(r"-?\d+")


def param_path(prefix: str, key: str) -> str:
    return f"{prefix}[{key}]" if prefix else key


def as_list(value: object, name: str) -> list:
    """Arrays arrive as `a[]` lists or as `a[0]`, `a[1]` dicts; both mean a list."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and all(key.isdigit() for key in value):
        return [value[key] for key in sorted(value, key=int)]
    raise invalid_request("Invalid array", name)


def reject_unknown(params: dict, schema: dict, prefix: str = "") -> None:
    """Stripe refuses parameters it does not know; `schema` maps each allowed key to ANY, UNSUPPORTED,
    a nested schema dict, or a one-element list holding the schema of each array element."""
    for key, value in params.items():
        name = param_path(prefix, key)
        rule = schema.get(key)
        if rule is None:
            raise unknown_param(name)
        if rule == UNSUPPORTED:
            raise unsupported_param(name)
        if isinstance(rule, dict) and isinstance(value, dict):
            reject_unknown(value, rule, name)
        elif isinstance(rule, list):
            for index, item in enumerate(as_list(value, name)):
                if isinstance(item, dict):
                    reject_unknown(item, rule[0], f"{name}[{index}]")


class Params:
    """Typed access to one level of parameters; `prefix` is its path for error messages."""

    def __init__(self, data: dict, prefix: str = "") -> None:
        self.data = data
        self.prefix = prefix

    def name(self, key: str) -> str:
        return param_path(self.prefix, key)

    def _raw(self, key: str, required: bool) -> object | None:
        value = self.data.get(key)
        if value == "" and required:
            name = self.name(key)
            raise invalid_request(
                f"You passed an empty string for '{name}'. We assume empty values are an attempt to unset "
                f"a parameter; however '{name}' cannot be unset. You should remove '{name}' from your "
                "request or supply a non-empty value.",
                name,
                "parameter_invalid_empty",
            )
        if value is None or value == "":
            if required:
                raise missing_param(self.name(key))
            return None
        return value

    def string(self, key: str, *, required: bool = False, max_length: int | None = None) -> str | None:
        value = self._raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise invalid_request(f"Invalid string: {value!r}", self.name(key))
        if max_length is not None and len(value) > max_length:
            raise invalid_request(
                f"Invalid string: {value[:50]}...; must be at most {max_length} characters",
                self.name(key),
                "string_length",
            )
        return value

    def integer(
        self, key: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        raw = self.string(key, required=required)
        if raw is None:
            return None
        if not _INTEGER.fullmatch(raw):
            raise invalid_request(f"Invalid integer: {raw}", self.name(key), "parameter_invalid_integer")
        value = int(raw)
        if minimum is not None and value < minimum:
            raise invalid_request(f"This value must be greater than or equal to {minimum}.", self.name(key))
        if maximum is not None and value > maximum:
            raise invalid_request(f"This value must be less than or equal to {maximum}.", self.name(key))
        return value

    def boolean(self, key: str) -> bool | None:
        raw = self.string(key)
        if raw is None:
            return None
        if raw not in ("true", "false"):
            raise invalid_request(f"Invalid boolean: {raw}", self.name(key))
        return raw == "true"

    def choice(self, key: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        value = self.string(key, required=required)
        if value is not None and value not in choices:
            listed = ", ".join(choices[:-1]) + f", or {choices[-1]}" if len(choices) > 1 else choices[0]
            raise invalid_request(f"Invalid {self.name(key)}: must be one of {listed}", self.name(key))
        return value

    def url(self, key: str, *, required: bool = False) -> str | None:
        value = self.string(key, required=required, max_length=5000)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise invalid_request("Not a valid URL", self.name(key), "url_invalid")
        return value

    def email(self, key: str) -> str | None:
        value = self.string(key, max_length=800)
        if value is None:
            return None
        _, address = parseaddr(value)
        if address != value or "@" not in value or value.startswith("@") or value.endswith("@"):
            raise invalid_request(f"Invalid email address: {value}", self.name(key), "email_invalid")
        return value

    def object(self, key: str, *, required: bool = False) -> Params | None:
        value = self._raw(key, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise invalid_request("Invalid hash", self.name(key))
        return Params(value, self.name(key))

    def objects(self, key: str, *, required: bool = False) -> list[Params]:
        value = self._raw(key, required)
        if value is None:
            return []
        items = as_list(value, self.name(key))
        if required and not items:
            raise missing_param(self.name(key))
        result = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise invalid_request("Invalid hash", f"{self.name(key)}[{index}]")
            result.append(Params(item, f"{self.name(key)}[{index}]"))
        return result

    def strings(self, key: str, *, required: bool = False) -> list[str]:
        value = self._raw(key, required)
        if value is None:
            return []
        items = as_list(value, self.name(key))
        if not all(isinstance(item, str) for item in items):
            raise invalid_request("Invalid array", self.name(key))
        if required and not items:
            raise missing_param(self.name(key))
        return items

    def metadata(self, key: str = "metadata") -> dict[str, str]:
        """Stripe's limits: 50 keys, keys up to 40 characters, values up to 500; an empty value unsets."""
        value = self._raw(key, False)
        if value is None:
            return {}
        name = self.name(key)
        if not isinstance(value, dict):
            raise invalid_request("Invalid hash", name)
        if len(value) > 50:
            raise invalid_request(
                f"Invalid {name}: you can specify up to 50 keys, but you passed {len(value)}.", name
            )
        metadata = {}
        for meta_key, meta_value in value.items():
            if not isinstance(meta_value, str):
                raise invalid_request(f"Invalid {name}[{meta_key}]: metadata values must be strings", name)
            if len(meta_key) > 40:
                raise invalid_request(f"Metadata keys can have up to 40 characters: {meta_key}", name)
            if len(meta_value) > 500:
                raise invalid_request(
                    f"Metadata values can have up to 500 characters, but you passed in a value that is "
                    f"{len(meta_value)} characters.",
                    f"{name}[{meta_key}]",
                )
            if meta_value != "":
                metadata[meta_key] = meta_value
        return metadata
