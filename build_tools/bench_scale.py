"""Scale benchmark: `make bench-scale` builds the curriculum at 1x and at a synthetic 10x and reports what
the cost of a build does with the size of the content.

The synthetic curriculum is made in a temporary copy.  The loader allows themes 1-14 only (theme
numbers, lesson themes and the semester plan are all bounded), so 10x is not 140 themes but the same
14 themes, lessons and meetings with 10 times the text: every activity's instructions, every phase's
script, the discussion questions, the mentor tips, every handout and the mentor guide repeated ten
times.  That makes every document, and so the binder, about ten times as long, which is where a
superlinear cost would show.

For each size it reports: the full build (PDFs on, empty cache), a one-theme edit (PDFs on, binder
up to date; the edit is theme 1's summary), the site-only build (AURORAS_PDF=0) and their ratio; the
peak memory of the build's whole process tree and of its largest process (polled from /proc: the
PDF workers are children of the fork server, not of the build, so getrusage cannot see them); and
WeasyPrint's seconds per page, from the cache's metadata (each PDF records how long it took), overall
and for the binder's parts.  This is a benchmark, not a test; at 10x it takes a while.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .bench import copy_sources
from .loader import find_root
from .model.common import MAX_MARKDOWN
from .stages import pdf_worker_count
from .yamlsource import parse_yaml

MARKDOWN_FIELDS = {"activities": "instructions", "phases": "script"}
LIST_FIELDS = ("discussion_questions", "mentor_tips")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the project's YAML allows no anchors or aliases
        return True


def _repeat_markdown(text: str, factor: int) -> str:
    copies = max(1, min(factor, (MAX_MARKDOWN + 2) // (len(text) + 2)))
    return "\n\n".join([text.strip()] * copies)


def scale(work: Path, factor: int) -> None:
    """Make the copy in ``work`` ``factor`` times as long (see the module docstring)."""
    if factor == 1:
        return
    for pattern in ("themes/*/theme.yml", "a2_lessons/*/lesson.yml", "sessions/*/session.yml"):
        for path in sorted(work.glob(pattern)):
            data = parse_yaml(path).data
            for key, field in MARKDOWN_FIELDS.items():
                for item in data.get(key) or []:
                    if isinstance(item.get(field), str):
                        item[field] = _repeat_markdown(item[field], factor)
            for key in LIST_FIELDS:
                if isinstance(data.get(key), list):
                    data[key] = [item for _ in range(factor) for item in data[key]]
            handouts = data.get("handouts") or ([data["handout"]] if isinstance(data.get("handout"), dict) else [])
            for handout in handouts:
                file = path.parent / str(handout.get("file") or "")
                if handout.get("file") and file.is_file():
                    text = file.read_text(encoding="utf-8")
                    file.write_text("\n\n".join([text.strip()] * factor) + "\n", encoding="utf-8")
            path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100),
                            encoding="utf-8")
    guide = work / "docs" / "ohjaajan-opas.md"
    if guide.is_file():
        head, _, body = guide.read_text(encoding="utf-8").partition("\n---\n") if guide.read_text(
            encoding="utf-8").startswith("---\n") else ("", "", guide.read_text(encoding="utf-8"))
        guide.write_text((head + "\n---\n" if head else "") + "\n\n".join([body.strip()] * factor) + "\n",
                         encoding="utf-8")


# --- memory of a process tree, polled from /proc ----------------------------------

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _resident_kb(pid: int) -> int:
    with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE_KB


# Linux lists each thread's children in /proc (CONFIG_PROC_CHILDREN); elsewhere every process's parent is read.
_CHILDREN_FILES = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def _children(pid: int) -> list[int]:
    """The children of ``pid``, started by any of its threads."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found += [int(child) for child in children.read().split()]
        except OSError:  # the thread ended meanwhile
            continue
    return found


def _scan() -> dict[int, int]:
    """pid -> parent pid of every process we can read (where the kernel lists no children)."""
    out = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                    out[int(entry.name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    return out


def tree_resident_kb(pid: int) -> dict[int, int]:
    """pid -> resident kB of ``pid`` and every process below it.

    Only the tree's own /proc files are read (its children lists and statm), not every process's status:
    a poller that reads all of /proc five times a second takes CPU from the build it measures."""
    parents = None if _CHILDREN_FILES else _scan()
    tree, frontier = set(), [pid]
    while frontier:
        current = frontier.pop()
        if current in tree:
            continue
        tree.add(current)
        frontier += (_children(current) if parents is None else
                     [child for child, parent in parents.items() if parent == current])
    sizes = {}
    for member in tree:
        try:
            sizes[member] = _resident_kb(member)
        except (OSError, ValueError, IndexError):
            continue
    return sizes


class TreeMemory:
    """Peak resident memory of a process and its descendants: of the whole tree, and of its largest member."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval = pid, interval
        self.tree_kb = self.largest_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            sizes = tree_resident_kb(self.pid)
            if sizes:
                self.tree_kb = max(self.tree_kb, sum(sizes.values()))
                self.largest_kb = max(self.largest_kb, max(sizes.values()))
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Build:
    seconds: float
    tree_mb: float
    largest_mb: float
    log: str


def build(work: Path, pdf: bool) -> Build:
    env = dict(os.environ, AURORAS_PDF="1" if pdf else "0", NO_MKDOCS_2_WARNING="1",
               AURORAS_PDF_CACHE=str(work / "cache"))
    start = time.perf_counter()
    process = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d",
                                str(work / "site")], cwd=work, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    memory.stop()
    if process.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{err[-4000:]}")
    return Build(seconds, memory.tree_kb / 1024, memory.largest_kb / 1024, err)


def render_times(cache: Path) -> tuple[int, float, int, float, float]:
    """(pages, WeasyPrint seconds) of every rendered PDF in the cache, and of the binder's parts; and
    the render workers' CPU seconds in WeasyPrint (the time a worker waited for a core not counted)."""
    pages = seconds = binder_pages = binder_seconds = cpu = 0
    for meta in cache.glob("*.json"):
        try:
            info = json.loads(meta.read_text())
        except ValueError:
            continue
        if "seconds" not in info:
            continue  # an assembled binder: its parts are counted
        pages += info["pages"]
        seconds += info["seconds"]
        cpu += info.get("cpu", 0.0)
        if "#teema-" in info.get("path", ""):
            binder_pages += info["pages"]
            binder_seconds += info["seconds"]
    return pages, seconds, binder_pages, binder_seconds, cpu


def edit_theme(work: Path) -> None:
    """Theme 1's summary changes, as an editor would change it."""
    path = sorted(work.glob("themes/*/theme.yml"))[0]
    data = parse_yaml(path).data
    text = path.read_text(encoding="utf-8")
    summary = data["summary"]
    first = summary.split()[0]
    # A word before the summary's first word, whatever the style of the YAML scalar (no ': ', which a
    # plain scalar cannot hold; at 10x the file is dumped again and its summary may be a plain scalar).
    index = text.index(first, text.index("summary:"))
    path.write_text(text[:index] + "Päivitetty " + text[index:], encoding="utf-8")


def measure(root: Path, factor: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"auroras-scale{factor}-") as tmp:
        work = Path(tmp)
        copy_sources(root, work)
        scale(work, factor)
        full = build(work, pdf=True)
        pages, seconds, binder_pages, binder_seconds, cpu = render_times(work / "cache")
        pdfs = sorted((work / "site" / "pdf").glob("*.pdf"))
        binder = work / "site" / "pdf" / "mentorin-kansio.pdf"
        binder_total = _page_count(binder) if binder.is_file() else 0
        edit_theme(work)
        edited = build(work, pdf=True)
        site = build(work, pdf=False)
    load = os.getloadavg()[0]
    return dict(factor=factor, full=full, edit=edited, site=site, pdfs=len(pdfs), pages=pages, seconds=seconds, cpu=cpu,
                binder_pages=binder_pages, binder_seconds=binder_seconds, binder_total=binder_total, load=load)


def _page_count(pdf: Path) -> int:
    import pikepdf
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,10", help="sizes to build, comma-separated (default 1,10)")
    args = parser.parse_args(argv)
    root = find_root()
    workers = pdf_worker_count()  # as the builds start them
    rows = []
    for factor in (int(f) for f in args.factors.split(",")):
        print(f"building {factor}x ...", file=sys.stderr, flush=True)
        rows.append(measure(root, factor))
    print("Auroras scale benchmark (times in s, memory in MB; load = 1-min load average after the size)")
    print(f"{'size':>5} {'full':>8} {'edit':>7} {'site':>7} {'edit/site':>9} {'tree MB':>8} {'largest MB':>10} "
          f"{'pages':>6} {'s/page':>7} {'binder p':>8} {'binder s/p':>10} {'full/WP':>7} {'load':>5}")
    for r in rows:
        tree = max(r["full"].tree_mb, r["edit"].tree_mb)
        largest = max(r["full"].largest_mb, r["edit"].largest_mb)
        per_page = r["seconds"] / r["pages"] if r["pages"] else 0.0
        binder = r["binder_seconds"] / r["binder_pages"] if r["binder_pages"] else 0.0
        print(f"{r['factor']:>4}x {r['full'].seconds:8.1f} {r['edit'].seconds:7.1f} {r['site'].seconds:7.1f} "
              f"{r['edit'].seconds / r['site'].seconds:9.2f} {tree:8.0f} {largest:10.0f} {r['pages']:6d} "
              f"{per_page:7.3f} {r['binder_total']:8d} {binder:10.3f} {r['full'].seconds / (r['cpu'] / workers):7.2f} "
              f"{r['load']:5.1f}")
    print("tree MB, largest MB = peak resident memory of the build's processes (the build, the PDF fork server and "
          "its workers, Pagefind), polled from /proc every 0.2 s")
    print("edit = one theme changed, PDFs on, binder up to date; s/page = WeasyPrint seconds per page rendered "
          "(all PDFs; binder: its theme parts)")
    print(f"full/WP = the full build against WeasyPrint's own render time in it (the workers' CPU seconds) "
          f"/ {workers} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
