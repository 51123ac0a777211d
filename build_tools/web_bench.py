"""Website benchmark: `make bench-web` measures a theme page's cold load on a slow connection.

It builds the site twice from a private copy of the sources, as it ships and with stock Material for
MkDocs search in place of ours, serves each from localhost under the path of the real site address
(as a static host would, with 404.html for missing files), and loads the same theme page in headless
Chromium (Debian's package, driven by Playwright) with an empty cache on an emulated connection of
1.6 Mbit/s down, 750 kbit/s up and 150 ms latency (Chrome DevTools Protocol,
Network.emulateNetworkConditions). It reports the median of several loads: time to the load event,
to the first contentful paint, and the bytes transferred. This is a benchmark, not a test.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("AURORAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SLOW_3G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
THEME_PAGE = "teemat/tyohaastattelu/"
RUNS = 5


def site_prefix(site_url: str) -> str:
    """'/materiaalit/' for https://host/materiaalit/: the folder the site is served from."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


class SiteServer:
    """A static server on localhost for one built site under ``prefix``, with 404.html for missing files."""

    def __init__(self, directory: Path, prefix: str = "/"):
        handler = functools.partial(_Handler, directory=str(directory), prefix=prefix)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".webmanifest": "application/manifest+json", ".js": "text/javascript",
                      ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream"}

    def __init__(self, *args, prefix: str = "/", **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return os.path.join(self.directory, "\0missing")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self):
        # As a static host would: revalidate, never a long cache (the service worker does the caching).
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args):
        pass


def browser():
    from playwright.sync_api import sync_playwright
    playwright = sync_playwright().start()
    return playwright, playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def cold_load(chromium, url: str, conditions: dict = SLOW_3G) -> dict:
    """One load with an empty cache (a new context) on an emulated connection."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", conditions)
    received, urls = [], []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    cdp.on("Network.requestWillBeSent", lambda event: urls.append(event["request"]["url"]))
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_timeout(300)  # requests started by the load event itself
    timing = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " const p = performance.getEntriesByName('first-contentful-paint')[0];"
        " return {load: n.loadEventEnd, fcp: p ? p.startTime : null,"
        " requests: performance.getEntriesByType('resource').length + 1}; }")
    context.close()
    # The search engine and its index are fetched when the search box is first used, not on a load.
    search = sum(1 for url in urls if "/pagefind/" in url or "/search/search_index.json" in url)
    return {**timing, "bytes": sum(received), "search": search}


def measure(site: Path, prefix: str, page: str = THEME_PAGE, runs: int = RUNS) -> dict:
    playwright, chromium = browser()
    try:
        with SiteServer(site, prefix) as server:
            loads = [cold_load(chromium, server.url + page) for _ in range(runs)]
    finally:
        chromium.close()
        playwright.stop()
    keys = ("load", "fcp", "bytes", "requests", "search")
    return {key: statistics.median(load[key] for load in loads) for key in keys}


IGNORE = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "node_modules", "__pycache__", "*.egg-info",
                                ".pytest_cache", ".helpers")


def build_site(root: Path, work: Path, stock: bool) -> Path:
    """The site from a private copy of the sources; ``stock``: Material's own search instead of ours."""
    source = work / "src"
    if not source.exists():
        shutil.copytree(root, source, ignore=IGNORE, symlinks=True)
    config = source / ("mkdocs-stock.yml" if stock else "mkdocs.yml")
    if stock:
        text = (source / "mkdocs.yml").read_text(encoding="utf-8")
        if "  - auroras\n" not in text:
            raise SystemExit("mkdocs.yml: the plugin list has no plain '- auroras' line to switch search off")
        text = text.replace("  - auroras\n", "  - auroras:\n      search: false\n  - search:\n      lang: fi\n", 1)
        config.write_text(text, encoding="utf-8")
    site = work / ("site-stock" if stock else "site")
    env = dict(os.environ, AURORAS_PDF="0", NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)],
                   cwd=source, env=env, check=True)
    return site


def main() -> int:
    from .loader import find_root, load_curriculum

    root = find_root()
    curriculum, _ = load_curriculum(root)
    prefix = site_prefix(curriculum.settings.site_url if curriculum else "/")
    with tempfile.TemporaryDirectory(prefix="auroras-web-") as tmp:
        work = Path(tmp)
        ours = build_site(root, work, stock=False)
        stock = build_site(root, work, stock=True)
        results = {"Auroras": measure(ours, prefix), "Stock Material": measure(stock, prefix)}
    print(f"Cold load of {THEME_PAGE} at 390 px, 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, "
          f"empty cache, median of {RUNS}:")
    for name, r in results.items():
        print(f"  {name:<15} load {r['load'] / 1000:.2f} s  first paint {r['fcp'] / 1000:.2f} s  "
              f"{r['bytes'] / 1024:.0f} KiB in {r['requests']:.0f} requests, {r['search']:.0f} for search")
    ratio = results["Auroras"]["load"] / results["Stock Material"]["load"]
    print(f"  ratio {ratio:.2f} x stock (goal: at most 1.2 x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
