"""Finnish hyphenation for print HTML: soft hyphens from Voikko.

WeasyPrint hyphenates through pyphen, which has no Finnish dictionary, so
``hyphens: auto`` does nothing for Finnish.  Instead we insert soft hyphens
(U+00AD) at the points Voikko gives, and WeasyPrint breaks lines there.

Only print HTML goes through this: the website and its search index stay
clean.  Text inside code, pre, script and style is skipped, and so are
URLs, e-mail addresses and words with digits.
"""

from __future__ import annotations

import functools
import re

from ..voikko import voikko

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 10  # shorter words are not worth breaking, and stay whole for text extraction
_SKIP_TAGS = {"code", "pre", "script", "style", "kbd", "samp", "title"}
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.U)
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+")


class Hyphenator:
    def __init__(self) -> None:
        self._voikko = voikko()  # None: the build warns once and prints without hyphenation

    @property
    def available(self) -> bool:
        return self._voikko is not None

    @functools.lru_cache(maxsize=50_000)
    def word(self, word: str) -> str:
        """The word with soft hyphens at Voikko's break points; compound parts kept."""
        if self._voikko is None or len(word) < MIN_LENGTH:
            return word
        parts = word.split("-")
        if len(parts) > 1:  # an explicit hyphen is already a break point
            return "-".join(self.word(part) for part in parts)
        pattern = self._voikko.getHyphenationPattern(word)
        out = []
        for ch, mark in zip(word, pattern):
            if mark == "-" and out:
                out.append(SOFT_HYPHEN)
            elif mark == "=" and out:  # break replaces a character, e.g. "vaa'an": keep it simple
                pass
            out.append(ch)
        hyphenated = "".join(out)
        # Never leave a single letter at either end of a line.
        pieces = hyphenated.split(SOFT_HYPHEN)
        if len(pieces) > 1 and len(pieces[0]) < 2:
            pieces[:2] = [pieces[0] + pieces[1]]
        if len(pieces) > 1 and len(pieces[-1]) < 2:
            pieces[-2:] = [pieces[-2] + pieces[-1]]
        return SOFT_HYPHEN.join(pieces)

    @functools.lru_cache(maxsize=50_000)
    def text(self, text: str) -> str:
        if self._voikko is None:
            return text
        out, last = [], 0
        for match in _URLISH.finditer(text):
            out.append(self._words(text[last:match.start()]))
            out.append(match.group())
            last = match.end()
        out.append(self._words(text[last:]))
        return "".join(out)

    def _words(self, text: str) -> str:
        return _WORD.sub(lambda m: self.word(m.group()), text)

    def html(self, html: str) -> str:
        """Hyphenate the text nodes of an HTML string, skipping code and the like."""
        if self._voikko is None:
            return html
        out = []
        skip_depth = 0
        for token in _TOKEN.split(html):
            if not token:
                continue
            if token.startswith("<"):
                match = _TAG_NAME.match(token)
                if match and match.group(1).lower() in _SKIP_TAGS and not token.endswith("/>"):
                    skip_depth += -1 if token.startswith("</") else 1
                    skip_depth = max(skip_depth, 0)
                out.append(token)
            elif skip_depth:
                out.append(token)
            else:
                out.append(self.text(token))
        return "".join(out)


@functools.lru_cache(maxsize=1)
def hyphenator() -> Hyphenator:
    return Hyphenator()
