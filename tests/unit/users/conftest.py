"""Unit tests of the users context: its package importable as on Lambda (CodeUri root)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "functions" / "users"))
os.environ.setdefault("MEDIA_BASE_URL", "https://media.example.test/media")
