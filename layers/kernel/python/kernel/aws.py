"""AWS clients, created once per warm worker on first use (not at import: cold starts stay short)."""

from __future__ import annotations

import os
from functools import cache
from typing import Any


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


@cache
def client(service: str) -> Any:
    import boto3  # heavy: imported on first use

    return boto3.client(service, region_name=region())


def endpoint_for(service_env: str, default: str) -> str:
    """The standard endpoint override variables, as boto3 reads them, for URLs we build ourselves."""
    return os.environ.get(f"AWS_ENDPOINT_URL_{service_env}") or os.environ.get("AWS_ENDPOINT_URL") or default
