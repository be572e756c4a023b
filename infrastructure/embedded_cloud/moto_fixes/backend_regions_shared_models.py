"""moto lists a service's regions when it first builds the service's backend, through a botocore session of its own
that reads botocore's endpoint data and the service's whole model (only for its endpoint prefix) again, after
boto3's clients in this process (the deploy's, the platform's) have read them: about 0.25 s of each start. moto's
listing now uses boto3's default session and asks for the model as a client does (botocore caches it by the
arguments of the call), so each is read from botocore's JSON once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    import boto3
    import botocore.session
    from botocore.exceptions import UnknownServiceError
    from moto.core.base_backend import AccountSpecificBackend

    if boto3.DEFAULT_SESSION is None:
        boto3.setup_default_session(botocore_session=botocore.session.get_session())
    shared = boto3.DEFAULT_SESSION._session  # noqa: SLF001 - the botocore session that boto3's clients read from

    def get_session(cls: Any) -> Any:
        return shared

    @lru_cache
    def generate_regions(self: Any, service_name: str) -> list[str]:
        if service_name == "ec2":  # see ec2_regions_without_model
            return [r for p in shared.get_available_partitions() for r in shared.get_available_regions("ec2", p)]
        try:  # as `BaseClient` asks for it (not as `Session.get_service_data` does: another cache key)
            model = shared.get_component("data_loader").load_service_model(service_name, "service-2",
                                                                            api_version=None)
        except UnknownServiceError:
            return []
        prefix = model["metadata"].get("endpointPrefix", service_name)
        resolver = shared._get_internal_component("endpoint_resolver")  # noqa: SLF001
        return [r for p in shared.get_available_partitions() for r in resolver.get_available_endpoints(prefix, p)]

    AccountSpecificBackend.get_session = classmethod(get_session)
    AccountSpecificBackend._generate_regions = generate_regions  # noqa: SLF001
    _installed = True
