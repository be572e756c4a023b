"""moto's EC2 and Batch modules are imported at their first use, not by Step Functions' parser and SSM's models
at every start; SSM still reaches EC2's backend, and the real packages import later as released. Each check runs
in a fresh interpreter: this worker may have imported moto.ec2 already."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from embedded_cloud.moto_fixes.ec2_on_first_use import BATCH_SERVICE


def _run(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


def test_as_released_the_parser_and_ssm_import_ec2() -> None:
    _run(f"""
        import sys
        import {BATCH_SERVICE}
        assert "moto.ec2" in sys.modules and "moto.batch.models" in sys.modules
    """)


def test_with_the_fixes_ec2_and_batch_wait_for_their_first_use() -> None:
    _run(f"""
        import sys
        from embedded_cloud import moto_fixes
        moto_fixes.install_all()
        assert "{BATCH_SERVICE}" in sys.modules and "moto.ssm.models" in sys.modules
        assert [name for name in sys.modules if name.startswith(("moto.ec2", "moto.batch"))] == []

        import moto.ssm.models
        backend = moto.ssm.models.ec2_backends["123456789012"]["us-east-1"]  # SSM's first use imports EC2
        from moto.ec2 import ec2_backends
        assert backend is ec2_backends["123456789012"]["us-east-1"]
        assert backend.all_reservations() == []

        import moto.batch
        from moto.batch.utils import JobStatus
        assert moto.batch.batch_backends["123456789012"]["us-east-1"]
        service = sys.modules["{BATCH_SERVICE}"]
        assert service.JobStatus.SUCCEEDED == JobStatus.SUCCEEDED == "SUCCEEDED"
    """)
