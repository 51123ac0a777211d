"""Finnish typography at render time: ” ’ quotes, … ellipses, – dashes and non-breaking spaces.

``typeset_html`` changes only text: never tags or attribute values, never code (``code``, ``pre``,
``kbd``, ``samp``, ``script``, ``style``, ``textarea``, ``svg``, ``math``) and never web or e-mail
addresses. The text of a paragraph is read as one run across its inline tags, so ``15 <em>min</em>``
and ``"<em>hei</em>"`` are seen whole; every change replaces characters in place, so the markup
around them is kept byte for byte. ``typeset_text`` does the same for plain-text fields. Both are
deterministic and idempotent: nothing they write is rewritten by a second pass.

Finnish uses the same mark to open and close a quotation (”…”, and ’…’ inside it), so a straight
quote becomes ” or ’ wherever it stands; an apostrophe in a word (Teams’n) is ’ as well.
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser

__all__ = ["typeset_html", "typeset_text"]

SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"})
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i", "ins", "mark", "q",
                    "s", "small", "span", "strong", "sub", "sup", "time", "u"})
# Stands in the run for an inline element whose text is not ours (code, an image); counts as a word.
OBJECT = "\ufffc"
NBSP = "\u00a0"

# Units and words that stay on the line of the number before them. Kept short on purpose.
UNITS = ("min", "minuutti", "minuuttia", "minuutin", "minuutiksi", "h", "tunti", "tuntia", "tunnin", "tunniksi",
         "s", "sekuntia", "€", "e", "euroa", "euron", "snt", "senttiä", "%", "kpl", "km", "m", "cm", "kg", "g",
         "l", "dl", "°C")
_UNITS = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
_PROTECTED = re.compile(
    r"(?:https?://|ftp://|mailto:|www\.)[^\s\ufffc<>\"”]+"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:fi|com|org|net|eu|io|info|se)\b(?:/[^\s\ufffc<>\"”]*)?",  # bare domains
    re.IGNORECASE)
# A number in a range; one with a leading zero (09, 040) only as a time or decimal (09.00).
_NUMBER = r"(?:[1-9]\d{0,3}|0)(?:[.,:]\d{1,2})?|0\d[.,:]\d{1,2}"
_RULES: list[tuple[re.Pattern[str], str]] = [
    # 17.00-17.15, 30-60 minuuttia, 2024-2025, 5-6-vuotiaat; not dates, phone numbers or -5.
    (re.compile(rf"(?<![\w.,:/–-])(?:{_NUMBER})(?P<x>-)(?:{_NUMBER})(?![\w]|[.,:]\d|-\d)"), "–"),
    (re.compile(r"(?<=[^\s-] )(?P<x>-)(?= [^\s-])"), "–"),  # sana - sana: ajatusviiva
    (re.compile(r'(?P<x>")'), "”"),
    (re.compile(r"(?P<x>')"), "’"),
    (re.compile(rf"(?<=\d)(?P<x>[ \n])(?:{_UNITS})(?!\w)"), NBSP),
    (re.compile(r"(?<![\w.])(?:s\.|[Kk]lo|nro|§)(?P<x>[ \n])(?=\d)"), NBSP),
    # Last: the only rule that drops characters.
    (re.compile(r"(?<!\.)\.\.\.(?!\.)|(?<!\. )\. \. \.(?! \.)"), "…"),
]


# Every rule above needs one of these in its match, so a text without any is left as it is (most runs of a
# page are: this is what keeps typesetting a whole site cheap).
_TRIGGER = re.compile(r"[\"'-]|\d[ \n]|[ \n]\d|\.\.\.|\. \. \.")


def _changes(text: str) -> list[str] | None:
    """Per character of ``text``, what to write instead ('' drops it); None when nothing changes."""
    if not _TRIGGER.search(text):
        return None
    out = list(text)
    protected: list[bool] | None = None  # found when a rule first matches
    current, dirty, changed = text, False, False
    for pattern, replacement in _RULES:
        if dirty:  # rules before the last keep one character per character, so offsets stay valid
            current, dirty = "".join(out), False
        for match in pattern.finditer(current):
            if protected is None:
                protected = [False] * len(text)
                for found in _PROTECTED.finditer(text):
                    protected[found.start():found.end()] = [True] * (found.end() - found.start())
            start, end = match.span("x") if "x" in pattern.groupindex else match.span()
            if not any(protected[start:end]):
                out[start:end] = [replacement] + [""] * (end - start - 1)
                dirty = changed = True
    return out if changed else None


def typeset_text(text: str) -> str:
    """Finnish typography for a plain-text field (titles, PDF metadata, bookmarks)."""
    changes = _changes(text)
    return text if changes is None else "".join(changes)


class _Events(HTMLParser):
    """The document as events with their source offsets; text is kept raw (entities separate)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[int, int, str, str]] = []  # (line, column, kind, tag or "")

    def _add(self, kind: str, tag: str = "") -> None:
        self.events.append((*self.getpos(), kind, tag))

    def handle_starttag(self, tag, attrs):
        self._add("start", tag)

    def handle_startendtag(self, tag, attrs):
        self._add("void", tag)

    def handle_endtag(self, tag):
        self._add("end", tag)

    def handle_data(self, data):
        self._add("text")

    def handle_entityref(self, name):
        self._add("entity")

    def handle_charref(self, name):
        self._add("entity")

    def handle_comment(self, data):
        self._add("other")

    def handle_decl(self, decl):
        self._add("other")

    def handle_pi(self, data):
        self._add("other")

    def unknown_decl(self, data):
        self._add("other")


def typeset_html(html: str) -> str:
    """Finnish typography in the text of an HTML document or fragment; markup is left as it is."""
    parser = _Events()
    parser.feed(html)
    parser.close()
    starts = [0]
    for line in html.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    offsets = [starts[line - 1] + column for line, column, _, _ in parser.events] + [len(html)]
    pieces = [html[offsets[n]:offsets[n + 1]] for n in range(len(parser.events))]

    run: list[tuple[int, str]] = []  # (piece index or -1, logical text) of the current run
    skipping: list[str] = []

    def flush() -> None:
        if not run:
            return
        changes, at = _changes("".join(logical for _, logical in run)), 0
        if changes is None:
            run.clear()
            return
        for index, logical in run:
            new = changes[at:at + len(logical)]
            at += len(logical)
            if index >= 0 and new != list(logical):
                if parser.events[index][2] == "entity":
                    pieces[index] = "".join(c if c != o else htmllib.escape(o, quote=False)
                                            for c, o in zip(new, logical))
                else:
                    pieces[index] = "".join(new)
        run.clear()

    for index, (_, _, kind, tag) in enumerate(parser.events):
        if skipping:
            if kind == "start" and tag == skipping[-1]:
                skipping.append(tag)
            elif kind == "end" and tag == skipping[-1]:
                skipping.pop()
        elif kind == "text":
            run.append((index, pieces[index]))
        elif kind == "entity":
            run.append((index, htmllib.unescape(pieces[index])))
        elif kind == "start" and tag in SKIP:
            skipping.append(tag)
            run.append((-1, OBJECT))
        elif tag == "br":
            run.append((-1, "\n"))
        elif tag == "img":
            run.append((-1, OBJECT))
        elif tag not in INLINE and tag != "wbr" and kind != "other":
            flush()  # a block boundary: quotes and numbers do not pair across it
    flush()
    return html[:offsets[0]] + "".join(pieces)
