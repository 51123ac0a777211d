"""Where the Finnish text of the curriculum is, and who reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..yamlsource import SourceDoc, leaves
from .words import Word, words_in_line

# Values that are not Finnish prose: identifiers, choices, addresses, names, translations.
NOT_FINNISH = {"slug", "kind", "word_class", "url", "path", "file", "translations", "license", "credit",
               "speaker", "program_name", "organisation", "site_url", "start_time", "wordlist",
               "spoken_wordlist",
               "required_activity_kinds", "required_translations", "audience"}


def is_spoken(loc: tuple) -> bool:
    """Values written in spoken Finnish: an A2 lesson's spoken dialogue and a theme's spoken expressions.

    Their words are checked against Voikko and the reviewed list of spoken forms; everything else, including the
    ``standard`` form and the ``note`` of a spoken expression, is checked as written Finnish.
    """
    return bool(loc) and (loc[0] == "dialogue_spoken" or (loc[0] == "spoken_finnish" and loc[-1] == "spoken"))


def yaml_words(doc: SourceDoc, spoken: bool = False) -> Iterator[Word]:
    """Every word of every Finnish text value in a YAML file, at its line and column.

    ``spoken=False`` gives the written Finnish, ``spoken=True`` only the values in spoken Finnish (:func:`is_spoken`).
    """
    lines = doc.text.splitlines()
    for loc, value in leaves(doc.data):
        if not isinstance(value, str) or any(part in NOT_FINNISH for part in loc if isinstance(part, str)):
            continue
        if is_spoken(loc) != spoken:
            continue
        start, end = doc.values[loc], doc.ends[loc]
        for number in range(start.line, min(end.line, len(lines)) + 1):
            text = lines[number - 1]
            first = start.column if number == start.line else 1
            last = end.column - 1 if number == end.line else len(text)
            yield from words_in_line(text[first - 1:last], number, first)


@dataclass(frozen=True)
class Readable:
    """A participant-facing text, checked for readability as one unit."""

    path: Path
    doc: SourceDoc | None  # the YAML source, or None for a Markdown file
    loc: tuple  # data path in the YAML file
    label: str
    text: str
    markdown: bool
    a2: bool  # held to the stricter A2 average
