"""moto's EC2 module lists its regions when it is imported (SSM and Step Functions import it) through botocore's
`get_available_regions("ec2")`, which loads EC2's whole service model (the largest botocore has) only to read its
endpoint prefix, "ec2": about 1 s of CPU at every start of the platform, which makes no EC2 call. The regions come
from the same endpoint data, asked by that prefix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .replacements import Replacements

if TYPE_CHECKING:
    from botocore.session import Session


def available_regions(self: Session, service_name: str, partition_name: str = "aws",
                      allow_non_regional: bool = False) -> Any:
    if service_name != "ec2":
        return replaced.originals["Session.get_available_regions"](self, service_name, partition_name,
                                                                   allow_non_regional)
    resolver = self._get_internal_component("endpoint_resolver")
    return resolver.get_available_endpoints("ec2", partition_name, allow_non_regional)


replaced = Replacements(("botocore.session.Session", "get_available_regions", available_regions))
install, uninstall = replaced.install, replaced.uninstall
