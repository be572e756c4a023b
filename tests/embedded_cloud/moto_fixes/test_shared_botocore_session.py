"""moto reads botocore's data through boto3's default session: what boto3's clients read is not read again, and
the answers are those moto finds by itself."""

from __future__ import annotations

import boto3
import botocore.session
import pytest
from embedded_cloud.moto_fixes import shared_botocore_session
from moto.core.base_backend import AccountSpecificBackend

SERVICES = ("dynamodb", "dynamodbstreams", "sqs", "events", "cognito-idp", "s3", "lambda", "iam", "stepfunctions",
            "cloudwatch", "sesv2", "ses", "logs", "ssm", "sts", "ec2")


def _moto_s_own_listing(session: botocore.session.Session, service: str) -> list[str]:
    return [r for p in session.get_available_partitions() for r in session.get_available_regions(service, p)]


def test_the_regions_are_those_moto_lists_itself() -> None:
    shared_botocore_session.install()
    generate = AccountSpecificBackend._generate_regions.__wrapped__

    own = botocore.session.Session()  # moto's (with ec2_regions_without_model, which reads EC2's regions the same)
    assert {s: generate(object(), s) for s in SERVICES} == {s: _moto_s_own_listing(own, s) for s in SERVICES}


def test_a_model_boto3_s_clients_read_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    shared_botocore_session.install()
    boto3.client("sesv2", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    session = AccountSpecificBackend.get_session()
    monkeypatch.setattr(session.get_component("data_loader"), "load_data_with_path",
                        lambda name, *_, **__: pytest.fail(f"read {name} from botocore's files again"))

    regions = AccountSpecificBackend._generate_regions.__wrapped__(object(), "sesv2")

    assert session is boto3.DEFAULT_SESSION._session
    assert "us-east-1" in regions and "eu-west-1" in regions


def test_moto_maps_a_package_to_its_service_without_listing_botocore_s_services_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.core import utils

    shared_botocore_session.install()
    boto3.client("sesv2", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    import botocore.loaders

    def listing(path: str) -> list[str]:
        raise AssertionError(f"listed {path} again")

    monkeypatch.setattr(botocore.loaders.os, "listdir", listing)

    assert utils.service_name_from_moto_package_name.__wrapped__("cognitoidp") == "cognito-idp"
    assert utils.service_name_from_moto_package_name.__wrapped__("sesv2") == "sesv2"
