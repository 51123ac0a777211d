"""The stages of a site build, independent of the site engine.

A build is: load and validate the content, render the PDFs, generate the pages, let an engine
(MkDocs or Zensical) turn Markdown into themed HTML, make each page's content safe and typeset,
enrich it for search, index the site with Pagefind while the PDFs are still rendering, write the
PDFs and their figures, and write the offline files.

Each stage is implemented once, here. The MkDocs plugin (``mkdocs_plugin.py``) calls these functions
from MkDocs' events; engines without plugin events get the same stages from ``engines/`` around their
own build.
"""

from __future__ import annotations

import gc
import os
import shutil
from dataclasses import dataclass
from html import unescape as html_text
from pathlib import Path

from .diagnostics import format_report
from .markup.markdown import EXTENSIONS, web_extension_configs
from .markup.sanitize import clean_html, plain_html
from .markup.typography import typeset_html, typeset_text

SEARCH_ASSETS = Path(__file__).parent / "search" / "assets"
SEARCH_JS = "assets/auroras-search.js"
SEARCH_QUERY_JS = "assets/auroras-query.js"  # query understanding, used by auroras-search.js
SEARCH_CSS = "assets/auroras-search.css"
SEARCH_FILES = (SEARCH_QUERY_JS, SEARCH_JS, SEARCH_CSS)  # in the order the pages load them
# Theme overrides and assets in front of Material (build_tools/web/overrides/README.md).
THEME_OVERRIDES = Path(__file__).parent / "web" / "overrides"
DEFAULT_PDF_CACHE = ".cache/pdf"


class ContentError(Exception):
    """The content has errors; the message lists every one as path:line:column."""


@dataclass(frozen=True)
class Switches:
    """What a build produces besides the pages. Environment: AURORAS_PDF=0, AURORAS_SEARCH=0."""

    pdf: bool = True
    search: bool = True

    @classmethod
    def from_environment(cls, pdf: bool = True, search: bool = True) -> "Switches":
        return cls(pdf=pdf and os.environ.get("AURORAS_PDF", "1") != "0",
                   search=search and os.environ.get("AURORAS_SEARCH", "1") != "0")


# --- 0. the build's process -------------------------------------------------------------------------

# A build allocates millions of short-lived objects (Markdown trees, template output, search terms) while
# the content model and the imported modules live all through it.  At Python's default threshold (a young
# collection every 700 allocations) a full build collected about 530 times, 0.4 s of the build process's
# CPU, much of it walking what lives all through; at 10 000, about 150 times and 0.12-0.16 s.
GC_THRESHOLD = 10_000


def collect_less() -> tuple[int, ...]:
    """Collect garbage less often while a build runs; give what it returns to :func:`restore_collection`."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], GC_THRESHOLD), *previous[1:])
    return previous


def restore_collection(previous: tuple[int, ...]) -> None:
    gc.set_threshold(*previous)


def before_exit() -> None:
    """Call last, when the build's process is about to exit: everything alive moves out of the garbage
    collector's sight.  Python's finalization collects several times over the whole heap as it clears the
    modules: 0.28-0.34 s at the end of every build (one core busy, the other idle), 0.02-0.03 s after
    this.  Objects are freed by reference counting as before; only cycles are left to the exit."""
    gc.freeze()


# --- 1. content -------------------------------------------------------------------------------------

def load(root: Path):
    """The validated curriculum; every problem at once as ContentError."""
    from .loader import load_curriculum
    curriculum, problems = load_curriculum(root)
    if curriculum is None:
        raise ContentError("Sisällössä on virheitä:\n" + format_report(sorted(set(problems.items))))
    return curriculum


# --- 2. PDFs ----------------------------------------------------------------------------------------

def pdf_worker_count() -> int:
    """How many PDF render workers a build starts: AURORAS_PDF_WORKERS, by default one per core."""
    from .print.render import default_workers
    workers = os.environ.get("AURORAS_PDF_WORKERS")
    return int(workers) if workers else default_workers()


def start_pdf_workers(root: Path):
    """Start the PDF render workers before anything else of the build: each imports WeasyPrint while the
    content loads.  Give them to :func:`start_prints`, or to :func:`stop_pdf_workers` if the build ends
    before it (:func:`pdf_worker_count` of them)."""
    from .print.render import start_pool
    return start_pool(root, pdf_worker_count())


def stop_pdf_workers(workers) -> None:
    """Shut down workers from :func:`start_pdf_workers` (None, or workers already stopped: nothing)."""
    if workers is not None:
        workers.executor.shutdown(cancel_futures=True)


def start_prints(curriculum, root: Path, cache_dir: str = DEFAULT_PDF_CACHE, *, workers=None):
    """Start every PDF (rendered, or taken from the content-hash cache) beside the site build.

    Returns a ``print.background.PrintJob``: generate the pages from its ``pending`` PDFs, then write
    its ``results()`` and ``fill`` the pages' figures (AURORAS_PDF_CACHE).  ``workers``: from
    :func:`start_pdf_workers`, which the job then owns (started here if not given).
    """
    from .print import terminal_progress
    from .print.background import PrintJob
    cache = root / os.environ.get("AURORAS_PDF_CACHE", cache_dir)
    return PrintJob(curriculum, cache, started=workers or start_pdf_workers(root), progress=terminal_progress())


def write_pdfs(site_dir: Path, results) -> None:
    """Copy the rendered PDFs (``PrintJob.results()``) into the built site, each at its path."""
    for result in results:
        target = Path(site_dir) / result.document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(result.file, target)


def has_print_figures(text: str) -> bool:
    """Whether a generated page shows figures of PDFs still being rendered (PrintJob.fill puts them in)."""
    from .print.background import has_placeholders
    return has_placeholders(text)


def prints_summary(results) -> str:
    rendered = sum(r.rendered for r in results)
    return f"PDF-tulosteet: {len(results)} kpl, {rendered} renderöity, {len(results) - rendered} välimuistista"


# --- 3. pages and navigation ------------------------------------------------------------------------

def markdown_extensions() -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions every engine must use, with their settings (declared in markup/markdown.py)."""
    return list(EXTENSIONS), web_extension_configs()


def merge_markdown_extensions(names: list[str], configs: dict[str, dict]) -> tuple[list[str], dict[str, dict]]:
    """An engine's extension list and settings with the core's added; a conflicting setting is an error.

    Raises ValueError with a message for the person who edits the engine's configuration file.
    """
    names, configs = list(names), {name: dict(options) for name, options in configs.items()}
    core_names, core_configs = markdown_extensions()
    for name, options in core_configs.items():
        mine = configs.setdefault(name, {})
        for key, value in options.items():
            if key in mine and mine[key] != value:
                raise ValueError(f"mkdocs.yml: markdown_extensions › {name} › {key} on {mine[key]!r}, mutta "
                                 f"sisältö tarvitsee arvon {value!r}. Poista asetus mkdocs.yml-tiedostosta; "
                                 "Markdown-asetukset ovat tiedostossa build_tools/markup/markdown.py.")
            mine[key] = value
    names += [name for name in core_names if name not in names]
    return names, configs


def patched_theme(root: Path, engine: str, target: Path | None = None) -> Path:
    """The engine's own partials with our accessibility changes (web/theme_patches.py), in front of its theme."""
    from .web.theme_patches import material_templates, write_patched_theme, zensical_templates
    templates = material_templates() if engine == "mkdocs" else zensical_templates()
    return write_patched_theme(templates, target or root / ".cache" / "theme" / engine)


def meta_text(value: str) -> str:
    """A page title or description as the theme may print it unescaped: typeset, then HTML-escaped."""
    return plain_html(typeset_text(html_text(value)))


def expand_nav(nav: list, sections: dict[str, list[tuple[str | None, str]]]) -> list:
    """Replace a nav entry whose value is a generated folder ('teemat/') with its pages."""
    expanded = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, str) and value in sections:
                value = [path if label is None else {label: path} for label, path in sections[value]]
            elif isinstance(value, list):
                value = expand_nav(value, sections)
            expanded.append({title: value})
        else:
            expanded.append(item)
    return expanded


def escape_nav(nav: list) -> list:
    """Every title of a nav written out for an engine, escaped as :func:`meta_text` escapes page titles."""
    escaped = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), = item.items()
            escaped.append({meta_text(title): escape_nav(value) if isinstance(value, list) else value})
        else:
            escaped.append(item)
    return escaped


# --- 4. page content --------------------------------------------------------------------------------

def page_content(html: str) -> str:
    """A page's rendered content as it is published: sanitised, then typeset."""
    return typeset_html(clean_html(html))


def page_url(src_uri: str) -> str:
    """The address of a Markdown page with directory URLs, as MkDocs and Zensical give it."""
    stem = src_uri[:-len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def public_url(site_url: str, src_uri: str) -> str:
    """The public address of a Markdown page: teemat/cv.md -> <site>/teemat/cv/."""
    return site_url.rstrip("/") + "/" + page_url(src_uri)


def page_output(src_uri: str) -> str:
    """The HTML file a Markdown page is written to."""
    return page_url(src_uri) + "index.html"


# --- 5. search and offline --------------------------------------------------------------------------

def index_search(site_dir: Path, site_search, search_root: str = "article") -> None:
    """Index the built pages for search (Pagefind) and write the query-side data.

    Runs before the PDFs are waited for: a figure of a PDF still being rendered is a placeholder inside
    ``.auroras-pdf-figure`` or ``.auroras-prints``, which the index leaves out, so filling it in later
    changes nothing the index holds."""
    site_search.finish(Path(site_dir), search_root)


def write_offline(site_dir: Path, *, site_name: str, description: str = "", preview: bool = False) -> str:
    """The offline files, over the finished site (pages, PDFs and search index); the build log's line."""
    from .offline import build_offline
    return build_offline(Path(site_dir), site_name, description=description, preview=preview).summary()
