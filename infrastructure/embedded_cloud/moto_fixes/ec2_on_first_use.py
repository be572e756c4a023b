"""moto's EC2 (and Batch) modules are imported when they are first used, not at every start of the platform.

Two imports the platform does at every start pulled them in: Step Functions' parser, whose Batch task service
reads `moto.batch.utils.JobStatus` (the package `moto.batch` imports its models, and they moto.ec2), and SSM's
models, which take `ec2_backends` at import for a Run Command's instance targets. moto.ec2 lists EC2's regions
and zones (three boto3 sessions) and loads its instance types and offerings: ~0.45 s of CPU at each start
(benchmarks/start_cpu.py; the suite starts some 25 clouds), for a platform that makes no EC2 or Batch call.

- SSM's models are imported now, their `ec2_backends` a stand-in that imports moto.ec2 at its first use and hands
  it every lookup (a command sent to instance targets still finds moto's instances);
- the Batch task service's module is imported now, with `moto.batch.utils` (an enum of job states, and the
  package's exceptions) loaded without the package's models. Both stand-ins are taken out of `sys.modules` at
  once: whatever imports moto.ec2 or moto.batch later gets the real packages.

It replaces nothing of moto's, so it has no `uninstall()`: what it imported stays imported, as moto as released
imports it (with EC2). `install()` again, or after those modules were imported, does nothing.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import Any

BATCH_SERVICE = "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_batch"


class _Ec2BackendsOnFirstUse:
    """moto.ec2's `ec2_backends`, imported when first asked for anything."""

    @staticmethod
    def _real() -> Any:
        from moto.ec2 import ec2_backends

        return ec2_backends

    def __getitem__(self, account_id: str) -> Any:
        return self._real()[account_id]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __iter__(self) -> Any:
        return iter(self._real())

    def __contains__(self, key: object) -> bool:
        return key in self._real()

    def __len__(self) -> int:
        return len(self._real())


def _with_stand_ins(stand_ins: dict[str, types.ModuleType], module: str) -> None:
    """Import `module` with `stand_ins` in sys.modules, then take them (and what was loaded under them) out. A
    moto whose module needs more of the stand-ins' packages than they give fails that import: `module` is then
    left to import as released, with the real packages (test_ec2_on_first_use says so)."""
    if module in sys.modules or any(name in sys.modules for name in stand_ins):
        return  # imported already (or the real package is): nothing to save
    before = set(sys.modules)
    sys.modules.update(stand_ins)
    try:
        importlib.import_module(module)
    except ImportError:
        pass  # Python drops the modules whose import failed; the real packages are imported with them later
    finally:
        for name in set(sys.modules) - before:
            if any(name == stand_in or name.startswith(stand_in + ".") for stand_in in stand_ins):
                del sys.modules[name]


def _package(name: str) -> types.ModuleType:
    """A stand-in for a package of moto's: its submodules found where they are, its __init__ not run."""
    import moto

    package = types.ModuleType(name)
    package.__path__ = [str(Path(moto.__file__).parent / name.split(".", 1)[1])]
    package.__package__ = name
    return package


def install() -> None:
    ec2 = types.ModuleType("moto.ec2")
    ec2.ec2_backends = _Ec2BackendsOnFirstUse()  # type: ignore[attr-defined]
    _with_stand_ins({"moto.ec2": ec2}, "moto.ssm.models")
    _with_stand_ins({"moto.batch": _package("moto.batch")}, BATCH_SERVICE)
