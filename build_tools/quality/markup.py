"""Raw HTML and attribute syntax in content, reported before anything is built.

The build neutralises both (see :mod:`build_tools.markup.sanitize`), but an
editor should learn at the exact line that a pasted ``<span style=…>`` or
``{: onclick=… }`` will not show as written.  Links and their URL schemes are
checked by :mod:`build_tools.quality.links`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..diagnostics import Problems
from ..yamlsource import SourceDoc, leaves
from ..markup.normalize import lint_markdown

# An HTML tag, end tag, comment or declaration; not an autolink (<https://…>, <nimi@example.fi>).
_TAG = re.compile(r"<(?:!--|!?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|/[A-Za-z][A-Za-z0-9-]*\s*>)")
# Python-Markdown's attribute lists: { #id .class key=value } or {: … } at the end of a block or line.
_ATTRS = re.compile(r"\{:?\s*[^{}\n]*?=[^{}\n]*\}")
_THEME_ID = re.compile(r"\{:?[^{}\n]*?#(__[\w-]*)")
# A script address in a plain-text field: shown as text, but never wanted (Markdown fields: quality.links).
_SCRIPT_URL = re.compile(r"\b(?:java|vb|live)\s*script\s*:", re.IGNORECASE)
_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
# Entities that spell out characters inside link targets and attributes are a classic filter bypass.
_NUMERIC_ENTITY = re.compile(r"&#x?[0-9a-f]+;?", re.IGNORECASE)


def markup_findings(line: str) -> Iterator[tuple[int, str]]:
    """(0-based column, Finnish message) for each raw-HTML or attribute construct on one line."""
    tags = list(_TAG.finditer(line))
    opening = [m for m in tags if not m.group(0).startswith("</")]
    for match in opening or tags[:1]:  # an end tag alone is reported; beside its start tag it is the same thing
        tag = match.group(0).rstrip()
        shown = "<!-- -->" if tag == "<!--" else tag if tag.endswith(">") else tag + ">"
        yield match.start(), (f"raakaa HTML:ää ('{shown}') ei voi käyttää sisällössä: sivuilla ja tulosteissa se näkyy tekstinä tai "
                              "poistetaan. Kirjoita teksti Markdownina, esimerkiksi **lihavointi** tai "
                              "[linkin teksti](https://osoite.fi)")
    for match in _THEME_ID.finditer(line):
        yield match.start(), (f"ankkuri '{match.group(1)}' ei ole sallittu: se on varattu sivuston omaan "
                              "käyttöön (alkaa __); valitse toinen nimi")
    for match in _ATTRS.finditer(line):
        text = match.group(0)
        what = "tapahtumankäsittelijä (on…=)" if _HANDLER.search(text) else "attribuutti"
        yield match.start(), (f"attribuuttirivi '{text[:40]}' ei ole sallittu: {what} poistetaan. Sisältöön "
                              "sopivat vain ankkurit ja luokat, esimerkiksi { #vaihe-1 }")
    for match in _NUMERIC_ENTITY.finditer(line):
        yield match.start(), (f"merkkikoodi '{match.group(0)}' ei ole sallittu; kirjoita merkki sellaisenaan")


# YAML fields whose text is Markdown (rendered as Markdown on the web and in print).
MARKDOWN_KEYS = {"summary", "instructions", "participant_task", "mentor_tips", "script"}


def check_markdown_file(path: Path, text: str, problems: Problems) -> None:
    for line, column, message in lint_markdown(text):
        problems.add(path, line, column, message)
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        for column, message in markup_findings(_without_code_spans(line)):
            problems.add(path, number, column + 1, message)


def check_yaml_doc(doc: SourceDoc, problems: Problems) -> None:
    """Every text value of a YAML file, scanned in its own source lines (exact positions)."""
    lines = doc.text.splitlines()
    for loc, value in leaves(doc.data):
        if not isinstance(value, str) or not value or loc not in doc.values:
            continue
        start, end = doc.values[loc], doc.ends[loc]
        for number in range(start.line, min(end.line, len(lines)) + 1):
            text = lines[number - 1]
            first = start.column if number == start.line else 1
            last = end.column - 1 if number == end.line else len(text)
            markdown = any(part in MARKDOWN_KEYS for part in loc if isinstance(part, str))
            for column, message in markup_findings(_without_code_spans(text[first - 1:last])):
                problems.add(doc.path, number, first + column, message)
            for match in () if markdown else _SCRIPT_URL.finditer(text[first - 1:last]):
                problems.add(doc.path, number, first + match.start(),
                             f"vaarallinen linkki '{match.group()}…': ohjelmakoodia ajavia osoitteita ei voi "
                             "käyttää sisällössä; poista se")
        if any(part in MARKDOWN_KEYS for part in loc if isinstance(part, str)):
            _lint_field(doc, loc, value, lines, problems)


def _lint_field(doc: SourceDoc, loc: tuple, value: str, lines: list[str], problems: Problems) -> None:
    """Markdown that would not render as it looks, at its line in the YAML file.

    A block scalar (``|``) keeps its lines: line N of the text is N lines below the indicator, at the
    block's indentation. Any other scalar is reported at its start.
    """
    findings = lint_markdown(value)
    if not findings:
        return
    start = doc.values[loc]
    head = lines[start.line - 1][start.column - 1:] if start.line <= len(lines) else ""
    block = head[:1] in ("|", ">")
    for line, column, message in findings:
        if block and start.line + line <= len(lines):
            source = lines[start.line + line - 1]
            indent = len(source) - len(source.lstrip(" "))
            problems.add(doc.path, start.line + line, indent + column, message)
        else:
            problems.add(doc.path, start.line, start.column, message)


_CODE_SPAN = re.compile(r"`[^`\n]*`")


def _without_code_spans(line: str) -> str:
    """The line with `code spans` blanked out (same length, so columns stay right)."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
