"""Build benchmark: `make bench` prints times and ratios for the whole pipeline.

All figures come from one run on a private copy of the sources, so the
project's own cache and site are untouched.  This is a benchmark, not a test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .loader import THEMES_DIR, find_root, load_curriculum
from .print import build_documents, default_workers, render_documents
from .print.render import new_pool, print_stylesheet
from .print.worker import render

# What a build reads: everything at the top of the project except tools, caches and outputs.
SKIP = {".git", ".venv", ".cache", ".pytest_cache", ".helpers", ".github", ".ci", ".vscode", "node_modules", "site",
        "tests", "build_tools", "auroras_build_tools.egg-info"}


def copy_sources(root: Path, work: Path) -> None:
    """A private copy of the project's sources in ``work`` (the build reads nothing else)."""
    for source in sorted(root.iterdir()):
        if source.name in SKIP or source.name.endswith(".egg-info"):
            continue
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / source.name)


def mkdocs_build(work: Path, pdf: bool) -> tuple[float, str]:
    env = dict(os.environ, AURORAS_PDF="1" if pdf else "0", NO_MKDOCS_2_WARNING="1",
               AURORAS_PDF_CACHE=str(work / "cache"))
    start = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d",
                             str(work / "site")], cwd=work, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stderr}")
    return seconds, result.stderr


def rendered_count(log: str) -> tuple[int, int]:
    match = re.search(r"PDF-tulosteet: (\d+) kpl, (\d+) renderöity", log)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def main() -> int:
    from .bench_scale import render_times  # one reader of the cache's metadata (it imports this module)

    root = find_root()
    workers = default_workers()
    with tempfile.TemporaryDirectory(prefix="auroras-bench-") as tmp:
        work = Path(tmp)
        copy_sources(root, work)

        full, log = mkdocs_build(work, pdf=True)
        total, rendered_full = rendered_count(log)
        in_build = render_times(work / "cache")[4]  # the workers' CPU seconds in WeasyPrint
        nochange, log = mkdocs_build(work, pdf=True)
        _, rendered_nochange = rendered_count(log)

        theme_file = sorted((work / THEMES_DIR).glob("*/theme.yml"))[0]
        text = theme_file.read_text(encoding="utf-8")
        theme_file.write_text(text.replace("\nsummary:", "\nsummary: >-\n  Päivitetty.\n  ", 1)
                              if "\nsummary: >-" not in text else
                              text.replace("\nsummary: >-\n", "\nsummary: >-\n  Päivitetty.\n", 1),
                              encoding="utf-8")
        changed, log = mkdocs_build(work, pdf=True)
        _, rendered_changed = rendered_count(log)
        changed_docs = sorted(re.findall(r"PDF \d+/\d+ (\S+\.pdf)", log))
        site_only, _ = mkdocs_build(work, pdf=False)

        curriculum, problems = load_curriculum(work)
        docs = build_documents(curriculum)
        one, _ = timed(lambda: render_documents(docs, work / "c1", work, workers=1))
        many, results = timed(lambda: render_documents(docs, work / "cn", work, workers=workers))
        pages = sum(r.pages for r in results)

        # What WeasyPrint renders: every document, the binder as its parts and its front.
        # A part both binders have (the overview, the guide) is one unit, as it is one render in the build.
        units = []
        for doc in docs:
            if doc.parts:
                units += [(part.html, doc.part_css) for part in doc.parts]
                units.append((doc.front({part.anchor: 1 for part in doc.parts}), doc.part_css))
            else:
                units.append((doc.html, ""))
        units = list(dict.fromkeys(units))
        # Rendered one at a time by one worker made as the build makes them (print/worker.py): the sum of
        # the times WeasyPrint itself took, as the worker measures them (no finishing, no transfer).
        css, fonts = print_stylesheet()
        pool = new_pool(1, work, css, fonts)
        try:
            pool.submit(render, docs[0].html).result()  # warm-up
            serial = sum(pool.submit(render, html, extra).result()[2] for html, extra in units)
        finally:
            pool.shutdown()
        floor = serial / workers

    print(f"Auroras build benchmark: {len(curriculum.themes)} themes, {len(curriculum.lessons)} A2 lessons, "
          f"{total} PDFs, {pages} pages, {workers} workers")
    print(f"(a) full build from clean      {full:7.2f} s   ({rendered_full} PDFs rendered)")
    print(f"(b) rebuild, no change         {nochange:7.2f} s   ({rendered_nochange} rendered)"
          f"   {nochange / site_only:.2f} x site-only")
    print(f"(c) rebuild, one theme changed {changed:7.2f} s   ({rendered_changed} rendered: "
          f"{', '.join(changed_docs)})")
    print(f"(d) site only, AURORAS_PDF=0   {site_only:7.2f} s   full build is {full / site_only:.2f} x")
    print(f"(e) PDF stage, 1 worker        {one:7.2f} s")
    print(f"    PDF stage, {workers} workers       {many:7.2f} s   speed-up {one / many:.2f} x")
    print(f"    pages rendered per second  {pages / many:7.1f}     ({pages / one:.1f} with 1 worker)")
    print(f"(f) floor: WeasyPrint serial {serial:.2f} s / {workers} workers = {floor:.2f} s;"
          f" PDF stage is {many / floor:.2f} x the floor")
    print(f"(g) full build (a) is {full / floor:.2f} x the floor (f), and {full / (in_build / workers):.2f} x "
          f"WeasyPrint's CPU time in that build ({in_build:.2f} s) / {workers} workers")
    print(f"    one-theme edit (c) is {changed / site_only:.2f} x site-only (d)")
    return 0


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


if __name__ == "__main__":
    raise SystemExit(main())
