"""Unit tests of the users context: its package importable as on Lambda (CodeUri root)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "functions" / "users"))
