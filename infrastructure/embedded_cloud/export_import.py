"""`eventonight export` / `eventonight import`: the platform's data as one JSON document that depends on no moto
version, so that no upgrade loses a user's data (an upgrade that cannot read a data dir says so and points here).

    eventonight export [--data-dir .eventonight] [--output data.json]   (with the version that saved the data dir)
    eventonight import data.json [--data-dir new-dir] [--template template.yaml]   (with the new version)

Resources are named as the template names them (tables, queues, buckets by name; a user pool by its name, since a
new deployment gives it a new id; an app client by its name). The format (`"format": "eventonight-export",
"version": 2`; an import also reads version 1, which has no `stepfunctions` and no `sessions`):

    dynamodb   {table name: [item, ...]}                 items in DynamoDB JSON ({"PK": {"S": "..."}, ...})
    sqs        {queue name: [message, ...]}              id, body, message_attributes, system_attributes, ...
    cognito    {pool name: {"groups": {name: group}, "users": [user, ...], "sessions": {refresh token: session}}}
                                                         a user: username, id (its sub), password, status, enabled,
                                                         attributes, groups, MFA flags, dates (ISO 8601);
                                                         a session: {"client": app client name, "username",
                                                         "origin_jti"}, or null once revoked or signed out (v2)
    s3         {bucket name: {key: {"base64": ..., "metadata": {...}}}}
    stripe     {"objects": {kind: [object, ...]}}        the emulator's objects in Stripe's own JSON
    stepfunctions {state machine name: [execution, ...]} the executions in flight (v2): name, input (JSON text),
                                                         started (ISO 8601) and, once it waits in a state with a
                                                         timeout, "waits": {"state", "deadline" (ISO 8601),
                                                         "token" (its task token, or null)}

An imported execution is resumed on the next start like one in flight at a crash (`durable.stepfunctions`): under
its own ARN, back in the state it waited in with its task token and its deadline (a deadline that passed between
export and start times out at once; one of a state machine the template no longer has is dropped). An imported
refresh token refreshes (and a revoked one is refused) through the new deployment's client of the same name;
access and ID tokens are not exported (the new data dir has its own signing key: they do not verify after an
import). Streams and stream positions are not exported: an import starts them afresh.
"""

from __future__ import annotations

import argparse
import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORMAT, VERSION = "eventonight-export", 2
READS = (1, 2)  # the versions an import reads
SERVICES = ("dynamodb", "sqs", "cognito", "s3", "stripe", "stepfunctions")


def register(commands: Any, default_data_dir: Path) -> None:
    export = commands.add_parser("export", help="write the saved data as moto-independent JSON")
    export.add_argument("--data-dir", type=Path, default=default_data_dir)
    export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    imports = commands.add_parser("import", help="load an export into a new data dir")
    imports.add_argument("file", type=Path)
    imports.add_argument("--data-dir", type=Path, default=default_data_dir)
    imports.add_argument("--template", type=Path, default=Path("template.yaml"))


def run(args: argparse.Namespace) -> int:
    from .cli import CliError

    if args.command == "export":
        if not (args.data_dir / "moto-state.pickle").exists():
            raise CliError(f"no saved state in {args.data_dir} to export")
        text = json.dumps(export(args.data_dir), default=_plain, indent=1)
        args.output.write_text(text) if args.output else print(text)
        return 0
    try:
        document = json.loads(args.file.read_text())
    except (OSError, ValueError) as error:
        raise CliError(f"cannot read {args.file}: {error}") from error
    if document.get("format") != FORMAT or document.get("version") not in READS:
        raise CliError(f"{args.file} is not an eventonight export of version {' or '.join(map(str, READS))}")
    if args.data_dir.exists() and any(args.data_dir.iterdir()):
        raise CliError(f"{args.data_dir} holds data already: import into a new data dir")
    import_into(args.data_dir, args.template, document)
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot export a {type(value).__name__}")


# --- export --------------------------------------------------------------------------------------------------------
def export(data_dir: Path) -> dict[str, Any]:
    """Load the data dir's state into this process's moto (no deployment, nothing started) and describe it."""
    from . import durable, moto_fixes, persistence
    from .durable.runtime import Replay

    moto_fixes.install_all()
    saved = persistence.restore(data_dir)
    replay = Replay(data_dir, saved)
    for entry in replay.moto:
        durable.apply(entry, data_dir / persistence.JOURNAL_DIR)
    stripe = _stripe_objects((saved.runtime or {}).get("stripe"), replay.stripe)
    return {"format": FORMAT, "version": VERSION, "exported_at": datetime.now().astimezone().isoformat(),
            "dynamodb": _dynamodb(), "sqs": _sqs(), "cognito": _cognito(), "s3": _s3(), "stripe": stripe,
            "stepfunctions": _executions()}


def _dynamodb() -> dict[str, list]:
    from moto.dynamodb.models import dynamodb_backends

    return {table.name: [item.to_json()["Attributes"] for item in table.all_items()]
            for account in dynamodb_backends.values() for backend in account.values()
            for table in backend.tables.values()}


def _sqs() -> dict[str, list]:
    from moto.sqs.models import sqs_backends

    from .durable.sqs import image

    return {queue.name: [image(m) for m in queue._messages]
            for account in sqs_backends.values() for backend in account.values() for queue in backend.queues.values()}


def _cognito() -> dict[str, dict]:
    from moto.cognitoidp.models import cognitoidp_backends

    from .durable.cognito import _GROUP_FIELDS, image

    return {pool.name: {"groups": {name: {f: getattr(group, f) for f in _GROUP_FIELDS}
                                   for name, group in pool.groups.items()},
                        "users": [image(user) for user in pool.users.values()],
                        "sessions": _sessions(pool)}
            for account in cognitoidp_backends.values() for backend in account.values()
            for pool in backend.user_pools.values()}


def _sessions(pool: Any) -> dict[str, dict | None]:
    """Refresh tokens, by the name of their client (a new deployment gives it a new id); None once revoked."""
    names = {client_id: client.extended_config.get("ClientName") for client_id, client in pool.clients.items()}
    return {token: None if issued is None else
            {"client": names.get(issued[0]), "username": issued[1], "origin_jti": issued[2]}
            for token, issued in pool.refresh_tokens.items()}


def _executions() -> dict[str, list]:
    from .durable.stepfunctions import in_flight

    executions: dict[str, list] = {}
    for record in in_flight():
        waits = record.get("waits")
        executions.setdefault(record["machine"].rsplit(":", 1)[-1], []).append({
            "name": record["name"], "input": record["input"], "started": record["started"],
            "waits": waits and {"state": waits["state"], "token": waits.get("token"),
                                "deadline": datetime.fromtimestamp(waits["deadline"], UTC).isoformat()}})
    return executions


def _s3() -> dict[str, dict]:
    from moto.s3.models import s3_backends

    return {bucket.name: {name: {"base64": base64.b64encode(key.value).decode(), "metadata": dict(key.metadata)}
                          for name, key in ((n, bucket.keys.get(n)) for n in list(bucket.keys)) if key is not None}
            for account in s3_backends.values() for backend in account.values()
            for bucket in backend.buckets.values()}


def _stripe_objects(snapshot: dict | None, writes: list) -> dict[str, Any]:
    from .stripe_emulator.store import KINDS

    objects: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
    for kind, listed in ((snapshot or {}).get("objects") or {}).items():
        objects[kind].update((obj["id"], obj) for obj in listed)
    for kind, object_id, obj in writes:
        if kind not in objects:
            continue  # an Idempotency-Key's answer: lives 24 hours, not exported
        if obj is None:
            objects[kind].pop(object_id, None)
        else:
            objects[kind][object_id] = obj
    return {"objects": {kind: list(found.values()) for kind, found in objects.items()}}


# --- import --------------------------------------------------------------------------------------------------------
def import_into(data_dir: Path, template: Path, document: dict[str, Any]) -> None:
    """Deploy the template on a new data dir, put the document's data in, and save it as a snapshot. Nothing
    serves meanwhile (no Lambda worker, poller or schedule): the data goes in as it was exported."""
    from . import moto_server
    from .cloud import CloudConfig, EmbeddedCloud

    cloud = EmbeddedCloud(CloudConfig(template=template, data_dir=data_dir, http_port=0, websocket_port=0,
                                      aws_port=0, stripe_port=0, mailbox_port=0, function_log=lambda _line: None,
                                      serve=False))
    cloud.start()
    try:
        with moto_server.backend_lock():
            _import_moto(document)
        for kind, listed in document["stripe"]["objects"].items():
            for obj in listed:
                cloud.stripe.apply_write(kind, obj["id"], obj)
        cloud.stripe.writes_restored()
        _import_executions(cloud, document.get("stepfunctions", {}))
        assert cloud._snapshots is not None
        cloud._snapshots.compact_if_due(force=True, in_process=True)
    finally:
        cloud.stop()


def _import_moto(document: dict[str, Any]) -> None:
    from moto.cognitoidp.models import cognitoidp_backends
    from moto.dynamodb.models import dynamodb_backends
    from moto.s3.models import s3_backends
    from moto.sqs.models import sqs_backends

    from .durable import cognito, dynamodb, sqs

    for account, regions in dynamodb_backends.items():
        for region, backend in regions.items():
            for name, items in document["dynamodb"].items():
                table = backend.tables.get(name)
                for item in items if table is not None else ():
                    range_value = item.get(table.range_key_attr) if table.range_key_attr else None
                    dynamodb.apply(["ddb.item", account, region, name, item[table.hash_key_attr], range_value, item],
                                   None)
    for account, regions in sqs_backends.items():
        for region, backend in regions.items():
            for name, messages in document["sqs"].items():
                for message in messages if name in backend.queues else ():
                    sqs.apply(["sqs.sent", account, region, name, message], None)
    for account, regions in cognitoidp_backends.items():
        for region, backend in regions.items():
            for pool in backend.user_pools.values():
                exported = document["cognito"].get(pool.name)
                for name, group in (exported or {}).get("groups", {}).items():
                    cognito.apply(["cognito.group", account, region, pool.id, name, _dated(group)], None)
                for user in (exported or {}).get("users", []):
                    cognito.apply(["cognito.user", account, region, pool.id, user["username"], _dated(user)], None)
                clients = {client.extended_config.get("ClientName"): client_id
                           for client_id, client in pool.clients.items()}
                for token, session in (exported or {}).get("sessions", {}).items():
                    issued = session and [clients.get(session["client"]), session["username"], session["origin_jti"]]
                    if issued is None or issued[0] is not None:  # (a client the template no longer has: dropped)
                        cognito.apply(["cognito.token", account, region, pool.id, "refresh_tokens", token,
                                       {"value": issued}], None)
    for account in s3_backends.values():
        for backend in account.values():
            for name, objects in document["s3"].items():
                for key, stored in objects.items() if name in backend.buckets else ():
                    backend.put_object(name, key, base64.b64decode(stored["base64"]), disable_notification=True
                                       ).set_metadata(stored["metadata"])


def _import_executions(cloud: Any, exported: dict[str, list]) -> None:
    """Record the executions as in flight: the snapshot keeps them, and the next start resumes them."""
    from .durable import stepfunctions

    machines = {m["name"]: m["stateMachineArn"]
                for m in cloud.client("stepfunctions").list_state_machines()["stateMachines"]}
    for name, executions in exported.items():
        machine = machines.get(name)
        for execution in executions if machine is not None else ():
            arn = f"{machine.replace(':stateMachine:', ':execution:')}:{execution['name']}"
            stepfunctions.apply(["sfn.started", {"arn": arn, "machine": machine, "name": execution["name"],
                                                 "input": execution["input"],
                                                 "started": datetime.fromisoformat(execution["started"])}], None)
            if waits := execution.get("waits"):
                stepfunctions.apply(["sfn.waits", arn, {
                    "state": waits["state"], "attempt": None, "token": waits.get("token"),
                    "deadline": datetime.fromisoformat(waits["deadline"]).timestamp()}], None)


def _dated(record: dict[str, Any]) -> dict[str, Any]:
    return {k: datetime.fromisoformat(v) if k.endswith("_date") and isinstance(v, str) else v
            for k, v in record.items()}
