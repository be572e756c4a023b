"""What the deploy leaves in moto, seen through the AWS endpoint as programs and Step Functions see it."""

from __future__ import annotations

from support.cloud import RunningCloud


def test_every_function_is_in_moto_s_lambda_with_the_settings_the_template_resolves(
        sample_cloud: RunningCloud) -> None:
    lam = sample_cloud.client("lambda")
    listed = {f["FunctionName"] for page in lam.get_paginator("list_functions").paginate() for f in page["Functions"]}
    assert listed == set(sample_cloud.deployment.functions)
    for name, config in sample_cloud.deployment.functions.items():
        found = lam.get_function_configuration(FunctionName=name)
        assert (found["FunctionArn"], found["Handler"], found["Runtime"], found["Timeout"], found["MemorySize"]) == (
            config.arn, config.handler, config.runtime, int(config.timeout), config.memory_mb)
        assert found["Environment"]["Variables"] == config.environment
