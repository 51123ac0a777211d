"""Search benchmark: `make bench-search` runs the Finnish query set through the real search UI.

It builds the site twice from a private copy of the sources: once as it ships
(Voikko enrichment + Pagefind) and once with stock Material for MkDocs search,
serves each over HTTP on localhost, types every query into the header search
box in headless Chromium (Debian's package, driven by Playwright) and reads the
result links in order.  This is a benchmark, not a test.
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
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .loader import LESSONS_DIR, SETTINGS_FILE, THEMES_DIR, find_root
from .search import index_size

CHROMIUM = os.environ.get("AURORAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERIES = Path("tests") / "search_queries.yml"


@dataclass
class Outcome:
    query: str
    expect: list[str]
    results: list[str]
    seconds: float

    @property
    def top1(self) -> bool:
        return bool(self.results) and self.results[0] in self.expect

    @property
    def recall5(self) -> bool:
        return any(r in self.expect for r in self.results[:5])


def load_queries(root: Path) -> list[dict]:
    return yaml.safe_load((root / QUERIES).read_text(encoding="utf-8"))


def build_site(root: Path, work: Path, stock: bool) -> Path:
    for name in ("docs", THEMES_DIR, LESSONS_DIR, SETTINGS_FILE, "mkdocs.yml", "wordlist.txt"):
        source = root / name
        if source.exists() and not (work / name).exists():
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / name)
    config = work / ("mkdocs-stock.yml" if stock else "mkdocs.yml")
    if stock:
        text = (work / "mkdocs.yml").read_text(encoding="utf-8")
        text = text.replace("  - auroras\n", "  - auroras:\n      search: false\n  - search:\n      lang: fi\n", 1)
        config.write_text(text, encoding="utf-8")
    site = work / ("site-stock" if stock else "site")
    env = dict(os.environ, AURORAS_PDF="0", NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)],
                   cwd=work, env=env, check=True)
    return site


class Server:
    """A static file server on localhost for one built site."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser():
    from playwright.sync_api import sync_playwright
    playwright = sync_playwright().start()
    return playwright, playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _relative(href: str, base: str) -> str:
    href = href.split("#", 1)[0]
    return href[len(base):] if href.startswith(base) else href.lstrip("/")


def search_pagefind(page, base: str, query: str) -> tuple[list[str], float]:
    page.goto(base)
    box = page.wait_for_selector(".auroras-search input", timeout=15000)
    box.click()
    start = time.perf_counter()
    page.keyboard.type(query)
    page.wait_for_function(
        "q => { const root = document.querySelector('.auroras-search');"
        " const m = root.querySelector('.pagefind-ui__message');"
        " if (!m || !m.textContent.includes(q)) return false;"
        " const results = root.querySelectorAll('.pagefind-ui__result');"
        " return results.length === 0 ? /^Ei /.test(m.textContent.trim())"
        "   : root.querySelectorAll('.pagefind-ui__loading').length === 0"
        "     && root.querySelectorAll('.pagefind-ui__result-link').length > 0; }", arg=query, timeout=15000)
    seconds = time.perf_counter() - start
    hrefs = page.eval_on_selector_all(".auroras-search .pagefind-ui__result-link",
                                      "links => links.map(a => a.href)")
    return _unique([_relative(h, base) for h in hrefs]), seconds


def search_material(page, base: str, query: str) -> tuple[list[str], float]:
    page.goto(base)
    page.wait_for_selector(".md-search__input", state="attached", timeout=15000)
    box = page.wait_for_selector(".md-search__input", state="visible")
    box.click()
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent"
                           ".includes('Alustetaan')", timeout=15000)
    start = time.perf_counter()
    page.keyboard.type(query)
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /[0-9]|Ei /.test(m.textContent); }", timeout=15000)
    seconds = time.perf_counter() - start
    page.wait_for_timeout(400)  # let the results for the whole query settle
    hrefs = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                      "links => links.map(a => a.href)")
    return _unique([_relative(h, base) for h in hrefs]), seconds


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def run(site: Path, queries: list[dict], engine) -> list[Outcome]:
    playwright, chromium = browser()
    try:
        with Server(site) as server:
            page = chromium.new_page()
            outcomes = []
            for item in queries:
                results, seconds = engine(page, server.url, item["query"])
                outcomes.append(Outcome(item["query"], item["expect"], results, seconds))
            return outcomes
    finally:
        chromium.close()
        playwright.stop()


def summary(name: str, outcomes: list[Outcome], size: int) -> str:
    n = len(outcomes)
    recall = sum(o.recall5 for o in outcomes) / n
    top1 = sum(o.top1 for o in outcomes) / n
    times = sorted(o.seconds for o in outcomes)
    return (f"{name:<28} recall@5 {recall:.2f}  top-1 {top1:.2f}  index {size / 1024:7.0f} KiB  "
            f"first results median {1000 * statistics.median(times):.0f} ms, "
            f"p90 {1000 * times[int(0.9 * (n - 1))]:.0f} ms")


def main() -> int:
    root = find_root()
    queries = load_queries(root)
    with tempfile.TemporaryDirectory(prefix="auroras-search-") as tmp:
        work = Path(tmp)
        ours = build_site(root, work, stock=False)
        stock = build_site(root, work, stock=True)
        data, runtime = index_size(ours)
        stock_size = (stock / "search" / "search_index.json").stat().st_size
        ours_out = run(ours, queries, search_pagefind)
        stock_out = run(stock, queries, search_material)
    print(f"Finnish search benchmark: {len(queries)} queries (tests/search_queries.yml)")
    print(summary("Auroras (Voikko + Pagefind)", ours_out, data))
    print(summary("Stock Material search", stock_out, stock_size))
    print(f"Index size: enriched Pagefind index {data / 1024:.0f} KiB = {data / stock_size:.2f} x stock "
          f"search_index.json ({stock_size / 1024:.0f} KiB); Pagefind runtime (JS, WebAssembly) "
          f"{runtime / 1024:.0f} KiB more")
    misses = [o for o in ours_out if not o.recall5]
    for o in misses:
        print(f"  miss: {o.query!r} -> {o.results[:5]} (want {o.expect})")
    wrong_top = [o for o in ours_out if o.recall5 and not o.top1]
    for o in wrong_top:
        print(f"  not first: {o.query!r} -> {o.results[:3]} (want {o.expect})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
