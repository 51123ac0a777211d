"""Finnish hyphenation for print HTML: soft hyphens from Voikko.

WeasyPrint hyphenates through pyphen, which has no Finnish dictionary, so
``hyphens: auto`` does nothing for Finnish.  Instead we insert soft hyphens
(U+00AD) at the points Voikko gives, and WeasyPrint breaks lines there.

Only print HTML goes through this: the website and its search index stay
clean.  Text inside code, pre, script and style is skipped, and so are
URLs, e-mail addresses and words with digits.

The rules a proofreader expects:

- Voikko's "ugly" hyphenation is off (no break inside a vowel pair: ansio-luettelo, never
  ansi-oluettelo).
- Compound boundaries win: a syllable break one or two letters beside a boundary is dropped
  (kieli-taito, never kie-litaito), and at least two letters stay on each side of every break.
- Headings (and so the bookmarks and running heads made from them), the table of contents,
  spaced or uppercase labels, names and abbreviations are never hyphenated.
"""

from __future__ import annotations

import functools
import re

from ..voikko import voikko

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 10  # shorter words are not worth breaking, and stay whole for text extraction
MIN_PART = 2  # letters on each side of a break
BOUNDARY_GAP = 2  # a syllable break this close to a compound boundary gives way to the boundary
_SKIP_TAGS = {"code", "pre", "script", "style", "kbd", "samp", "title", "h1", "h2", "h3", "h4", "h5", "h6",
              "nav"}
# Labels set in spaced capitals (letter-spacing would double at every soft hyphen) and the like.
_SKIP_CLASSES = {"appendix-label", "cover-program", "cover-label", "audience-label", "kicker", "toc",
                 "runhead", "box-title", "admonition-title", "url", "name", "speaker"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_NAME_CLASSES = {"etunimi", "sukunimi", "paikannimi", "nimi"}
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.U)
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+")


class Hyphenator:
    def __init__(self) -> None:
        shared = voikko()  # None: the build warns once and prints without hyphenation
        # An instance of our own: its hyphenation options must not change spelling or search.
        self._voikko = _print_voikko() if shared is not None else None

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
        if word.isupper():
            return word  # an abbreviation or a label
        analyses = self._voikko.analyze(word)
        if word[0].isupper() and any(a.get("CLASS") in _NAME_CLASSES for a in analyses):
            return word  # a name: Helsingissä, Anna
        return _insert(word, self.points(word, analyses))

    def points(self, word: str, analyses: list[dict] | None = None) -> list[int]:
        """The indices where ``word`` may break (a soft hyphen goes before ``word[i]``)."""
        if self._voikko is None:
            return []
        if analyses is None:
            analyses = self._voikko.analyze(word)
        pattern = self._voikko.getHyphenationPattern(word)
        # "=" marks a break that replaces a character (vaa'an): left out, as before.
        points = {i for i, mark in enumerate(pattern) if mark == "-"}
        bounds = _boundaries(analyses, len(word))
        points = {p for p in points
                  if p in bounds or all(abs(p - b) > BOUNDARY_GAP for b in bounds)}
        return sorted(p for p in points if MIN_PART <= p <= len(word) - MIN_PART)

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
        """Hyphenate the text nodes of an HTML string, skipping code, headings, labels and the like."""
        if self._voikko is None:
            return html
        out = []
        stack: list[tuple[str, bool]] = []  # open elements: (name, whether text inside is skipped)
        for token in _TOKEN.split(html):
            if not token:
                continue
            if token.startswith("<"):
                match = _TAG_NAME.match(token)
                name = match.group(1).lower() if match else ""
                if not match or token.startswith("<!") or name in _VOID or token.endswith("/>"):
                    pass
                elif token.startswith("</"):
                    while stack:  # pop to the matching element (the HTML is well formed)
                        if stack.pop()[0] == name:
                            break
                else:
                    classes = _CLASS.search(token)
                    classes = set((next(g for g in classes.groups() if g is not None)).split()) if classes else set()
                    inherited = bool(stack) and stack[-1][1]
                    stack.append((name, inherited or name in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)))
                out.append(token)
            elif stack and stack[-1][1]:
                out.append(token)
            else:
                out.append(self.text(token))
        return "".join(out)


def _print_voikko():
    import libvoikko
    instance = libvoikko.Voikko("fi")
    instance.setNoUglyHyphenation(True)
    instance.setHyphenateUnknownWords(False)  # a word Voikko does not know may be a name
    instance.setMinHyphenatedWordLength(MIN_LENGTH)
    return instance


def _boundaries(analyses: list[dict], length: int) -> set[int]:
    """Compound boundaries every analysis agrees on (from Voikko's STRUCTURE, "=ppp=pppp")."""
    found = None
    for analysis in analyses:
        structure = analysis.get("STRUCTURE", "")
        bounds, index = set(), 0
        for mark in structure:
            if mark == "=":
                if 0 < index < length:
                    bounds.add(index)
            else:
                index += 1
        found = bounds if found is None else found & bounds
    return found or set()


def _insert(word: str, points: list[int]) -> str:
    out, last = [], 0
    for point in points:
        out.append(word[last:point])
        last = point
    out.append(word[last:])
    return SOFT_HYPHEN.join(out)


@functools.lru_cache(maxsize=1)
def hyphenator() -> Hyphenator:
    return Hyphenator()
