"""What a test's `platform.register()` costs, with the e-mail address left unverified and verified.

Starts the whole template on an embedded cloud as the tests do (`eventonight up --quiet`, no fsync), warms the
users functions, then registers `--users` users one after another in rounds that alternate between the two kinds
(same load for both). An unverified registration is POST /users/register (Cognito's sign-up, the profile, the log
in, the code e-mail through the CustomMessage trigger and SES); a verified one adds what a person does next: the
code read from the mailbox, POST .../email-verification/confirm and POST /users/refresh. Prints the wall time per
registration and the CPU each cost the platform process and the function workers (read once the platform is quiet
again, so the consumers a registration sets off are charged to it), and the ratio verified / unverified.

    .venv/bin/python benchmarks/registration_cost.py [--users 20] [--rounds 3]

Measured 2026-12-05 on the shared 2-core machine, load average 15-16, 30 registrations of each kind per run, the
EventBridge input-path fix (moto_fixes/eventbridge_input_paths.py) out and in, interleaved, two runs each:

                          mean wall ms   platform CPU ms   workers CPU ms
    unverified, before      171-260         113-124            66-69
    verified, before        310-349         138-140            71-75
    unverified, after       155-190         102-109            71-72
    verified, after         200-283         118-124            75

Measured 2026-12-05 13:55-14:07, load average 16-18, 40 registrations of each kind per run, main before (d858c9b)
and after the first three cuts below (not yet the zygote's preload), interleaved, three runs each (CPU ms):

                          platform CPU ms   workers CPU ms   total CPU ms
    unverified, before       100-121            65-76          165-197
    unverified, after         56-66             35-40           91-104
    verified, before         118-148            75-87          193-235
    verified, after           78-92             48-55          127-146

Where a registration's CPU went before (py-spy, `record -r 200 --format raw --gil --subprocesses`, 60
registrations; the platform's samples): moto's DynamoDB UpdateItem 26 % (18 per registration: the five consumers'
idempotency records and replica writes, chat's six name terms; a third of each is moto's expression validation),
the HTTP server of the AWS endpoint 18 % (41 requests per registration), the SQS pollers 12 % (a botocore
ReceiveMessage and DeleteMessageBatch per consumer), the moto lock and change signals 13 %, moto's dispatch 8 %,
PutItem 4 %; Cognito (sign-up, InitiateAuth, the code e-mail through the CustomMessage trigger and SES) only ~3 %,
EventBridge's fan-out to five queues 2 %, the outbox relay's stream poller 2 %, the Lambda runtime 1-2 %. In the
workers, the consumers were three quarters (the idempotency record's two writes ~30 % of them), the register
handler a sixth. The cuts: user.created/updated consumed without an idempotency record (kernel.consumer
`repeatable`: replica writes are versioned), chat's six name terms in one transaction, the queue pollers'
receive and delete in the platform's process, jsonschema preloaded in the Lambda zygote. 41 moto requests per
registration became 16. Then UpdateItem and TransactWriteItems were ~45 % of the platform's CPU (seven replica
updates, the registration's and chat's transactions), a fifth of each in moto's syntax checks, which searched every
subtree of every UpdateExpression node at every validation: they now run once per parsed text and names
(moto_fixes/dynamodb_update_validation.py). Measured 14:15-14:19, load average 12-13, interleaved, two runs each:

                          platform CPU ms   workers CPU ms   total CPU ms
    unverified, before        58-68             36-43           94-111
    unverified, after         49-56             36-38           86-94
    verified, before          83-90             51-61          134-151
    verified, after           70-71             49-51          119-122

Then each replica update's condition (newest-wins per field: its timestamp differs with every message, so the
parse cache keyed on the values never hit; two parses per UpdateItem, ~1 ms each at load) is parsed once per text
and names, the values bound at each use (moto_fixes/dynamodb_parsed_expressions.py; benchmarks/dynamodb_conditions.py).
Measured 14:50-14:55, load average 10, 15 registrations of each kind, main before (fe46945) and after, interleaved,
four runs each (platform CPU ms; the workers unchanged within the noise):

    unverified, before 37-43, after 35-41; verified, before 52-57, after 47-52

Then the event path's cuts of issue 17's next round (ReceiveMessage's retention check, PutEvents' message built for
the matching rules only, one DynamoDB client per consumer worker; benchmarks/bus_fan_out_cost.py: a user.created
from the bus on costs the platform 29.5-32.8 -> 26.0-30.2 ms). Measured 17:15-17:19, load average 22-23, 15
registrations of each kind, main before (493b8ec) and after, interleaved, two runs each (total CPU ms; platform
and workers moved within the noise of this load): unverified 91-95 -> 86-93, verified 130-135 -> 126-131.
With chat's and ticketing's user.created writes in one transaction each as well (a registration's consumers 8 -> 6
DynamoDB requests), 493b8ec against main at 8a52ccc (other helpers' cuts of the session in it too: Cognito's key,
botocore's loader), 17:34-17:38, load average 21, interleaved, two runs each (platform / workers / total CPU ms):
unverified 42-46 / 33-39 / 75-85 -> 34-39 / 30-32 / 64-71; verified 65-67 / 46-54 / 110-121 -> 52-63 / 47-51 /
100-114.

What remains on the platform: moto's UpdateItem and TransactWriteItems (the validation's walkers over a copy of
the update's tree, the stream record's SizeBytes - a JSON dump of both images, ~10 % of moto's DynamoDB dispatch
in a checkout), the AWS endpoint's HTTP server, moto's dispatch.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "layers" / "kernel" / "python")]

from process_cpu import CpuSeconds, cpu_of  # noqa: E402
from support.cloud import RunningCloud  # noqa: E402
from support.platform import Platform  # noqa: E402


def say(text: str) -> None:
    print(text, flush=True)


def settled_cpu(pid: int, longest: float = 30.0) -> CpuSeconds:
    """The process tree's CPU once half a second of it went by with under 5 % of a core used."""
    last, deadline = cpu_of(pid), time.monotonic() + longest
    while True:
        time.sleep(0.5)
        now = cpu_of(pid)
        if (now.platform + now.workers) - (last.platform + last.workers) < 0.025 or time.monotonic() > deadline:
            return now
        last = now


def one_round(platform: Platform, pid: int, users: int, verified: bool) -> tuple[list[float], CpuSeconds]:
    walls = []
    before = settled_cpu(pid)
    for _ in range(users):
        began = time.perf_counter()
        platform.register("member", verified=verified)
        walls.append((time.perf_counter() - began) * 1000)
    return walls, settled_cpu(pid) - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="registrations per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each kind, alternating")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        say("starting eventonight up ...")
        cloud = RunningCloud(ROOT / "template.yaml", Path(data), "--quiet", fsync=False)
        try:
            platform, pid = Platform(cloud), cloud.process.pid
            for verified in (False, True):  # warm the workers of every function both kinds call
                platform.register("member", verified=verified)
            walls: dict[bool, list[float]] = {False: [], True: []}
            cpu: dict[bool, CpuSeconds] = {False: CpuSeconds(0, 0), True: CpuSeconds(0, 0)}
            for n in range(args.rounds):
                for verified in ((False, True) if n % 2 == 0 else (True, False)):
                    round_walls, round_cpu = one_round(platform, pid, args.users, verified)
                    walls[verified] += round_walls
                    cpu[verified] = CpuSeconds(cpu[verified].platform + round_cpu.platform,
                                               cpu[verified].workers + round_cpu.workers)
        finally:
            cloud.stop()
    count = args.users * args.rounds
    say("")
    say(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[1]:.1f} (5 min); "
        f"{count} registrations of each kind")
    say(f"{'register()':>12} {'median ms':>10} {'mean ms':>8} {'platform CPU ms':>16} {'workers CPU ms':>15} "
        f"{'total CPU ms':>13}")
    total = {}
    for verified in (False, True):
        platform_ms, workers_ms = cpu[verified].platform * 1000 / count, cpu[verified].workers * 1000 / count
        total[verified] = platform_ms + workers_ms
        say(f"{'verified' if verified else 'unverified':>12} {statistics.median(walls[verified]):>10.0f} "
            f"{statistics.mean(walls[verified]):>8.0f} {platform_ms:>16.0f} {workers_ms:>15.0f} "
            f"{total[verified]:>13.0f}")
    say(f"verified / unverified: wall {statistics.mean(walls[True]) / statistics.mean(walls[False]):.2f}x, "
        f"CPU {total[True] / total[False]:.2f}x")


if __name__ == "__main__":
    main()
