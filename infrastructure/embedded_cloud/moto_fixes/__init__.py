"""Fixes to moto, one module per defect or missing piece, each named after what it fixes.

Every module exposes an idempotent `install()`; `install_all()` applies them before moto serves a request.
Order matters where two wrappers stack: uninstalling one puts back what it found, dropping any installed on top
since (durable/dynamodb.py wraps methods that dynamodb_query_by_partition and change_signals replaced).
A fix names what it replaces with `replacements.Replacements` (its `uninstall()` puts back what was there), or,
the cognito_* fixes that wrap the same methods, with `cognito_fix_support.MethodFix` (switched off in place).
"""

from __future__ import annotations

import importlib

FIXES: tuple[str, ...] = (
    "ec2_on_first_use",  # first: before a fix imports Step Functions' parser (and so, as released, moto.ec2)
    "ec2_regions_without_model",  # for the first use of moto.ec2
    "shared_botocore_session",
    "step_functions_execution",
    "step_functions_task_clients",
    "step_functions_parsed_definitions",
    "step_functions_json_paths",
    "step_functions_lambda_tasks",
    "step_functions_program_thread",
    "lambda_invoke",
    "eventbridge_targets",
    "eventbridge_input_paths",
    "eventbridge_rule_matching",
    "websocket_connections",
    "dynamodb_query_by_partition",
    "dynamodb_transaction_rollback",
    "sqs_send_message_cost",
    "json_protocol_responses",
    "json_request_parsing",
    "dynamodb_parsed_expressions",
    "dynamodb_item_copies",
    "dynamodb_item_json",
    "dynamodb_update_validation",
    "dynamodb_item_size",
    "dispatcher_lookups",
    "request_ids",
    "json_target_dispatch",
    "flask_debug_files",
    "json_error_bodies",
    "cognito_pool_key_once",
    "cognito_revoked_access_tokens",
    "cognito_revoke_token",
    "cognito_case_insensitive_usernames",
    "cognito_email_alias_sign_in",
    "cognito_sign_in_name_in_tokens",
    "cognito_prevent_user_existence_errors",
    "cognito_deleted_user_sessions",
    "cognito_password_policy",
    "cognito_required_attributes",
    "cognito_explicit_auth_flows",
    "cognito_token_validity",
    "cognito_signing_key",
    "cognito_emailed_codes",
    "cognito_software_tokens",
    "ses_mailbox",
    "change_signals",
)


def install_all() -> None:
    for name in FIXES:
        importlib.import_module(f"{__name__}.{name}").install()
