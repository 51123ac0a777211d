"""Room to write in printed handouts.

The handouts are Markdown rendered by the project's one renderer, so their HTML is regular:
blocks on lines of their own, cells as ``<td>…</td>``.  For print only, this marks

- table columns whose body cells are all empty as answer columns (``class="answer"``, at least 40 %
  of the table between them; see print.css),
- list items that end in "..." after a "kirjoita" task as sentences to complete (a line to the
  right edge),
- a "kirjoita" task (the paragraph's last sentence) that has nothing to write on after it (and is not the handout's opening paragraph) (no ___ line, table or list to fill in)
  with two writing lines,
- each exercise (a top-level heading and everything up to the next one) as a ``<section class="part">``,
  so print.css can keep an exercise on one page and the last one from standing alone on a page.
"""

from __future__ import annotations

import re

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>(.*?)</\1>", re.S)
_WRITE = re.compile(r"\bkirjoit(?:a|takaa)\b", re.I)
# A task to write, as the paragraph's last sentence: "… Kirjoita vastaus tähän."
_WRITE_TASK = re.compile(r"(?:^<p>|[.!?:”\"]\s+)Kirjoit(?:a|takaa)\b[^.!?]*[.!?:]?</p>$", re.S)
_BLOCK = re.compile(r"(<(p|ul|ol|table|hr|h[1-6]|div|blockquote|pre)\b[^>]*>(?:.*?</\2>)?)", re.S)
_OPEN_ITEM = re.compile(r"<li((?:\s[^>]*)?)>((?:(?!</li>).)*?(?:\.\.\.|…))\s*</li>", re.S)
_HEADING = re.compile(r"<h[2-6][\s>]")
_NESTING = re.compile(r"<(/?)(div|section|table|ul|ol|blockquote|details|figure)\b[^>]*>")
WRITING_LINES = '<div class="writing-lines" aria-hidden="true"><span></span><span></span></div>'


def _answer_columns(match: re.Match) -> str:
    table = match.group(1)
    body = table.split("<tbody>", 1)[1] if "<tbody>" in table else ""
    rows = [_CELL.findall(row) for row in _ROW.findall(body)]
    if not rows:
        return match.group(0)
    width = max(len(r) for r in rows)
    empty = [c for c in range(width) if all(c >= len(r) or not r[c][2].strip() for r in rows)]
    if not empty or len(empty) == width:
        return match.group(0)

    def row(m: re.Match) -> str:
        index = -1

        def cell(c: re.Match) -> str:
            nonlocal index
            index += 1
            if index in empty:
                return f'<{c.group(1)} class="answer"{c.group(2)}>{c.group(3)}</{c.group(1)}>'
            return c.group(0)
        return "<tr>" + _CELL.sub(cell, m.group(1)) + "</tr>"

    return f'<table class="answers-{len(empty)}">' + _ROW.sub(row, table) + "</table>"


def _parts(html: str) -> str:
    """Wraps each top-level heading and what follows it, up to the next one, in a part."""
    starts, depth, last = [], 0, 0
    for match in _HEADING.finditer(html):
        for tag in _NESTING.finditer(html, last, match.start()):
            depth += -1 if tag.group(1) else 1
        last = match.start()
        if depth == 0:
            starts.append(match.start())
    if not starts:
        return html
    pieces = [html[:starts[0]]]
    for start, end in zip(starts, starts[1:] + [len(html)]):
        body = html[start:end]
        tail = len(body) - len(body.rstrip())
        pieces.append('<section class="part">' + body[:len(body) - tail] + "</section>" + body[len(body) - tail:])
    return "".join(pieces)


def writing_space(html: str) -> str:
    """Handout HTML with its writing room marked (print only)."""
    html = _TABLE.sub(_answer_columns, html)
    blocks = list(_BLOCK.finditer(html))
    out, last = [], 0
    for index, match in enumerate(blocks):
        following = blocks[index + 1].group(2) if index + 1 < len(blocks) else None
        out.append(html[last:match.end()])
        last = match.end()
        if index and match.group(2) == "p" and _WRITE_TASK.search(match.group(1)) and (following is None or following[0] == "h"):
            out.append(WRITING_LINES)
    out.append(html[last:])
    html = "".join(out)
    # Sentences to complete: items ending in "..." in a list right after a "kirjoita" task.
    html = re.sub(r"(<p>(?:(?!</p>).)*?</p>\s*<ul>)(.*?)(</ul>)",
                  lambda m: m.group(1) + _OPEN_ITEM.sub(r'<li class="write-in"\1>\2</li>', m.group(2)) + m.group(3)
                  if _WRITE.search(m.group(1)) else m.group(0), html, flags=re.S)
    return _parts(html)
