import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Test helpers (tests/support) are importable as `support`; the shared kernel layer as `kernel`, as on Lambda.
sys.path[:0] = [str(Path(__file__).parent), str(ROOT / "layers" / "kernel" / "python")]
