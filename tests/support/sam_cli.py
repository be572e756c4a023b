"""SAM CLI from PyPI, in a venv of its own under .eventonight/ (it pins its own dependencies, apart from ours),
installed once: by `make test` beside the other installs, or by tests/sam when it runs first.

    .venv/bin/python tests/support/sam_cli.py     # installs it if missing, prints the `sam` executable
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAM_CLI = "aws-sam-cli==1.170.0"
HOME = Path(__file__).resolve().parents[2] / ".eventonight" / SAM_CLI.replace("==", "-")


def installed() -> Path:
    """The `sam` executable, installed first if missing. With uv (from the lock, beside this interpreter): pip took
    40 s with a warm cache and minutes on a clean machine to resolve and fetch SAM CLI's ~70 packages."""
    marker = HOME / ".installed"
    if not marker.exists():
        uv = str(Path(sys.executable).with_name("uv"))
        subprocess.run([uv, "venv", "--quiet", "--clear", "--python", sys.executable, str(HOME)], check=True)
        subprocess.run([uv, "pip", "install", "--quiet", "--python", str(HOME / "bin" / "python"), SAM_CLI],
                       check=True)
        marker.touch()
    return HOME / "bin" / "sam"


if __name__ == "__main__":
    print(installed())
