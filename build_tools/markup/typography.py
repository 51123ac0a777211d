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


# The markup of serialised HTML (what the sanitiser and our own templates write), as html.parser reports
# it with convert_charrefs=False: a comment, declaration or processing instruction, an end tag, a start
# tag (quoted attribute values may hold '>'), a character reference.  Everything between is text.  Checked
# against html.parser event by event over every print document and cuts of them (tests/test_typography.py).
_MARKUP = re.compile(r"""
    (?P<other><!--.*?-->|<[!?][^>]*>)
  | (?P<unclosed><!--)
  | </(?P<end>[a-zA-Z][^\s/>]*)[^>]*>
  | <(?P<start>[a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>
  | (?P<entity>&(?:[a-zA-Z][-.a-zA-Z0-9]*(?:;|(?=[^a-zA-Z0-9]))|\#(?:[0-9]+|[xX][0-9a-fA-F]+)(?:;|(?=[^0-9a-fA-F]))))
""", re.S | re.X)
# Raw text: html.parser reads what follows <script> or <style> as text up to its end tag.
_RAW_TEXT_END = {"script": re.compile(r"</script[\s/>]", re.I), "style": re.compile(r"</style[\s/>]", re.I)}


def _events(html: str) -> list[tuple[str, str, int, int]]:
    """(kind, tag, start, end) of every piece of ``html``, in order; the pieces cover it exactly."""
    events: list[tuple[str, str, int, int]] = []
    at, end = 0, len(html)
    while at < end:
        match = _MARKUP.search(html, at)
        if match is None:
            events.append(("text", "", at, end))
            break
        if match.group("unclosed"):  # a comment that never ends: html.parser reads the rest as text
            events.append(("text", "", at, end))
            break
        if match.start() > at:
            events.append(("text", "", at, match.start()))
        at = match.end()
        if match.group("start"):
            tag = match.group("start").lower()
            void = match.group().endswith("/>")
            events.append(("void" if void else "start", tag, match.start(), at))
            if tag in _RAW_TEXT_END and not void:
                close = _RAW_TEXT_END[tag].search(html, at)
                stop = close.start() if close else end
                if stop > at:
                    events.append(("text", "", at, stop))
                at = stop
        elif match.group("end"):
            events.append(("end", match.group("end").lower(), match.start(), at))
        else:
            events.append(("entity" if match.group("entity") else "other", "", match.start(), at))
    return events


def typeset_html(html: str) -> str:
    """Finnish typography in the text of an HTML document or fragment; markup is left as it is."""
    events = _events(html)
    pieces = [html[start:stop] for _, _, start, stop in events]

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
                if events[index][0] == "entity":
                    pieces[index] = "".join(c if c != o else htmllib.escape(o, quote=False)
                                            for c, o in zip(new, logical))
                else:
                    pieces[index] = "".join(new)
        run.clear()

    for index, (kind, tag, _, _) in enumerate(events):
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
    return "".join(pieces)
