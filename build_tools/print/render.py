"""Render print documents to PDF: a pool of workers and a content-hash cache.

Each worker process imports WeasyPrint once and parses the stylesheet once.
A PDF is rendered only when the hash of everything that goes into it (its
print HTML with embedded images, the stylesheet, the font files and the
WeasyPrint version) has no PDF in the cache yet.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from .documents import PrintDocument, digest, stylesheet_text

FONT_DIRS = [Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/noto")]
FONT_FACES = [  # (family, weight, style, file)
    ("Noto Sans", 400, "normal", "NotoSans-Regular.ttf"),
    ("Noto Sans", 700, "normal", "NotoSans-Bold.ttf"),
    ("Noto Sans", 400, "italic", "NotoSans-Italic.ttf"),
    ("Noto Sans", 700, "italic", "NotoSans-BoldItalic.ttf"),
]
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class PdfResult:
    document: PrintDocument
    file: Path  # the PDF in the cache
    pages: int
    size: int
    rendered: bool  # False when it came from the cache
    seconds: float = 0.0


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
    return digest("auroras-print-2", version("weasyprint"), PDF_VARIANT, css,
                  *(f"{p}:{_file_hash(p)}" for p in fonts))


# --- what WeasyPrint may read -----------------------------------------------

# Print HTML embeds its images as data: URIs, so WeasyPrint needs no file of the
# repository; the only files it may open are the print fonts.
DATA_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml")


def allowed_url(url: str, fonts: frozenset[str]) -> bool:
    """Whether WeasyPrint may fetch ``url``: the print fonts and embedded images, nothing else.

    No other file (inside or outside the repository), no network, and so no
    attachment and no SVG reference can bring anything into a PDF.
    """
    scheme = url.split(":", 1)[0].lower()
    if scheme == "data":
        mime = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
        return mime in DATA_IMAGE_TYPES
    if scheme == "file":
        return url in fonts
    return False


def confined_fetcher(fonts: frozenset[str]):
    from weasyprint.urls import URLFetcher

    class ConfinedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not allowed_url(url, fonts):
                raise ValueError(f"tulosteeseen ei haeta osoitetta {url[:80]!r}")
            return super().fetch(url, headers)

    return ConfinedFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


# --- pydyf: page references once per write ---------------------------------

# pydyf 0.13.0's ``PDF.page_references`` builds a new tuple of every page each time it is read,
# and WeasyPrint's PDF/UA tagger reads it for every structure element it writes (tags.py: 'Pg').
# A document of P pages with E elements costs O(P x E): quadratic in the length of a document, which
# made the binder the slowest and largest job.  The patch keeps the tuple and rebuilds it only when a
# page was added since (pages are only ever appended while a PDF is written), so every read after the
# first is O(1).  It applies to the exact pydyf version whose code it replaces and checks that code
# first; any other version is left alone (the output is the same either way, only slower).
PYDYF_PATCHED_VERSION = "0.13.0"


def patch_pydyf() -> bool:
    """Cache ``pydyf.PDF.page_references`` within one PDF write; True if the patch is in place."""
    import inspect

    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if getattr(original, "fget", None) is not None and getattr(original.fget, "_auroras_cached", False):
        return True
    if pydyf.__version__ != PYDYF_PATCHED_VERSION or not isinstance(original, property):
        return False
    if "self.pages['Kids'][::3]" not in inspect.getsource(original.fget):
        return False

    def page_references(self):
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_auroras_page_references")
        if cached is None or cached[0] is not kids or cached[1] != len(kids):
            cached = (kids, len(kids), original.fget(self))
            self.__dict__["_auroras_page_references"] = cached
        return cached[2]
    page_references._auroras_cached = True
    pydyf.PDF.page_references = property(page_references, doc=original.__doc__)
    return True


# --- worker process -------------------------------------------------------

_WORKER: dict = {}


def _init_worker(css: str, base_url: str, fonts: frozenset[str]) -> None:
    import weasyprint  # imported once per worker
    patch_pydyf()
    _WORKER["weasyprint"] = weasyprint
    _WORKER["fetcher"] = confined_fetcher(fonts)
    _WORKER["css"] = weasyprint.CSS(string=css, url_fetcher=_WORKER["fetcher"])
    _WORKER["base_url"] = base_url


def _render(html: str) -> tuple[bytes, int, float]:
    weasyprint = _WORKER["weasyprint"]
    start = time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=_WORKER["base_url"], url_fetcher=_WORKER["fetcher"]).render(
        stylesheets=[_WORKER["css"]])
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf, len(document.pages), time.perf_counter() - start


# --- the stage ------------------------------------------------------------

ProgressFn = Callable[[int, int, PrintDocument, bool], None]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def render_documents(docs: list[PrintDocument], cache_dir: Path, base_url: Path, *,
                     workers: int | None = None, progress: ProgressFn | None = None) -> list[PdfResult]:
    """PDFs for ``docs``, from the cache where possible; results in the order of ``docs``."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    fonts_rules, fonts = font_css()
    css = fonts_rules + stylesheet_text()
    env_key = environment_key(css, fonts)
    results: dict[int, PdfResult] = {}
    todo: list[tuple[int, str]] = []
    for index, doc in enumerate(docs):
        key = digest(env_key, doc.html)
        cached = _from_cache(doc, cache_dir, key)
        if cached:
            results[index] = cached
        else:
            todo.append((index, key))
    done = len(results)
    total = len(docs)
    if todo:
        # Longest documents first, so the binder does not finish last alone.
        todo.sort(key=lambda item: -len(docs[item[0]].html))
        count = max(1, min(workers or default_workers(), len(todo)))
        with ProcessPoolExecutor(max_workers=count, initializer=_init_worker,
                                 initargs=(css, base_url.resolve().as_uri() + "/",
                                           frozenset(path.as_uri() for path in fonts))) as pool:
            futures = {pool.submit(_render, docs[index].html): (index, key) for index, key in todo}
            for future in as_completed(futures):
                index, key = futures[future]
                pdf, pages, seconds = future.result()
                results[index] = _store(docs[index], cache_dir, key, pdf, pages, seconds)
                done += 1
                if progress:
                    progress(done, total, docs[index], True)
    return [results[i] for i in range(len(docs))]


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


def _store(doc: PrintDocument, cache_dir: Path, key: str, data: bytes, pages: int, seconds: float) -> PdfResult:
    pdf, meta = _paths(cache_dir, key)
    tmp = pdf.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, pdf)
    meta.write_text(json.dumps({"pages": pages, "path": doc.path}))
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
