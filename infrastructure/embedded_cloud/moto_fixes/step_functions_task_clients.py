"""Step Functions tasks reuse one boto3 client per (region, service) instead of building one per task.

moto's interpreter calls `boto_client_for` for every Lambda, SQS, DynamoDB, EventBridge... task it runs, and a new
client costs tens of ms of CPU (an SSLContext, a deep copy of botocore's event hooks, the service model's
methods) under the GIL the whole platform shares: ~5 % of the platform's CPU while 20 buyers check out, one
client per saga step. The client ignores the state's credentials (moto signs with fixed test keys), so one
per region and service is the same client; botocore clients are safe to share between threads.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

# Every moto module that imports the factory by name (`from ...boto_client import boto_client_for`): one loaded
# already is patched; one loaded later imports the patched name.
_USERS = (
    "state_map.result_writer.resource_eval.resource_eval_s3",
    "state_map.item_reader.eval.resource_eval_s3",
    "state_task.lambda_eval_utils",
    "state_task.service.state_task_service_unsupported",
    "state_task.service.state_task_service_glue",
    "state_task.service.state_task_service_events",
    "state_task.service.state_task_service_ecs",
    "state_task.service.state_task_service_sqs",
    "state_task.service.state_task_service_sfn",
    "state_task.service.state_task_service_dynamodb",
    "state_task.service.state_task_service_batch",
    "state_task.service.state_task_service_sns",
    "state_task.service.state_task_service_aws_sdk",
)
_PACKAGE = "moto.stepfunctions.parser.asl.component.state.exec."

_clients: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()
_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.stepfunctions.parser.asl.utils import boto_client

    build = boto_client.boto_client_for

    def shared_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        key = (region, service)
        client = _clients.get(key)
        if client is None:
            with _lock:
                client = _clients.get(key) or _clients.setdefault(key, build(region, service, state_credentials))
        return client

    boto_client.boto_client_for = shared_client_for
    for name in _USERS:
        module = sys.modules.get(_PACKAGE + name)
        if module is not None:
            module.boto_client_for = shared_client_for  # type: ignore[attr-defined]
    _installed = True
