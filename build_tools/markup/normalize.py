"""Make Python-Markdown render lists the way CommonMark (and GitHub) renders them.

Editors write Markdown as it looks on GitHub: a list straight after its lead-in line, nested lists
indented by two or three spaces. Python-Markdown needs a blank line before such a list and four
spaces per level, or the list runs into the paragraph or is flattened. ``normalize_markdown`` is a
source-to-source pass that follows CommonMark's list rules (container columns, lazy continuation
lines, which lists may interrupt a paragraph) and writes every list item at 4 x depth with its
content at the next multiple of four, inserting the blank lines Python-Markdown needs. Fenced and
indented code, tables and raw HTML blocks pass through; admonition bodies are normalised as
documents of their own. ``lint_markdown`` reports, in Finnish, what would still not render as it
looks in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["lint_markdown", "normalize_markdown", "normalize_markdown_with_map", "number_list_items"]

_MARKER = re.compile(r"(?P<m>[-+*]|(?P<n>\d{1,9})[.)])(?P<sp>[ \t]+|$)")
_HR = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"(?P<f>`{3,}|~{3,})(?P<info>.*)$")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_ADMONITION = re.compile(r'(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+"[^"]*")?[ \t]*$')
_HTML_BLOCK = re.compile(
    r"<(?:!--|/?(?:address|article|aside|blockquote|details|dialog|dd|div|dl|dt|fieldset|figcaption|figure"
    r"|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)"
    r"(?:[\s/>]|$))", re.IGNORECASE)
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(?:1|block|span)[\"']?)?[\s>/]", re.IGNORECASE)
_TABLE_DELIMITER = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# What Python-Markdown itself takes for an ordered item in a list block (CommonMark may not).
_PM_ORDERED = re.compile(r"(\d+)\.([ \t])")
_NO_SPACE = re.compile(r"(?:-|\d{1,2}[.)])[^\W\d_]")
_ATTR_LIST = re.compile(r"\{:[^}\n]*\}|\{[ \t]*[#.][\w-][^}\n]*\}")


def _indent(line: str) -> tuple[int, str]:
    """Column of the first non-blank character (tabs to 4-column stops) and the rest of the line."""
    col = 0
    for i, char in enumerate(line):
        if char == " ":
            col += 1
        elif char == "\t":
            col += 4 - col % 4
        else:
            return col, line[i:]
    return col, ""


@dataclass
class _Box:
    """The root or an open list item. Columns: ``content`` in the source, the rest in the output."""

    content: int
    out: int  # output column of the content
    marker_out: int = 0
    last_list: str | None = None  # kind of the list this box's last child block is: - + * . )


@dataclass
class _Scan:
    lines: list[str]
    first: int = 1  # source line number of lines[0]
    out: list[str] = field(default_factory=list)
    map: list[int] = field(default_factory=list)
    problems: list[tuple[int, int, str]] = field(default_factory=list)
    verbatim: set[int] = field(default_factory=set)  # source lines in code and raw HTML
    tables: set[int] = field(default_factory=set)  # source lines of table rows

    def emit(self, text: str, src: int) -> None:
        self.out.append(text)
        self.map.append(src)

    def warn(self, src: int, line: str, message: str, col: int | None = None) -> None:
        self.problems.append((src, col or len(line) - len(line.lstrip()) + 1, message))

    def run(self) -> _Scan:
        stack = [_Box(0, 0)]
        para = first_para = table = html = in_code = quote = False
        blank_before = True
        fence: tuple[str, int, int, int, int] | None = None  # char, length, source col, output col, output length
        lead: int | None = None  # depth of the item that began the current Python-Markdown block
        run: dict[int, str] = {}  # depth -> "ol"/"ul" of the list running at that depth in this block
        i = 0
        while i < len(self.lines):
            line, src = self.lines[i], self.first + i
            i += 1
            col, rest = _indent(line)
            if "\t" in line[: len(line) - len(line.lstrip())]:
                self.warn(src, line, "rivin sisennyksessä on sarkain; käytä välilyöntejä.", line.index("\t") + 1)
            box = stack[-1]
            if fence and (len(stack) == 1 or not rest or col >= box.content):
                char, length, fcol, fout, size = fence
                closing = re.match(re.escape(char) + "{%d,}[ \t]*$" % length, rest) and col - box.content < 4
                fence = None if closing else fence
                self.verbatim.add(src)
                if len(stack) == 1 and closing:  # Python-Markdown wants the opening fence repeated
                    self.emit(line if line.rstrip() == char * size else char * size, src)
                elif len(stack) == 1:  # at the margin, where Python-Markdown looks for fences
                    self.emit(line if not fcol else " " * max(0, col - fcol) + rest, src)
                else:  # inside an item, as indented code
                    self.emit(" " * (fout + 4 + max(0, col - fcol)) + rest if rest and not closing else "", src)
                    para, blank_before, lead, run = False, closing, None, {}
                continue
            fence = None  # the item ends, and its fence with it
            if not rest:
                self.emit(line if len(stack) == 1 else "", src)
                para = first_para = table = html = quote = False
                blank_before, lead, run = True, None, {}
                continue
            if table and _block_start(rest):
                table = False  # GFM ends a table where another block begins
            if html or table:
                (self.verbatim if html else self.tables).add(src)
                self.emit(line if len(stack) == 1 else " " * box.out + rest, src)
                blank_before = False
                continue
            if len(stack) == 1 and col < 4 and _ADMONITION.match(rest):
                i = self.admonition(i, src, line)
                para = first_para = False
                blank_before, lead, run = True, None, {}
                continue

            # CommonMark container matching: the open items whose content column the line reaches.
            k = 1
            while k < len(stack) and stack[k].content <= col:
                k += 1
            rel = col - stack[k - 1].content
            marker = _MARKER.match(rest) if rel < 4 and not _HR.match(rest) else None
            is_item = False
            if marker:
                empty = not rest[marker.end():].strip()
                number = marker.group("n")
                if para and k == len(stack) and (empty or (number and int(number) != 1)):
                    if number and not empty and int(number) < 100:
                        self.warn(src, line, f"luettelo alkaa numerolla {int(number)} heti tekstirivin perässä; "
                                  "se näkyy tavallisena tekstinä. Lisää tyhjä rivi ennen luetteloa.")
                else:
                    is_item = True
            starts = is_item or (rel >= 4 and not (para or quote)) or (rel < 4 and _block_start(rest, marker=False))
            if (para or quote) and not starts:  # paragraph continuation, lazy or not
                if len(stack) == 1:
                    self.emit(line, src)
                else:  # Python-Markdown joins unindented lines to an item's first paragraph
                    self.emit(" " * (box.marker_out if first_para else box.out) + _escape(rest), src)
                if _TABLE_DELIMITER.match(rest) and "|" in rest and "|" in self.lines[i - 2]:
                    table = True
                    self.tables.update((src - 1, src))
                blank_before = False
                continue

            closed = len(stack) > k
            del stack[k:]
            box = stack[-1]
            depth = len(stack) - 1
            if is_item:
                assert marker is not None
                kind = marker.group("m")[-1] if marker.group("n") else marker.group("m")
                pm_kind = "ol" if marker.group("n") else "ul"
                if box.last_list and box.last_list != kind and (box.last_list in ".)") == (kind in ".)"):
                    self.warn(src, line, f"luettelon merkki vaihtuu: '{box.last_list}' → '{kind}', joten "
                              "luettelo jakautuu kahdeksi. Käytä samaa merkkiä koko luettelossa.")
                    self.separate(box, src, blank_before)  # CommonMark starts a new list here
                    blank_before, lead = True, None
                if not (lead is not None and lead <= depth and run.get(depth, pm_kind) == pm_kind):
                    if not blank_before:
                        self.emit("", src)
                    lead, run = depth, {}
                run = {d: v for d, v in run.items() if d < depth} | {depth: pm_kind}
                text = rest[marker.end():]
                spaces = len(marker.group("sp").expandtabs(4))
                width = len(marker.group("m")) + (spaces if 1 <= spaces <= 4 and text else 1)
                label = marker.group("n") + "." if marker.group("n") else marker.group("m")
                at = box.out  # 4 x depth, unless a wide number (2024.) pushed the parent's content further
                out = at + max(4, len(label) + 1)
                self.emit((" " * at + label).ljust(out) + text if text else " " * at + label, src)
                box.last_list = kind
                stack.append(_Box(col + width, out, at))
                para = first_para = bool(text)
                blank_before = in_code = quote = False
                continue

            if closed and not blank_before:
                self.emit("", src)  # Python-Markdown would keep the line inside the list otherwise
            if blank_before or closed:
                lead, run = None, {}
            code = rel >= 4
            code_starts = code and (closed or not in_code)
            if code_starts and box.last_list:
                self.separate(box, src, blank_before)  # or Python-Markdown takes the code into the last item
            box.last_list = None
            if code_starts:
                self.warn(src, line, "rivi on sisennetty niin paljon, että se näkyy koodilohkona eikä "
                          "tavallisena tekstinä. Poista ylimääräinen sisennys.")
            fence_match = _FENCE.match(rest) if not code else None
            if fence_match and not (fence_match.group("f")[0] == "`" and "`" in fence_match.group("info")):
                char, length = fence_match.group("f")[0], len(fence_match.group("f"))
                size = self.fence_size(i, char, length) if len(stack) == 1 else length
                fence = (char, length, col, box.out, size)
            if fence and len(stack) > 1:  # Python-Markdown finds fences only at the margin: indented code
                if closed:
                    self.separate(box, src, blank_before)
                else:
                    self.emit("", src)
                blank_before, lead, run = True, None, {}
            elif fence:
                self.emit(line if not col and size == length else char * size + rest[length:], src)
            else:
                self.emit(line if len(stack) == 1 else " " * (box.out + (rel if code else 0)) + rest, src)
            html = not code and bool(_HTML_BLOCK.match(rest)) and not _MARKDOWN_ATTR.search(rest + " ")
            para = not (code or fence or html or _block_start(rest, marker=False))
            quote = not code and rest.startswith(">")  # lazy lines continue it; a list may follow at once
            if code or fence or html:
                self.verbatim.add(src)
            in_code, first_para = code, False
            blank_before = bool(fence) and len(stack) > 1
        if fence and len(stack) == 1:  # CommonMark closes it at the end; Python-Markdown needs the fence
            self.emit(fence[0] * fence[4], self.first + len(self.lines) - 1)
        return self

    def fence_size(self, i: int, char: str, length: int) -> int:
        """Fence length at the margin: longer than any fence-like line inside, which dedenting could close."""
        inner = 0
        for line in self.lines[i:]:
            col, rest = _indent(line)
            run = len(rest) - len(rest.lstrip(char))
            if run >= length and not rest.lstrip(char).strip() and col < 4:
                break
            if run >= 3:
                inner = max(inner, run)
        return max(length, inner + 1)

    def separate(self, box: _Box, src: int, blank_before: bool) -> None:
        """End the list before ``src`` for Python-Markdown too: an empty HTML comment between blank lines."""
        for text in ([] if blank_before else [""]) + [" " * box.out + "<!-- -->", ""]:
            self.emit(text, src)

    def admonition(self, i: int, src: int, line: str) -> int:
        """Normalise an admonition body (the following 4-space indented lines); return the next index."""
        end = i
        while end < len(self.lines) and (not self.lines[end].strip() or _indent(self.lines[end])[0] >= 4):
            end += 1
        while end > i and not self.lines[end - 1].strip():
            end -= 1
        body = [_dedent4(text) for text in self.lines[i:end]]
        inner = _Scan(body, src + 1).run()
        self.emit(line, src)
        if inner.out == body:
            for n, text in enumerate(self.lines[i:end]):
                self.emit(text, src + 1 + n)
        else:
            for text, n in zip(inner.out, inner.map):
                self.emit("    " + text if text.strip() else "", n)
        self.problems.extend((n, c + 4, message) for n, c, message in inner.problems)
        self.verbatim |= inner.verbatim
        self.tables |= inner.tables
        return end


def _dedent4(line: str) -> str:
    col, rest = _indent(line)
    return " " * max(0, col - 4) + rest if rest else ""


def _block_start(rest: str, marker: bool = True) -> bool:
    """Whether a line (without its indentation) begins a block other than a paragraph."""
    return bool(_FENCE.match(rest) or _HEADING.match(rest) or _HR.match(rest) or rest.startswith(">")
                or _HTML_BLOCK.match(rest) or (marker and _MARKER.match(rest)))


def _escape(rest: str) -> str:
    """A continuation line that would begin a block once re-indented keeps being text (backslash)."""
    if match := _PM_ORDERED.match(rest) or re.match(r"(\d{1,9})\)", rest):
        return rest[: match.end(1)] + "\\" + rest[match.end(1):]
    return "\\" + rest if _block_start(rest) and rest[0] in "-+*#>`_" else rest


def normalize_markdown_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised Markdown and, for each output line, the 1-based source line it comes from.

    An inserted blank line maps to the source line that follows it.
    """
    lines = text.split("\n")
    scan = _Scan(lines).run()
    return "\n".join(scan.out), scan.map


def normalize_markdown(text: str) -> str:
    """Markdown that Python-Markdown renders with the list structure CommonMark gives ``text``."""
    return normalize_markdown_with_map(text)[0]


def lint_markdown(text: str) -> list[tuple[int, int, str]]:
    """(line, column, Finnish message) for what would still not render as it looks in the source."""
    lines = text.split("\n")
    scan = _Scan(lines).run()
    problems = scan.problems + _missing_spaces(lines, scan.verbatim | scan.tables)
    problems += _attribute_text(lines, scan.verbatim, scan.tables)
    return sorted(set(problems))


def _missing_spaces(lines: list[str], verbatim: set[int]) -> list[tuple[int, int, str]]:
    """'-sana' or '1.sana' next to list items or to each other: meant as a list, shown as text."""
    def candidate(n: int) -> re.Match[str] | None:
        return None if n in verbatim or not 0 < n <= len(lines) else _NO_SPACE.match(lines[n - 1].lstrip())

    def listlike(n: int) -> bool:
        rest = lines[n - 1].lstrip() if 0 < n <= len(lines) else ""
        return bool(candidate(n) or (_MARKER.match(rest) and rest[1:].strip() and not _HR.match(rest)))

    problems = []
    for n in range(1, len(lines) + 1):
        if (match := candidate(n)) and (listlike(n - 1) or listlike(n + 1)):
            mark = match.group()[:-1]
            problems.append((n, len(lines[n - 1]) - len(lines[n - 1].lstrip()) + 1,
                             f"merkin '{mark}' jälkeen puuttuu välilyönti, joten rivi näkyy tavallisena tekstinä "
                             f"eikä luettelon kohtana. Kirjoita '{mark} {match.group()[-1]}…'."))
    return problems


def _attribute_text(lines: list[str], verbatim: set[int], tables: set[int]) -> list[tuple[int, int, str]]:
    """Attribute lists ({: .class }, { #id }) that attr_list leaves in the text."""
    problems = []
    for n, line in enumerate(lines, 1):
        if n in verbatim:
            continue
        rest = line.strip()
        previous = lines[n - 2].strip() if n > 1 else ""
        for match in _ATTR_LIST.finditer(line):
            before = line[: match.start()]
            if _HEADING.match(rest) and not line[match.end():].strip() and before.endswith((" ", "\t")):
                continue  # heading attributes
            if match.group() == rest and previous and not _HEADING.match(previous) and not {n - 1, n} & (
                    verbatim | tables):
                continue  # block attributes on the line below a paragraph or list item
            if before and before[-1] in "*_`)]":
                continue  # attributes of the inline element just before
            problems.append((n, match.start() + 1,
                             f"merkintä '{match.group()}' näkyy sivulla tekstinä. Kirjoita se otsikkorivin "
                             "loppuun tai omalle rivilleen heti kappaleen alle ilman tyhjää riviä väliin."))
    return problems


class _ListNumbers(HTMLParser):
    """Finds the start tags of ``<li>`` elements in ``<ol>`` lists and the number each one shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lists: list[list[int] | None] = []  # per open list: [next number] for <ol>, None for <ul>
        self.inserts: list[tuple[tuple[int, int], str, int]] = []  # (position, start tag text, number)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "ol":
            self.lists.append([_int(values.get("start"), 1)] if "reversed" not in values else None)
        elif tag in ("ul", "menu"):
            self.lists.append(None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            counter = self.lists[-1]
            if "value" in values:
                counter[0] = _int(values["value"], counter[0])
            else:
                self.inserts.append((self.getpos(), self.get_starttag_text() or "", counter[0]))
            counter[0] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul", "menu") and self.lists:
            self.lists.pop()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default


def number_list_items(html: str) -> str:
    """Give every ``<li>`` of every ``<ol>`` its number as ``value="N"`` (``start`` and earlier values counted).

    Browsers honour ``value``. WeasyPrint ignores both ``start`` and ``value`` (and crashes on
    ``::marker { content: attr(value) }``), so print CSS draws the number itself:
    ``ol > li[value] { list-style: none }`` and ``ol > li[value]::before { content: attr(value) "." }``.
    """
    if "<ol" not in html:
        return html  # no numbered list: nothing to number
    parser = _ListNumbers()
    parser.feed(html)
    parser.close()
    starts = [0]
    for line in html.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    out, done = [], 0
    for (line, offset), tag, number in parser.inserts:
        end = starts[line - 1] + offset + len(tag) - (2 if tag.endswith("/>") else 1)
        out += [html[done:end], f' value="{number}"']
        done = end
    return "".join(out) + html[done:]
