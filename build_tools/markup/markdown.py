"""The one Markdown configuration of the project, for every output.

Web pages and print documents render content with the same extensions and
the same settings, declared here.  A site-engine adapter (MkDocs today)
installs :data:`EXTENSIONS` and :data:`EXTENSION_CONFIGS` into the engine, and
adds only presentational options of its own (:data:`WEB_EXTENSION_CONFIGS`).

Plain-text fields (titles, terms, speakers, captions) are never Markdown:
:func:`markdown_text` escapes them so that they show exactly as written.
"""

from __future__ import annotations

import functools
import re
import threading

import markdown

# Extensions that decide the structure of content. Order matters only for readability.
EXTENSIONS: list[str] = [
    "admonition",    # !!! tip "Vinkki" blocks, and !!! mentori blocks in handouts
    "attr_list",     # { #vaihe-1 } anchors on generated headings
    "md_in_html",    # <div markdown> wrappers of generated pages
    "tables",
    "fenced_code",
    "sane_lists",    # numbered lists keep their start number; list types do not merge
    "toc",           # heading ids (the web adds permalinks)
]

EXTENSION_CONFIGS: dict[str, dict] = {
    # The sanitiser removes style attributes; alignment is carried by the align attribute.
    "tables": {"use_align_attribute": True},
    "toc": {"toc_depth": 3},
}

# Options that only change how the web shows the same structure.
WEB_EXTENSION_CONFIGS: dict[str, dict] = {
    "toc": {"permalink": True, "permalink_title": "Linkki tähän kohtaan"},
}


def web_extension_configs() -> dict[str, dict]:
    merged = {name: dict(options) for name, options in EXTENSION_CONFIGS.items()}
    for name, options in WEB_EXTENSION_CONFIGS.items():
        merged.setdefault(name, {}).update(options)
    return merged


def new_markdown() -> markdown.Markdown:
    """A Python-Markdown converter with the project's configuration (print and checks)."""
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def prepare(text: str, *, keep_html: bool = False) -> str:
    """Content Markdown as every output renders it.

    Lists are normalised so that they render as written, and raw HTML is turned into text: content may
    not contain HTML (``auroras check`` says so at its line), and an unclosed ``<div>`` or ``<script>``
    would otherwise swallow the rest of the page before the sanitiser ever sees it. ``keep_html`` is for
    checks that look inside raw HTML (the link check), never for output.
    """
    from .normalize import normalize_markdown
    normalized = normalize_markdown(text)
    return normalized if keep_html else html_as_text(normalized)


# A tag, comment or declaration starts with '<' and a letter, '/', '!' or '?'. Autolinks stay links.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+>|\]\(<[^<>\n]*>", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_FENCE = re.compile(r"^\s*(```|~~~)")


def html_as_text(text: str) -> str:
    """Every '<' that would open raw HTML becomes '&lt;', outside code and autolinks."""
    out, fence = [], None
    for line in text.split("\n"):
        if match := _FENCE.match(line):
            fence = None if fence == match.group(1) else fence or match.group(1)
            out.append(line)
            continue
        if fence or "<" not in line:
            out.append(line)
            continue
        keep = [(m.start(), m.end()) for rx in (_CODE_SPAN, _AUTOLINK) for m in rx.finditer(line)]
        out.append(_TAG_START.sub(lambda m: m.group(0) if any(a <= m.start() < b for a, b in keep) else "&lt;",
                                  line))
    return "\n".join(out)


_converters = threading.local()  # one converter per thread, reset after each text (Markdown.reset)


@functools.lru_cache(maxsize=4096)
def render(text: str) -> str:
    """Content Markdown to sanitised HTML (print documents), each numbered item carrying its number."""
    from .normalize import number_list_items
    from .sanitize import clean_html
    md = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = new_markdown()
    try:
        html = md.convert(prepare(text))
    finally:
        md.reset()
    return number_list_items(clean_html(html))


def plain_text(text: str) -> str:
    """A Markdown field as plain text on one line (page descriptions, PDF metadata)."""
    import html

    from .sanitize import text_only
    return " ".join(html.unescape(text_only(render(text))).split())


# --- plain text inside generated Markdown -----------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def markdown_text(value: object) -> str:
    """A plain-text field for a Markdown page: shown literally, on one line.

    HTML is neutralised with entities (Python-Markdown passes entities
    through), and Markdown punctuation is backslash-escaped so that
    ``*``, ``[x](y)`` or ``|`` in a title stay text.
    """
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
