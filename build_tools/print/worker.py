"""The PDF render workers: what runs in the worker processes, and only that.

A worker imports WeasyPrint once (or finds it imported by the fork server it was forked from, see
``render.new_pool``), parses the print stylesheet once, and then lays out documents: ``render`` for a
PDF, ``assemble`` for a binder from its rendered parts.  This module imports nothing of the build but
the finishing (typography and hyphenation), so that the fork server and the workers stay small.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

from .binder import Part
from .finishing import Finisher
from .hyphenate import SOFT_HYPHEN

PDF_VARIANT = "pdf/ua-1"


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


# --- the text layer of a hyphenated word ---------------------------------

# WeasyPrint draws the hyphen it adds where it hyphenates a word as the hyphenate-character, U+2010, and
# maps that glyph to U+2010 in the font's ToUnicode map: copying the word out of the PDF, or having it
# read aloud, gives "harjoit‐ televat".  PDF has a character for a hyphen added by hyphenation: the soft
# hyphen, U+00AD (ISO 32000-1, 14.8.2.2.3), which text extraction and assistive technology treat as no
# letter.  The print text never contains U+2010 itself (``Finisher`` writes U+002D for it), so in our
# PDFs the glyph that maps to U+2010 is always an added hyphen, and the patch maps it to U+00AD.  The
# glyph drawn is the same; only the text layer changes.
HYPHENATE_CHARACTER = "\u2010"


def patch_hyphen_text() -> bool:
    """Map WeasyPrint's hyphenation hyphen to U+00AD in the text layer; True if the patch is in place."""
    import inspect

    import weasyprint.pdf

    original = getattr(weasyprint.pdf, "build_fonts_dictionary", None)
    if getattr(original, "_auroras_soft_hyphen", False):
        return True
    if original is None or list(inspect.signature(original).parameters)[:2] != ["pdf", "fonts"]:
        return False

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            for glyph, text in font.to_unicode.items():
                if text == HYPHENATE_CHARACTER:
                    font.to_unicode[glyph] = SOFT_HYPHEN
        return original(pdf, fonts, *args, **kwargs)
    build_fonts_dictionary._auroras_soft_hyphen = True
    weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary
    return True


# --- worker process -------------------------------------------------------

_WORKER: dict = {}


def init(css: str, base_url: str, fonts: frozenset[str], environment: dict[str, str] | None = None) -> None:
    if environment is not None:  # a worker forked from the fork server: the build's environment, not the server's
        os.environ.clear()
        os.environ.update(environment)
    import weasyprint  # imported once per worker (or already, by the fork server)
    patch_pydyf()
    patch_hyphen_text()
    _WORKER["weasyprint"] = weasyprint
    _WORKER["fetcher"] = confined_fetcher(fonts)
    _WORKER["css"] = weasyprint.CSS(string=css, url_fetcher=_WORKER["fetcher"])
    _WORKER["base_url"] = base_url
    # Everything alive now (the modules, the stylesheet) lives as long as the worker: out of the garbage
    # collector's sight, which otherwise walks all of it in every full collection while WeasyPrint lays
    # out (measured with workers forked from the build's process: 14% of their CPU time in the collector,
    # 9% after).
    gc.freeze()


def render(html: str, css: str = "", tagged: bool = True,
           finish: bool = False) -> tuple[bytes, int, float, tuple[bool, ...], float]:
    """One PDF: its bytes, page count, seconds, which pages show the page number (binder parts), and
    the worker's CPU seconds.  Both times are WeasyPrint's alone (after the finishing).

    ``finish``: ``html`` is the templates' output, to be given its typography and hyphenation first."""
    weasyprint = _WORKER["weasyprint"]
    if finish:
        if "finisher" not in _WORKER:
            _WORKER["finisher"] = Finisher()
        html = _WORKER["finisher"](html)
    start, cpu = time.perf_counter(), time.process_time()
    sheets = [_WORKER["css"]] + ([weasyprint.CSS(string=css, url_fetcher=_WORKER["fetcher"])] if css else [])
    document = weasyprint.HTML(string=html, base_url=_WORKER["base_url"], url_fetcher=_WORKER["fetcher"]).render(
        stylesheets=sheets)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT) if tagged else document.write_pdf()
    # print.css numbers the pages that are neither blank nor named (a cover, a handout copy).
    folios = tuple(not page._page_box.page_type.blank and not page._page_box.page_type.name
                   for page in document.pages)
    return pdf, len(document.pages), time.perf_counter() - start, folios, time.process_time() - cpu


def assemble(front: Part, parts: list[Part], reference: Path, out: Path) -> tuple[int, float]:
    from . import assembly  # pikepdf, only when a binder is assembled

    start = time.perf_counter()
    pages = assembly.assemble(front, parts, reference, out)
    return pages, time.perf_counter() - start


def ready() -> None:
    """A no-op: submitted once per worker to start it (see ``start_pool``)."""
