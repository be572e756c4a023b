"""What a ticket PDF costs a function: importing fpdf2 and segno (paid once per cold start of a PDF function, by
no other), and rendering 1 and 20 pages (an order holds at most 20 tickets): median and p90, with the size.

    .venv/bin/python benchmarks/ticket_pdfs.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "functions" / "ticketing"))
sys.path.insert(0, str(ROOT / "layers" / "kernel" / "python"))  # the domain the PDFs read statuses from


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import fpdf, segno; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    imports = sorted(import_seconds() for _ in range(5))
    print(f"import fpdf2 + segno (fresh process): median {statistics.median(imports) * 1000:.0f} ms")

    from ticketing.pdfs import TicketSheet, render

    for pages in (1, 20):
        sheets = [TicketSheet(ticket_id=f"ticket_00000000-0000-4000-8000-{n:012d}",
                              event_id="c6a1f0d2-8e4b-4f3a-b5c7-9d0e1f2a3b4c", status="ACTIVE", ticket_type="VIP",
                              attendee_name="Ada Lovelace", price_amount=3050, currency="EUR",
                              purchased_at="2026-11-20T18:30:00Z", event_title="Jazz at the Blue Note",
                              event_date="2026-12-15T20:00:00") for n in range(pages)]
        render(sheets, "it", "https://eventonight.dev")  # warm
        times, size = [], 0
        for _ in range(runs):
            began = time.perf_counter()
            size = len(render(sheets, "it", "https://eventonight.dev"))
            times.append(time.perf_counter() - began)
        times.sort()
        print(f"{pages:2d} page(s): median {statistics.median(times) * 1000:.1f} ms, "
              f"p90 {times[int(len(times) * 0.9) - 1] * 1000:.1f} ms, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
