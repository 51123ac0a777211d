"""The one sanitising step for content HTML, shared by web pages and print.

Content is untrusted: an editor's paste or a hostile pull request must not
run script in a mentor's browser or make WeasyPrint read a file.  Rendered
Markdown goes through Ammonia (via nh3) with an allow-list of exactly the
elements and attributes that our templates and Markdown extensions produce.
Event handlers, ``style``, ``rel`` (WeasyPrint's ``rel="attachment"``) and
every URL scheme other than ``https:`` and ``mailto:`` are dropped; relative
links inside the site stay.
"""

from __future__ import annotations

import functools
import html

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})

ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "col": {"span"},
    "details": {"open"},
}

URL_SCHEMES = frozenset({"https", "mailto"})


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Second line of defence for URLs that Ammonia treats as relative.

    Site-absolute (``/etc/passwd``) and protocol-relative (``//host``) URLs
    and backslashes never belong in content; images must be files of the
    site itself, so an image source is never an outside address.
    """
    if attribute == "id" and value.startswith("__"):
        return None  # the theme's own ids (__config, __md_scope, __search): content must not clobber them
    if attribute in ("href", "src"):
        if value.startswith("/") or "\\" in value:
            return None
        if tag == "img" and ":" in value.split("/", 1)[0]:
            return None
    return value


@functools.lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       attribute_filter=_filter, url_schemes=set(URL_SCHEMES), link_rel=None,
                       strip_comments=True)


def clean_html(fragment: str) -> str:
    """``fragment`` with everything outside the allow-list removed."""
    return _cleaner().clean(fragment)


def text_only(fragment: str) -> str:
    """The text of an HTML fragment, every tag removed (entities stay escaped)."""
    return nh3.clean(fragment, tags=set(), attributes={})


def plain_html(text: str) -> str:
    """Text that is shown as text in an HTML context (titles in navigation, attributes).

    Accepts text that is already escaped (``&lt;b&gt;``) without escaping it twice.
    """
    return html.escape(html.unescape(text), quote=True)
