"""Placeholders left by ``auroras new``: every TÄYDENNÄ is reported at its line until it is replaced."""

from __future__ import annotations

from ..diagnostics import Problems
from ..model import Curriculum
from ..validation import where
from ..yamlsource import SourceDoc, leaves

# Upper case on purpose: the verb "täydennä" is ordinary Finnish in instructions ("Täydennä lause").
MARKER = "TÄYDENNÄ"


def is_placeholder(text: str | None) -> bool:
    return bool(text) and MARKER in text


def check_placeholders(curriculum: Curriculum, problems: Problems) -> None:
    """Report every placeholder in the YAML files and the Markdown files they use."""
    for doc in curriculum.sources.values():
        _check_doc(doc, problems)
    for path, text in sorted(curriculum.texts.items()):
        for number, line in enumerate(text.splitlines(), 1):
            column = line.find(MARKER)
            if column >= 0:
                problems.add(path, number, column + 1, "täydennä: " + _hint(line[column:]))


def _check_doc(doc: SourceDoc, problems: Problems) -> None:
    for loc, value in leaves(doc.data):
        if isinstance(value, str) and MARKER in value:
            pos = doc.value_pos(loc)
            problems.add(doc.path, pos.line, pos.column, f"täydennä: {_hint(value, loc)} ({where(loc)})")


def _hint(text: str, loc: tuple = ()) -> str:
    """What the placeholder asks for, without the marker itself."""
    hint = text.strip().split(MARKER, 1)[-1].lstrip(":").strip().rstrip(".")
    if hint:
        return hint
    if loc and loc[-1] == "url":
        return "linkin osoite, joka alkaa https://"
    if len(loc) >= 2 and loc[-2] == "translations":
        return f"käännös kielelle '{loc[-1]}'"
    return "kirjoita tähän oma tekstisi"
