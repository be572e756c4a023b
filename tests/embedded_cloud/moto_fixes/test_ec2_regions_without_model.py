"""moto's EC2 regions are listed from botocore's endpoint data, without loading EC2's service model."""

from __future__ import annotations

import botocore.session
import pytest
from embedded_cloud.moto_fixes import ec2_regions_without_model

PARTITIONS = ("aws", "aws-us-gov", "aws-cn")


def test_ec2_regions_come_from_the_endpoint_data_without_the_service_model(monkeypatch: pytest.MonkeyPatch) -> None:
    ec2_regions_without_model.install()
    session = botocore.session.get_session()
    resolver = session._get_internal_component("endpoint_resolver")
    expected = {p: resolver.get_available_endpoints("ec2", p) for p in PARTITIONS}
    monkeypatch.setattr(session, "get_service_data", lambda name, *_, **__: pytest.fail(f"loaded the {name} model"))

    assert {p: session.get_available_regions("ec2", partition_name=p) for p in PARTITIONS} == expected
    assert "us-east-1" in expected["aws"]
