"""Step Functions tasks share one boto3 client per region and service (moto 5.2.5 built one per task)."""

from __future__ import annotations

from embedded_cloud.moto_fixes import step_functions_task_clients


def test_every_lambda_task_gets_the_same_client() -> None:
    step_functions_task_clients.install()
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils

    first = lambda_eval_utils.boto_client_for(region="us-east-1", service="lambda", state_credentials=None)
    second = lambda_eval_utils.boto_client_for(region="us-east-1", service="lambda", state_credentials=object())
    assert first is second
    assert first.meta.service_model.service_name == "lambda"


def test_each_region_and_service_has_its_own_client() -> None:
    step_functions_task_clients.install()
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_sqs

    sqs = state_task_service_sqs.boto_client_for(region="us-east-1", service="sqs")
    assert sqs.meta.service_model.service_name == "sqs"
    assert state_task_service_sqs.boto_client_for(region="eu-west-1", service="sqs") is not sqs
    assert state_task_service_sqs.boto_client_for(region="us-east-1", service="sqs") is sqs
