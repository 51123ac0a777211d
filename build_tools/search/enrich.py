"""Add Voikko base forms and compound parts to each section of a page's HTML."""

from __future__ import annotations

import functools
import html as htmllib
import re

from ..voikko import voikko

OPEN, CLOSE = "〔", "〕"  # markers around the added words; removed from excerpts in the browser
_HEADING = re.compile(r"(?=<h[1-6][\s>])", re.I)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]+(?:[-:'’][^\W\d_]+)*")
_PART = re.compile(r"\+([^+()=]+)\(([^)+][^)]*)\)")
# Sections whose words should weigh more: what the page teaches.
KEY_CLASSES = {"auroras-key": "5"}


class SearchEnricher:
    def __init__(self) -> None:
        self._voikko = voikko()  # None: Pagefind's stemmer still works, less well

    @functools.lru_cache(maxsize=100_000)
    def terms(self, word: str) -> frozenset[str]:
        """Base forms and compound parts of one word, both as written and in base form."""
        if self._voikko is None:
            return frozenset()
        found: set[str] = set()
        for analysis in self._voikko.analyze(word):
            base = analysis.get("BASEFORM")
            if base:
                found.add(base.casefold())
            parts = _PART.findall(analysis.get("WORDBASES", ""))
            if len(parts) > 1:
                for written, base_form in parts:
                    found.add(written.casefold())
                    found.add(base_form.replace("=", "").casefold())
        return frozenset(t for t in found if len(t) > 1)

    def enrich(self, html: str) -> str:
        """The page HTML with one hidden list of added words at the end of each section."""
        chunks = _HEADING.split(html)
        return "".join(self._section(chunk) for chunk in chunks)

    def _section(self, chunk: str) -> str:
        text = htmllib.unescape(_TAG.sub(" ", chunk)).replace("\u00ad", "")
        words = _WORD.findall(text)
        present = {w.casefold() for w in words}
        added: set[str] = set()
        for word in set(words):
            added |= self.terms(word)
        added -= present
        if not added:
            return chunk
        listing = " ".join(sorted(added))
        return (f'{chunk}<span class="auroras-search-terms" hidden aria-hidden="true">'
                f"{OPEN} {htmllib.escape(listing)} {CLOSE}</span>")


def weight_key_sections(html: str) -> str:
    """Give elements marked as key content (goals, vocabulary) a higher search weight."""
    for cls, weight in KEY_CLASSES.items():
        html = html.replace(f'class="{cls}"', f'class="{cls}" data-pagefind-weight="{weight}"')
    return html
