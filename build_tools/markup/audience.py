"""Mentor-only material in handouts: who may read which part of a handout.

A handout is printed for participants, but an editor may keep notes for mentors in the same
file (an answer key, a setup instruction, a facilitation note) in an admonition-style block::

    !!! mentori "Oikeat vastaukset"
        1. **Totta.** Sopimuksen voi tehdä suullisesti.

The title is optional (default "Vain mentorille"); the body is indented by four spaces.

- :func:`split_mentor_only` gives the participant text, with every such block removed, and
  the notes, for the participant handout and the separate mentor-only part of a mentor pack;
- :func:`mentor_view` turns each block into a visible, labelled ``mentor-only`` admonition for
  the mentor's web page;
- :func:`lint_audience` finds malformed blocks, and text that looks mentor-only but sits
  outside a block, for ``auroras check``.

Blocks are recognised only at the start of a line and never inside fenced code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_TITLE = "Vain mentorille"
MENTOR_CLASS = "mentor-only"  # the admonition class the web and print stylesheets style
INDENT = 4

_HEADER = re.compile(r"^!!![ \t]*mentori(?=[ \t]|$)(.*)$")
_TITLE = re.compile(r'^[ \t]+(?:"(.*)"|[”“](.*)[”“])[ \t]*$')
# Anything that looks like an admonition meant for mentors, however it is written.
_LOOSE = re.compile(r"^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(mentor[\w-]*)", re.IGNORECASE)
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})(?=[ \t])")

# Words that mark text for mentors. Kept short and explicit: each is a reason to look again.
_MENTOR_WORDS = re.compile(
    r"\b(oikeat vastaukset|mallivastaukset|vastausavain\w*|vastaukset:|mentor(?:e)?ille|ohje mentor\w*"
    r"|istumajärjestys\w*)",
    re.IGNORECASE)


@dataclass(frozen=True)
class MentorNote:
    """One mentor-only block of a handout."""

    title: str
    body: str  # Markdown, dedented
    line: int  # 1-based line of the ``!!! mentori`` line in the source


@dataclass(frozen=True)
class _Block:
    start: int  # index of the header line
    end: int  # index after the last non-blank body line
    title: str
    title_ok: bool
    body: tuple[str, ...]  # dedented lines


def _width(line: str) -> int:
    """Columns of leading whitespace (a tab reaches the next multiple of four)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += INDENT - width % INDENT
        else:
            break
    return width


def _dedent(line: str) -> str:
    """The line without its first four columns of indentation."""
    width, i = 0, 0
    while i < len(line) and width < INDENT and line[i] in " \t":
        width += 1 if line[i] == " " else INDENT - width % INDENT
        i += 1
    return " " * (width - INDENT) + line[i:] if width > INDENT else line[i:]


class _Fences:
    """Tracks fenced code: ``inside(line)`` is true for the fence lines and everything between."""

    def __init__(self) -> None:
        self.open: str | None = None

    def inside(self, line: str) -> bool:
        match = _FENCE.match(line)
        if self.open is not None:
            if match and match.group(1)[0] == self.open[0] and len(match.group(1)) >= len(self.open) \
                    and not line.strip().strip(self.open[0]):
                self.open = None
            return True
        if match:
            self.open = match.group(1)
            return True
        return False


def _scan(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    fences = _Fences()
    i = 0
    while i < len(lines):
        line = lines[i]
        header = None if fences.inside(line) else _HEADER.match(line)
        if not header:
            i += 1
            continue
        rest = header.group(1)
        title_match = _TITLE.match(rest)
        if title_match:
            title = (title_match.group(1) if title_match.group(1) is not None else title_match.group(2)).strip()
        else:
            title = rest.strip().strip('"”“').strip()
        last, j = i, i + 1
        while j < len(lines):
            if lines[j].strip():
                if _width(lines[j]) < INDENT:
                    break
                last = j
            j += 1
        body = tuple(_dedent(body_line) if body_line.strip() else "" for body_line in lines[i + 1:last + 1])
        blocks.append(_Block(i, last + 1, title or DEFAULT_TITLE, bool(title_match) or not rest.strip(), body))
        i = last + 1
    return blocks


def _join(lines: list[str], original: str) -> str:
    text = "\n".join(lines)
    return text + "\n" if text and original.endswith("\n") else text


def split_mentor_only(text: str) -> tuple[str, list[MentorNote]]:
    """The participant text (every mentor-only block removed) and the mentor notes, in order."""
    lines = text.splitlines()
    out: list[str] = []
    notes: list[MentorNote] = []
    position = 0
    for block in _scan(lines):
        out.extend(lines[position:block.start])
        notes.append(MentorNote(block.title, "\n".join(block.body).strip("\n") + "\n" if block.body else "",
                                block.start + 1))
        position = block.end
        # One blank line where the block was, none at the start or the end.
        while position < len(lines) and not lines[position].strip():
            position += 1
        while out and not out[-1].strip():
            out.pop()
        if out and position < len(lines):
            out.append("")
    out.extend(lines[position:])
    return _join(out, text), notes


def blank_mentor_only(text: str) -> str:
    """The participant text with each mentor-only block's lines left empty: line numbers still match
    the source (for checks that report a line)."""
    lines = text.splitlines()
    for block in _scan(lines):
        lines[block.start:block.end] = [""] * (block.end - block.start)
    return _join(lines, text)


def mentor_label(title: str) -> str:
    """The visible label of a note: "Vain mentorille: Oikeat vastaukset"."""
    return DEFAULT_TITLE if title == DEFAULT_TITLE else f"{DEFAULT_TITLE}: {title}"


def _shift(line: str, by: int) -> str:
    match = _HEADING.match(line) if by else None
    if not match:
        return line
    hashes = match.group(1)
    return "#" * min(6, len(hashes) + by) + line[len(hashes):]


def mentor_view(text: str, shift: int = 0) -> str:
    """The text for mentors: each mentor-only block becomes a labelled ``mentor-only`` admonition.

    ``shift`` demotes every heading outside code by that many levels, in the notes too (the
    notes are indented, so a plain heading shift would miss them).
    """
    lines = text.splitlines()
    blocks = {block.start: block for block in _scan(lines)}
    out: list[str] = []
    fences = _Fences()
    i = 0
    while i < len(lines):
        block = blocks.get(i)
        if block is None:
            line = lines[i]
            out.append(line if fences.inside(line) else _shift(line, shift))
            i += 1
            continue
        if out and out[-1].strip():
            out.append("")
        title = mentor_label(block.title).replace('"', "”")
        out.append(f'!!! {MENTOR_CLASS} "{title}"')
        body_fences = _Fences()
        for body_line in block.body:
            if not body_line:
                out.append("")
                continue
            body_line = body_line if body_fences.inside(body_line) else _shift(body_line, shift)
            out.append(" " * INDENT + body_line)
        if not block.body:
            out.append(" " * INDENT + "(tyhjä)")
        i = block.end
        if i < len(lines) and lines[i].strip():
            out.append("")
    return _join(out, text)


def lint_audience(text: str, participant: bool = True) -> list[tuple[int, int, str]]:
    """Problems with mentor-only blocks, as (line, column, Finnish message).

    With ``participant`` (a handout that is printed for participants), text that looks like it is
    meant for mentors but is outside a block is reported too.
    """
    lines = text.splitlines()
    blocks = _scan(lines)
    problems: list[tuple[int, int, str]] = []
    inside: dict[int, _Block] = {}
    for block in blocks:
        for index in range(block.start, block.end):
            inside[index] = block
        line = block.start + 1
        if not block.title_ok:
            problems.append((line, 1, 'mentorin lohkon otsikko kirjoitetaan lainausmerkkeihin, esimerkiksi '
                                      '!!! mentori "Oikeat vastaukset"'))
        if not any(body_line.strip() for body_line in block.body):
            problems.append((line, 1, "mentorin lohko on tyhjä: kirjoita sen teksti seuraaville riveille neljällä "
                                      "välilyönnillä sisennettynä"))
        for offset, body_line in enumerate(block.body):
            nested = _LOOSE.match(body_line)
            if nested:
                problems.append((block.start + 2 + offset, _width(lines[block.start + 1 + offset]) + 1,
                                 "mentorin lohkon sisällä ei voi olla toista mentorin lohkoa: kirjoita lohkot "
                                 "peräkkäin"))
        after = next((k for k in range(block.end, len(lines)) if lines[k].strip()), None)
        if after is not None and 0 < _width(lines[after]) < INDENT and not _LOOSE.match(lines[after]):
            problems.append((after + 1, 1, f"rivi on sisennetty {_width(lines[after])} välilyönnillä, mutta "
                                           "mentorin lohkon teksti sisennetään neljällä. Nyt rivi ei kuulu "
                                           "lohkoon ja näkyy osallistujille."))

    fences = _Fences()
    for index, line in enumerate(lines):
        if fences.inside(line) or (index in inside and index != inside[index].start):
            continue
        loose = _LOOSE.match(line)
        if loose and index not in inside:
            kind = loose.group(2)
            if loose.group(1):
                message = ("mentorin lohko alkaa rivin alusta ilman sisennystä (!!! mentori); sisennettynä "
                           "se ei ole lohko ja näkyy osallistujille")
            else:
                message = (f"tuntematon lohkon tyyppi '{kind}': mentorin materiaali merkitään "
                           '!!! mentori "Otsikko". Muuten se näkyy osallistujille.')
            problems.append((index + 1, len(loose.group(1)) + 1, message))
            continue
        if participant and index not in inside:
            found = _MENTOR_WORDS.search(line)
            if found:
                problems.append((index + 1, found.start() + 1,
                                 f"'{found.group(1)}' kuulostaa mentorin materiaalilta, mutta se on osallistujan "
                                 'monisteessa. Siirrä se lohkoon !!! mentori "Otsikko" (teksti neljällä '
                                 "välilyönnillä sisennettynä), niin se näkyy vain mentoreille."))
    return sorted(problems)
