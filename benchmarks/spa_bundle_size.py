"""How much JavaScript a browser downloads to show the SPA's home page, gzipped (goal: under 200 KB).

    .venv/bin/python benchmarks/spa_bundle_size.py        # after `make web`

Serves web/dist on loopback (index.html for client-side routes, 404 for the APIs: only the code is measured),
opens /en in headless Chromium (Debian's, driven by Playwright) and sums, for every JavaScript file the page
loaded until the network went idle (the entry, its preloaded chunks and the home page's lazy chunks), the size
of the file gzipped at level 9, as a static server or CDN would send it. The other locales' messages are
loaded only when chosen, so they are not counted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GOAL_KB = 200


class SpaHandler(SimpleHTTPRequestHandler):
    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0]
        if not (DIST / path.lstrip("/")).exists() and "." not in path.rsplit("/", 1)[-1]:
            if path.startswith(("/users/", "/events/", "/interactions/", "/media/", "/chat/", "/ticketing/",
                                "/notifications/", "/config.json")):
                self.send_error(404)
                return None
            self.path = "/index.html"
        return super().send_head()

    def log_message(self, *args: object) -> None:
        pass


def measure(page_path: str) -> list[tuple[str, int, int]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SpaHandler, directory=str(DIST)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scripts: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page()
            page.on("response", lambda r: r.url.endswith(".js") and scripts.append(r.url))
            page.goto(f"http://127.0.0.1:{server.server_port}{page_path}", wait_until="networkidle")
            browser.close()
    finally:
        server.shutdown()
    sizes = []
    for url in dict.fromkeys(scripts):
        raw = (DIST / url.split("/", 3)[3]).read_bytes()
        sizes.append((url.rsplit("/", 1)[-1], len(raw), len(gzip.compress(raw, compresslevel=9))))
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="/en", help="the page to open (default: the home page, /en)")
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        parser.error("web/dist is missing: run `make web` first")
    sizes = measure(args.page)
    print(f"JavaScript loaded by {args.page}:")
    for name, raw, zipped in sorted(sizes, key=lambda s: -s[2]):
        print(f"  {name:48} {raw / 1024:8.1f} KB  {zipped / 1024:7.1f} KB gzipped")
    total = sum(s[2] for s in sizes) / 1024
    print(f"  {'total':48} {sum(s[1] for s in sizes) / 1024:8.1f} KB  {total:7.1f} KB gzipped "
          f"(goal < {GOAL_KB} KB: {'met' if total < GOAL_KB else 'NOT met'})")
    return 0 if total < GOAL_KB else 1


if __name__ == "__main__":
    raise SystemExit(main())
