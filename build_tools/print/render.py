"""Render print documents to PDF: a pool of workers and a content-hash cache.

The workers (``worker.py``) are forked from a fork server that imports WeasyPrint once, and each
parses the stylesheet once.  A PDF is rendered only when the hash of everything that goes into it
(its print HTML with embedded images, the stylesheet, the font files and the WeasyPrint version) has
no PDF in the cache yet.
"""

from __future__ import annotations

import heapq
import itertools
import json
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from .binder import Part, page_starts, reference_document
from .finishing import Finisher, digest
from .worker import PDF_VARIANT, assemble, init, ready, render

if TYPE_CHECKING:  # the documents' module brings in the model and the templates: not needed to start workers
    from .documents import PrintDocument

STYLESHEET = Path(__file__).with_name("print.css")

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/noto")]
FONT_FACES = [  # (family, weight, style, file)
    ("Noto Sans", 400, "normal", "NotoSans-Regular.ttf"),
    ("Noto Sans", 700, "normal", "NotoSans-Bold.ttf"),
    ("Noto Sans", 400, "italic", "NotoSans-Italic.ttf"),
    ("Noto Sans", 700, "italic", "NotoSans-BoldItalic.ttf"),
]


@dataclass(frozen=True)
class PdfResult:
    document: PrintDocument
    file: Path  # the PDF in the cache
    pages: int
    size: int
    rendered: bool  # False when it came from the cache
    seconds: float = 0.0

    @property
    def pages_label(self) -> str:
        return f"{self.pages} {'sivu' if self.pages == 1 else 'sivua'}"

    @property
    def kilobytes(self) -> str:
        return f"{self.size / 1024:.0f}"


def font_css() -> tuple[str, list[Path]]:
    """@font-face rules for the print font, and the font files (for the cache key)."""
    rules, files = [], []
    for family, weight, style, name in FONT_FACES:
        path = next((d / name for d in FONT_DIRS if (d / name).is_file()), None)
        if path is None:
            continue
        files.append(path)
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
                     f'src: url("{path.as_uri()}"); }}')
    return "\n".join(rules) + "\n", files


_FILE_HASHES: dict[tuple[Path, int, int], str] = {}


def _file_hash(path: Path) -> str:
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _FILE_HASHES:
        _FILE_HASHES[key] = digest(path.read_bytes())
    return _FILE_HASHES[key]


def environment_key(css: str, fonts: list[Path]) -> str:
    return digest("auroras-print-3", version("weasyprint"), PDF_VARIANT, css,
                  *(f"{p}:{_file_hash(p)}" for p in fonts))


# --- the stage ------------------------------------------------------------

ProgressFn = Callable[[int, int, "PrintDocument", bool], None]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@dataclass(frozen=True)
class _Job:
    key: str
    html: str
    css: str = ""  # a stylesheet after print.css (binder parts, the page-number reference)
    tagged: bool = True
    path: str = ""  # for the cache's metadata
    part: bool = False  # a piece of a binder (cached with its page-number flags), not a document
    finish: bool = False  # the worker finishes the HTML (PrintDocument.finished is False)


@dataclass
class _Binder:
    """The state of one binder while its parts render: parts, then the front, then the assembly."""

    index: int
    doc: PrintDocument
    css: str
    parts: list[_Job]
    reference: _Job
    front_pages: int
    front: _Job | None = None
    attempts: int = 0
    rendered: bool = False
    seconds: float = 0.0
    assembling: bool = False


def print_stylesheet() -> tuple[str, list[Path]]:
    """The print stylesheet as the workers get it (font rules first), and the font files."""
    fonts_rules, fonts = font_css()
    return fonts_rules + STYLESHEET.read_text(encoding="utf-8"), fonts


# Workers are forked from a fork server that has imported WeasyPrint and the worker module once,
# where the platform has one (Linux, macOS), instead of from the build's process: WeasyPrint is
# imported once per build process instead of once per worker, and a worker does not carry the site
# build's memory (MkDocs, the theme, the content), which the build's process would otherwise copy page
# by page as it goes on writing it.  Every worker imports the build's main script again as it starts
# (the `auroras` or `mkdocs` command), as with spawn: "__main__" in the preload would have the server
# import it once, but the fork server of Python 3.11 ignores that (CPython gh-126631, fixed in later
# releases), so the scripts keep their imports small: cli.py imports the loader only in the commands
# that read content, and the MkDocs plugin imports it in on_config.
# As with spawn, a script that starts a build must do so under `if __name__ == "__main__":`.
# Elsewhere (Windows) the platform's default, spawn.
FORK_SERVER_PRELOAD = ["__main__", init.__module__, "weasyprint"]


def _pool_context():
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None, None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORK_SERVER_PRELOAD)
    return context, dict(os.environ)


def new_pool(count: int, base_url: Path, css: str, fonts: list[Path]) -> ProcessPoolExecutor:
    context, environment = _pool_context()
    return ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=init,
                               initargs=(css, base_url.resolve().as_uri() + "/",
                                         frozenset(path.as_uri() for path in fonts), environment))


@dataclass
class RenderPool:
    """Render workers started ahead of ``render_documents``, which takes them over and shuts them down.
    ``css`` and ``fonts`` are what the workers were given: the cache keys are made of the same."""

    executor: ProcessPoolExecutor
    workers: int
    css: str
    fonts: list[Path]


def start_pool(base_url: Path, workers: int | None = None) -> RenderPool:
    """Start the render workers now, while the build loads the content and writes the documents' HTML,
    instead of after: the fork server imports WeasyPrint (about 0.5 s) and each worker parses the
    stylesheet.

    A worker process starts at the pool's first task; a build that then finds every PDF in the cache has
    spent that start on the cores the site build does not use (measured: a no-change rebuild 4.00 s
    before, 4.11 s after).  Starting one waits until the fork server has imported WeasyPrint, so the
    tasks are handed over in a thread of their own: the build does not wait for that import."""
    count = max(1, workers or default_workers())
    css, fonts = print_stylesheet()
    executor = new_pool(count, base_url, css, fonts)
    threading.Thread(target=_start_workers, args=(executor, count), name="auroras-pdf-start", daemon=True).start()
    return RenderPool(executor, count, css, fonts)


def _start_workers(executor: ProcessPoolExecutor, count: int) -> None:
    try:
        for _ in range(count):  # one task per worker, so that every worker process starts
            executor.submit(ready)
    except RuntimeError:  # the pool was shut down first (the build stopped): nothing to start
        pass


def render_documents(docs: Iterable[PrintDocument], cache_dir: Path, base_url: Path, *,
                     workers: int | None = None, progress: ProgressFn | None = None,
                     started: RenderPool | None = None) -> list[PdfResult]:
    """PDFs for ``docs``, from the cache where possible; results in the order of ``docs``.

    A binder (a document with parts) is rendered part by part, each part cached by its own content,
    and assembled when its parts are done (build_tools/print/binder.py).  ``started``: workers from
    ``start_pool`` (for the same ``base_url``), used and shut down here, whatever happens; with them,
    ``docs`` may be an iterator that is still writing its documents: each goes to the workers as it comes.
    """
    try:
        return _render_documents(docs, cache_dir, base_url, workers, progress, started)
    finally:
        if started is not None:
            started.executor.shutdown(cancel_futures=True)


def _render_documents(source: Iterable[PrintDocument], cache_dir: Path, base_url: Path, workers: int | None,
                      progress: ProgressFn | None, started: RenderPool | None) -> list[PdfResult]:
    cache_dir.mkdir(parents=True, exist_ok=True)
    css, fonts = (started.css, started.fonts) if started else print_stylesheet()
    env_key = environment_key(css, fonts)
    docs: list[PrintDocument] = []
    results: dict[int, PdfResult] = {}
    parts: dict[str, Part] = {}  # rendered or cached PDFs by key (binder parts, fronts, references)
    queued: set[str] = set()  # keys the pool renders or will (a part two binders share is rendered once)
    plain: dict[str, list[int]] = {}  # key -> documents it is
    binders: list[_Binder] = []
    done = total = 0
    raw_key = ""  # the key base of unfinished HTML, made when the first such document comes
    pool = started.executor if started else None
    count = started.workers if started else 0  # without started workers: known when every document is
    futures: dict = {}
    # Work waits here, not in the pool's queue, most urgent first: a binder's front and assembly, which
    # can only start when its parts are done, go next instead of after every document queued before them
    # (they used to be the last two jobs of a full build, with the other worker idle); then binder parts,
    # then the rest, longest first, so that a long document does not finish last alone.
    waiting: list = []
    order = itertools.count()
    URGENT = (0,)  # a binder's front or assembly: before any (1, ...) of the rest

    def key_base(doc: PrintDocument) -> str:
        # Unfinished HTML is keyed with what finishing it depends on (its code, Voikko): the same template
        # output finishes to the same HTML, so a cached PDF needs no finishing at all.
        nonlocal raw_key
        if doc.finished:
            return env_key
        if not raw_key:
            raw_key = digest(env_key, "unfinished", Finisher().salt)
        return raw_key

    def enqueue(urgency: tuple, call: tuple, what: tuple) -> None:
        heapq.heappush(waiting, (urgency, next(order), call, what))
        pump()

    def submit(item: _Job, first: bool = False) -> None:
        enqueue(URGENT if first else (1, not item.part, -len(item.html)),
                (render, item.html, item.css, item.tagged, item.finish), ("render", item))

    def pump() -> None:
        nonlocal pool
        if not count:
            return
        if pool is None and waiting:
            pool = new_pool(count, base_url, css, fonts)
        while waiting and len(futures) <= count:  # one queued behind the running ones: no worker waits
            _, _, call, what = heapq.heappop(waiting)
            futures[pool.submit(*call)] = what

    def job(key: str, html: str, css_text: str = "", tagged: bool = True, path: str = "",
            finish: bool = False, first: bool = False) -> _Job:
        item = _Job(key, html, css_text, tagged, path, part=True, finish=finish)
        if key not in parts and key not in queued:
            cached = _cached_part(cache_dir, key)
            if cached:
                parts[key] = cached
            else:
                queued.add(key)
                submit(item, first)
        return item

    def register(index: int, doc: PrintDocument) -> None:
        nonlocal done
        doc_key = key_base(doc)
        if doc.parts:
            extra = doc.part_css
            ref_html, ref_css = reference_document()
            binders.append(_Binder(
                index, doc, extra,
                [job(digest(doc_key, "binder-part", extra, part.html), part.html, extra,
                     path=f"{doc.path}#{part.anchor}", finish=not doc.finished)
                 for part in doc.parts],
                job(digest(env_key, "folio-reference", ref_html, ref_css), ref_html, ref_css, tagged=False,
                    path=f"{doc.path}#sivunumerot"),
                _front_hint(cache_dir, doc.path)))
            return
        key = digest(doc_key, doc.html)
        cached = _from_cache(doc, cache_dir, key)
        if cached:
            results[index] = cached
            done += 1
            return
        plain.setdefault(key, []).append(index)
        if key not in queued:
            queued.add(key)
            submit(_Job(key, doc.html, path=doc.path, finish=not doc.finished))

    def advance(binder: _Binder) -> None:
        """Take the binder as far as its finished parts allow: the front, then the assembly."""
        nonlocal done
        if binder.index in results or binder.assembling:  # done (from the cache, or assembled), or assembling
            return
        if any(p.key not in parts for p in binder.parts) or binder.reference.key not in parts:
            return
        part_pages = [parts[p.key].pages for p in binder.parts]
        # The contents give each section's first page, so they depend on the front's own length: render it
        # with last build's length and again if that was not it (at most a few times: lengths converge).
        if binder.front is None or (binder.front.key in parts and parts[binder.front.key].pages != binder.front_pages
                                    and binder.attempts < 4):
            if binder.front is not None:
                binder.front_pages = parts[binder.front.key].pages
            binder.attempts += 1
            starts, _ = page_starts(binder.front_pages, part_pages)
            html = binder.doc.front({p.anchor: s for p, s in zip(binder.doc.parts, starts)})
            binder.front = job(digest(key_base(binder.doc), "binder-front", binder.css, html), html, binder.css,
                               path=f"{binder.doc.path}#kansi", finish=not binder.doc.finished, first=True)
            if binder.front.key not in parts:  # rendering
                return
            if parts[binder.front.key].pages != binder.front_pages and binder.attempts < 4:
                return advance(binder)
        if binder.front.key not in parts:
            return
        _store_front_hint(cache_dir, binder.doc.path, binder.front_pages)
        keys = [binder.front.key] + [p.key for p in binder.parts] + [binder.reference.key]
        key = digest(env_key, "binder", "pikepdf", version("pikepdf"), *keys)
        out = cache_dir / f"{key}.pdf"
        meta = cache_dir / f"{key}.json"
        if out.is_file() and meta.is_file():
            results[binder.index] = PdfResult(binder.doc, out, json.loads(meta.read_text())["pages"],
                                              out.stat().st_size, rendered=binder.rendered, seconds=binder.seconds)
            done += 1
            if progress and binder.rendered:
                progress(done, total, binder.doc, True)
            return
        binder.assembling = True
        args = (parts[binder.front.key], [parts[p.key] for p in binder.parts], parts[binder.reference.key].file,
                out)
        if pool is None:
            finish(binder, out, meta, *assemble(*args))
        else:
            enqueue(URGENT, (assemble, *args), ("assemble", (binder, out, meta)))

    def finish(binder: _Binder, out: Path, meta: Path, pages: int, seconds: float) -> None:
        nonlocal done
        meta.write_text(json.dumps({"pages": pages, "path": binder.doc.path}))
        results[binder.index] = PdfResult(binder.doc, out, pages, out.stat().st_size, rendered=True,
                                          seconds=binder.seconds + seconds)
        done += 1
        if progress:
            progress(done, total, binder.doc, True)

    try:
        for index, doc in enumerate(source):
            docs.append(doc)
            register(index, doc)
        if not count:
            count = max(1, min(workers or default_workers(), len(queued)))
            pump()
        total = len(docs)
        for binder in binders:
            advance(binder)
        while futures:
            finished, _ = wait(list(futures), return_when=FIRST_COMPLETED)
            completed = [(future, futures.pop(future)) for future in finished]
            pump()  # the workers go on while the results are stored
            for future, (what, item) in completed:
                if what == "assemble":
                    finish(*item, *future.result())
                    continue
                pdf, pages, seconds, folios, cpu = future.result()
                for index in plain.pop(item.key, []):
                    results[index] = _store(docs[index], cache_dir, item.key, pdf, pages, seconds, cpu)
                    done += 1
                    if progress:
                        progress(done, total, docs[index], True)
                if item.part:
                    parts[item.key] = _store_part(cache_dir, item, pdf, pages, folios, seconds, cpu)
                    for binder in binders:
                        if item.key in {p.key for p in binder.parts} | {binder.reference.key} | (
                                {binder.front.key} if binder.front else set()):
                            binder.rendered = True
                            binder.seconds += seconds
                    for binder in binders:
                        advance(binder)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return [results[i] for i in range(len(docs))]


def _front_hint(cache_dir: Path, path: str) -> int:
    """Pages of the binder's front at the last build (a guess; a wrong one costs a re-render of the front)."""
    try:
        return int(json.loads((cache_dir / "binder-front.json").read_text())[path])
    except (OSError, ValueError, KeyError, TypeError):
        return 2


def _store_front_hint(cache_dir: Path, path: str, pages: int) -> None:
    file = cache_dir / "binder-front.json"
    try:
        hints = json.loads(file.read_text())
    except (OSError, ValueError):
        hints = {}
    if hints.get(path) != pages:
        hints[path] = pages
        file.write_text(json.dumps(hints, sort_keys=True))


def _cached_part(cache_dir: Path, key: str) -> Part | None:
    pdf, meta = _paths(cache_dir, key)
    if not (pdf.is_file() and meta.is_file()):
        return None
    try:
        info = json.loads(meta.read_text())
        return Part(pdf, int(info["pages"]), tuple(bool(f) for f in info["folios"]))
    except (ValueError, KeyError, TypeError):
        return None


def _write(cache_dir: Path, key: str, data: bytes, pages: int, path: str, seconds: float, cpu: float,
           **extra) -> Path:
    """A rendered PDF into the cache, with its metadata (pages, the document's path, render times)."""
    pdf, meta = _paths(cache_dir, key)
    tmp = pdf.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, pdf)
    meta.write_text(json.dumps({"pages": pages, "path": path, **extra, "seconds": round(seconds, 3),
                                "cpu": round(cpu, 3)}))
    return pdf


def _store_part(cache_dir: Path, item: _Job, data: bytes, pages: int, folios: tuple[bool, ...],
                seconds: float, cpu: float) -> Part:
    return Part(_write(cache_dir, item.key, data, pages, item.path, seconds, cpu, folios=list(folios)),
                pages, folios)


def _paths(cache_dir: Path, key: str) -> tuple[Path, Path]:
    return cache_dir / f"{key}.pdf", cache_dir / f"{key}.json"


def _from_cache(doc: PrintDocument, cache_dir: Path, key: str) -> PdfResult | None:
    pdf, meta = _paths(cache_dir, key)
    if not (pdf.is_file() and meta.is_file()):
        return None
    try:
        info = json.loads(meta.read_text())
    except ValueError:
        return None
    return PdfResult(doc, pdf, info["pages"], pdf.stat().st_size, rendered=False)


def _store(doc: PrintDocument, cache_dir: Path, key: str, data: bytes, pages: int, seconds: float,
           cpu: float) -> PdfResult:
    pdf = _write(cache_dir, key, data, pages, doc.path, seconds, cpu)
    return PdfResult(doc, pdf, pages, len(data), rendered=True, seconds=seconds)


def terminal_progress(stream=sys.stderr) -> ProgressFn:
    """Progress on the terminal: one updating line on a TTY, a line per PDF otherwise."""
    start = time.perf_counter()
    tty = stream.isatty()

    def report(done: int, total: int, doc: PrintDocument, rendered: bool) -> None:
        elapsed = time.perf_counter() - start
        line = f"PDF {done}/{total} {doc.path.rsplit('/', 1)[-1]} ({elapsed:.1f} s)"
        if tty:
            stream.write("\r\033[K" + line + ("\n" if done == total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()
    return report
