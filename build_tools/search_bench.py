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
import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .loader import SETTINGS_FILE, find_root
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
    kind: str = ""
    excerpts: list[tuple[str, str]] = field(default_factory=list)  # (page, excerpt text) as shown

    @property
    def top1(self) -> bool:
        return bool(self.results) and self.results[0] in self.expect

    @property
    def recall5(self) -> bool:
        return any(r in self.expect for r in self.results[:5])


def load_queries(root: Path) -> list[dict]:
    return yaml.safe_load((root / QUERIES).read_text(encoding="utf-8"))


def _source_files(root: Path) -> list[str]:
    """Every file of the working tree the build may read (tracked or new, not ignored), as relative paths."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    return [name for name in listed if name and (root / name).is_file()]


def build_site(root: Path, work: Path, stock: bool, engine: str = "mkdocs") -> Path:
    if not (work / SETTINGS_FILE).exists():
        for name in _source_files(root):
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, work / name)
    config = work / ("mkdocs-stock.yml" if stock else "mkdocs.yml")
    if stock:
        text = (work / "mkdocs.yml").read_text(encoding="utf-8")
        text = text.replace("  - auroras\n", "  - auroras:\n      search: false\n  - search:\n      lang: fi\n", 1)
        config.write_text(text, encoding="utf-8")
    site = work / ("site-stock" if stock else f"site-{engine}")
    env = dict(os.environ, AURORAS_PDF="0", NO_MKDOCS_2_WARNING="1")
    if engine != "mkdocs" and not stock:  # the whole pipeline with another engine (stock is MkDocs' own search)
        subprocess.run([sys.executable, "-m", "build_tools.build", "--root", str(work), "--engine", engine,
                        "--site-dir", str(site)], cwd=work, env=env, check=True, capture_output=True)
        return site
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


def open_pagefind(page, base: str, flags: str = "") -> None:
    """Open the site with our search box focused and its engine loaded (flags: see auroras-search.js)."""
    page.goto(base + (f"?auroras-search={flags}" if flags else ""))
    box = page.wait_for_selector(".auroras-search input", timeout=15000)
    box.click()
    page.wait_for_selector(".auroras-search[data-ready]", state="attached", timeout=15000)


def search_pagefind(page, base: str, query: str) -> tuple[list[str], float, list[tuple[str, str]]]:
    """Type one query into our search box; (result pages, seconds after the last keystroke, excerpts)."""
    if not page.url.startswith(base) or page.query_selector(".auroras-search[data-ready]") is None:
        open_pagefind(page, base)
    box = page.query_selector(".auroras-search input")
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.auroras-search').hasAttribute('data-done-query')")
    box.focus()
    page.keyboard.type(query)
    start = time.perf_counter()
    page.wait_for_function("q => document.querySelector('.auroras-search').getAttribute('data-done-query') === q",
                           arg=query, timeout=15000)
    seconds = time.perf_counter() - start
    hrefs = page.eval_on_selector_all(".auroras-search .auroras-search__link", "links => links.map(a => a.href)")
    excerpts = page.eval_on_selector_all(
        ".auroras-search .auroras-search__result",
        "items => items.flatMap(li => Array.from(li.querySelectorAll('.auroras-search__excerpt'))"
        "  .map(p => [li.querySelector('.auroras-search__link').href, p.innerText]))")
    return _unique([_relative(h, base) for h in hrefs]), seconds, [(_relative(u, base), t) for u, t in excerpts]


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
    return _unique([_relative(h, base) for h in hrefs]), seconds, []


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def run(site: Path, queries: list[dict], engine, flags: str = "") -> list[Outcome]:
    playwright, chromium = browser()
    try:
        with Server(site) as server:
            page = chromium.new_page()
            if engine is search_pagefind:
                open_pagefind(page, server.url, flags)
            outcomes = []
            for item in queries:
                results, seconds, excerpts = engine(page, server.url, item["query"])
                outcomes.append(Outcome(item["query"], item["expect"], results, seconds, item.get("kind", ""),
                                        excerpts))
            return outcomes
    finally:
        chromium.close()
        playwright.stop()


_TOKEN = re.compile(r"[^\W_]+")


def _tokens(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(text.casefold())) + " "


def visible_texts(site: Path, pages: set[str]) -> dict[str, str]:
    """The text a reader sees on each page (innerText of the article: hidden elements are left out)."""
    playwright, chromium = browser()
    try:
        with Server(site) as server:
            page = chromium.new_page()
            texts = {}
            for path in sorted(pages):
                page.goto(server.url + path)
                texts[path] = _tokens(page.inner_text("article"))
            return texts
    finally:
        chromium.close()
        playwright.stop()


def _visible(piece: str, text: str) -> bool:
    """Is this excerpt piece text a reader sees on the page?

    Pagefind leaves out elements it does not index (a form, a filter box), so an excerpt may join two
    visible passages.  The piece is split greedily into the longest runs found on the page; every run
    must be at least two words long (a single word may only be cut off at either end of the piece).
    Sorted lists of hidden base forms never pass: their neighbouring words are not neighbours on the page.
    """
    words = _tokens(piece).split()
    i, runs = 0, []
    while i < len(words):
        j = i + 1
        if f" {words[i]} " not in text:
            return False
        while j < len(words) and " " + " ".join(words[i:j + 1]) + " " in text:
            j += 1
        runs.append(j - i)
        i = j
    inner = runs[1:-1] if len(runs) > 2 else []
    return all(n >= 2 for n in inner)


def hidden_excerpts(site: Path, outcomes: list[Outcome]) -> list[tuple[str, str, str]]:
    """Excerpts with text that is not visible on their page: (query, page, excerpt)."""
    texts = visible_texts(site, {page for o in outcomes for page, _ in o.excerpts})
    bad = []
    for o in outcomes:
        for page, excerpt in o.excerpts:
            if any(_TOKEN.search(piece) and not _visible(piece, texts[page]) for piece in excerpt.split("…")):
                bad.append((o.query, page, excerpt))
    return bad


def _rates(outcomes: list[Outcome]) -> tuple[float, float]:
    n = len(outcomes) or 1
    return sum(o.recall5 for o in outcomes) / n, sum(o.top1 for o in outcomes) / n


def _times(outcomes: list[Outcome]) -> str:
    times = sorted(o.seconds for o in outcomes)
    return (f"median {1000 * statistics.median(times):.0f} ms, "
            f"p90 {1000 * times[int(0.9 * (len(times) - 1))]:.0f} ms")


def kind_table(columns: dict[str, list[Outcome]]) -> str:
    """recall@5 / top-1 per kind of query, one column per engine."""
    kinds = list(dict.fromkeys(o.kind for o in next(iter(columns.values()))))
    header = f"| {'kind':<20} | {'n':>3} | " + " | ".join(f"{name:<13}" for name in columns) + " |"
    lines = [header, "|" + "---|" * (2 + len(columns))]
    for kind in kinds + ["all"]:
        cells = []
        for outcomes in columns.values():
            chosen = [o for o in outcomes if kind in ("all", o.kind)]
            recall, top1 = _rates(chosen)
            cells.append(f"{recall:.2f} / {top1:.2f}")
        n = len([o for o in next(iter(columns.values())) if kind in ("all", o.kind)])
        name = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {name:<20} | {n:>3} | " + " | ".join(f"{c:<13}" for c in cells) + " |")
    return "\n".join(lines)


ABLATIONS = {
    "no typo correction": "no-typos",
    "no filler dropping": "no-fillers",
    "no merging": "no-merge",
    "no synonyms": "no-synonyms",
    "lemma: ending-stripping": "lemma-strip",
    "lemma: none": "lemma-none",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-search", description=__doc__.split("\n")[0])
    parser.add_argument("--ablations", action="store_true", help="also run ours with each query-side part off")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="site engine for our site (stock Material search is always built with MkDocs)")
    args = parser.parse_args(argv)
    root = find_root()
    queries = load_queries(root)
    with tempfile.TemporaryDirectory(prefix="auroras-search-") as tmp:
        work = Path(tmp)
        ours = build_site(root, work, stock=False, engine=args.engine)
        stock = build_site(root, work, stock=True)
        data, runtime = index_size(ours)
        stock_size = (stock / "search" / "search_index.json").stat().st_size
        ours_out = run(ours, queries, search_pagefind)
        stock_out = run(stock, queries, search_material)
        hidden = hidden_excerpts(ours, ours_out)
        ablations = {name: run(ours, queries, search_pagefind, flags) for name, flags in ABLATIONS.items()} \
            if args.ablations else {}
    print(f"Search benchmark: {len(queries)} queries (tests/search_queries.yml), recall@5 / top-1")
    print(kind_table({"Ours": ours_out, "Stock Material": stock_out}))
    print()
    print(f"Time to results after the last keystroke: ours {_times(ours_out)}; stock {_times(stock_out)}")
    shown = sum(len(o.excerpts) for o in ours_out)
    print(f"Excerpts that show text not visible on the page: {len(hidden)} of {shown}")
    for query, page, excerpt in hidden[:10]:
        print(f"  hidden: {query!r} {page}: {excerpt[:120]!r}")
    print(f"Index size: ours {data / 1024:.0f} KiB (Pagefind index and fragments + query-side data) = "
          f"{data / stock_size:.2f} x stock search_index.json ({stock_size / 1024:.0f} KiB); Pagefind runtime "
          f"(JS, WebAssembly) {runtime / 1024:.0f} KiB more")
    if ablations:
        print()
        print("What each query-side part buys (ours with one part off), recall@5 / top-1:")
        full = _rates(ours_out)
        print(f"  {'all parts on':<26} {full[0]:.2f} / {full[1]:.2f}")
        for name, outcomes in ablations.items():
            recall, top1 = _rates(outcomes)
            print(f"  {name:<26} {recall:.2f} / {top1:.2f}   ({recall - full[0]:+.2f} / {top1 - full[1]:+.2f})")
    misses = [o for o in ours_out if not o.recall5]
    for o in misses:
        print(f"  miss [{o.kind}]: {o.query!r} -> {o.results[:5]} (want {o.expect})")
    wrong_top = [o for o in ours_out if o.recall5 and not o.top1]
    for o in wrong_top:
        print(f"  not first [{o.kind}]: {o.query!r} -> {o.results[:3]} (want {o.expect})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
