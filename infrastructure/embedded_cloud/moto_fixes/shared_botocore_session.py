"""moto reads botocore's data through botocore sessions of its own, after boto3's clients in this process (the
deploy's, the platform's) have read the same files:

- it lists a service's regions when it first builds the service's backend, reading botocore's endpoint data and
  the service's whole model (only for its endpoint prefix) again: ~0.3 s of each start;
- the first error it answers in the services it serialises itself starts a session to list every service botocore
  knows (walking botocore's data directory), to map its package name to the service's: ~0.3 s, once per process.

Both now use boto3's default session (the model asked for as a client asks, since botocore caches it by the
arguments of the call), so each file is read from botocore's JSON once per process."""

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
    from moto.core import utils
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
    utils.Session = lambda: _ServiceListing(shared)  # only `service_name_from_moto_package_name` makes one
    AccountSpecificBackend._generate_regions = generate_regions  # noqa: SLF001
    _installed = True


class _ServiceListing:
    """What `service_name_from_moto_package_name` asks of a session: botocore's services, listed as botocore's own
    `load_service_model` lists them (cached by that call's arguments; `Session.get_available_services` uses
    others)."""

    def __init__(self, session: Any) -> None:
        self.loader = session.get_component("data_loader")

    def get_available_services(self) -> list[str]:
        return self.loader.list_available_services("service-2")
