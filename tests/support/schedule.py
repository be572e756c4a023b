"""How `pytest -n auto` (pytest-xdist) shares the suite between its workers: a module at a time, longest first.

xdist's default (`--dist load`) hands out runs of consecutive tests, so a module could be split between the
workers and its module-scoped cloud (~15 s and over 1 GB each) started twice; and a long module handed out late
kept one worker busy while the other had nothing left (the wall time is the later worker's). Here each module is
one unit of work (so its fixtures are set up once), the units listed in LONGEST_FIRST go out first, in that
order, and the others follow in collection order - whichever worker is free takes the next.

The list holds the units that take long on one worker (a cloud of their own, or long waits); the long waits going
out first overlap with the other worker's work. A module not listed is still run: it merely goes out in collection
order. Modules that share a cloud of their own (UNITS) are one unit, so that one worker starts it.
"""

from __future__ import annotations

from collections import OrderedDict

from xdist.scheduler import LoadScopeScheduling

ISOLATED = "the isolated platform"  # tests/conftest.py's isolated_platform: its modules make one unit, one cloud
SAMPLE = "the sample cloud"  # tests/embedded_cloud/conftest.py's sample_cloud (a session fixture): one worker starts it
# The modules on the sample cloud, one unit: as units of their own, in collection order, both workers took some
# and each started a sample cloud (~3 s of the platform's CPU, ~1 s its zygote's, then each function's first
# invoke in a new worker). tests/embedded_cloud/test_sample_cloud_unit.py checks the list against the fixture's users.
SAMPLE_MODULES = ("test_aws_endpoint_security", "test_cli", "test_deploy", "test_dlq_command", "test_event_flow",
                  "test_function_logs", "test_http_gateway", "test_mailbox", "test_s3_and_stripe",
                  "test_step_functions", "test_websocket_gateway")
UNITS = {"tests/e2e/test_openapi_fuzz.py": ISOLATED, "tests/e2e/test_sample_events.py": ISOLATED,
         **{f"tests/embedded_cloud/{module}.py": SAMPLE for module in SAMPLE_MODULES}}

LONGEST_FIRST = (  # each unit's wall in the last clean run (CI on the idle 2-core machine, -n auto, session 6's run 4)
    # `sam build` of every function for python3.12 (pip for each), each handler imported under 3.12 (SAM CLI is
    # installed by `make test` before the run, with uv; alone, the module installs it first): 101 s, mostly waiting
    # on the network and subprocesses, which overlap with the other worker's work; handed out last it was the tail.
    # `sam validate --lint` on the root template only now (the nested ones' lint is the template contract's): CPU
    # 92 -> 48 s at load 17
    "tests/sam/test_sam_build.py",
    # a cloud start, the fuzzer's ~1,860 requests (one at a time, over one kept-alive connection), ~170 invokes
    # from the test's process (122 s): 228 s; CPU of its tree 81-87 -> 69-71 s at load 25-40 (no eventonight
    # process per invoke)
    ISOLATED,
    "tests/embedded_cloud/test_crash_rounds.py",  # the full platform started four times, killed three: 88 s
    # the sample cloud's eleven modules (test_cli's own clouds, test_dlq_command's and test_event_flow's waits for
    # dead-lettering): 48 s on one worker at load 5-12, CPU of the tree 23.2, 24.3 -> 18.3, 18.5 s (-n 2, one
    # sample cloud instead of two)
    SAMPLE,
    "tests/e2e/ticketing/test_oversell.py",  # 20 buyers registered, then at once (200: 78 s, 60: CPU 28 s loaded)
    # the full platform three times: once with purchase sagas in flight, killed; a restart of a copy of its data
    # dir; an import of its export (test_export_import's until then, with two starts of its own: 27 s there). Two
    # starts here before: 71 s. CPU of the two modules (and test_crash_durability's) at load 22: 52 -> 43 s
    "tests/embedded_cloud/test_crash_saga.py",
    # large partitions in two moto modes: 64 s with 3,000 items on the fixes; 600 in both now (CPU 53 -> 35-40 s loaded)
    "tests/embedded_cloud/moto_fixes/test_dynamodb_query_ordered.py",
    # the sample application three times: once with writes, killed; a restart of a copy of its data dir; an import
    # of its export (test_export_import's until then)
    "tests/embedded_cloud/test_crash_durability.py",
    "tests/e2e/ticketing/test_purchase_holds.py",  # a cloud of its own, three holds of 15 s at once (in turn: 63 s)
    "tests/e2e/ticketing/test_mail.py",  # 58 s with a change letter's window of 10 s four times, now 2 s
    "tests/contract/test_templates.py",  # 52 s; cfn-lint's rules built once, not 16 times: CPU 38-41 -> 29-32 s loaded
    # a cloud of its own, waits for a token to expire and for a minute's first half: 37 s (once 60 s more to stop);
    # the two waits overlap now
    "tests/e2e/limits/test_limits.py",
)


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its module, or the shared cloud its module runs on."""
    module = nodeid.split("::", 1)[0]
    return UNITS.get(module, module)


class LongestFirst(LoadScopeScheduling):
    """xdist's `loadscope` with a module as the scope, and the units in our order instead of by test count."""

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)

    def schedule(self) -> None:
        """xdist's LoadScopeScheduling.schedule, with the work queue in our order."""
        assert self.collection_is_completed
        if self.collection is not None:  # the initial distribution happened: a node was added
            for node in self.nodes:
                self._reschedule(node)
            return
        if not self._check_nodes_have_same_collection():
            self.log("**Different tests collected, aborting run**")
            return
        self.collection = list(next(iter(self.registered_collections.values())))
        if not self.collection:
            return
        units: dict[str, dict[str, bool]] = OrderedDict()
        for nodeid in self.collection:
            units.setdefault(self._split_scope(nodeid), {})[nodeid] = False
        rank = {module: index for index, module in enumerate(LONGEST_FIRST)}
        for scope in sorted(units, key=lambda scope: rank.get(scope, len(rank))):  # stable: the rest in order
            self.workqueue[scope] = units[scope]
        for _ in range(len(self.nodes) - len(self.workqueue)):  # more workers than units
            unused, _work = self.assigned_work.popitem()
            unused.shutdown()
        for node in self.nodes:
            self._assign_work_unit(node)
        for node in self.nodes:
            self._reschedule(node)
        if not self.workqueue:
            for node in self.nodes:
                node.shutdown()
