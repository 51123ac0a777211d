"""Finding the words of Finnish text, with their columns, in YAML and Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Things that are not prose: URLs, e-mail addresses, Markdown link targets, inline code, HTML tags.
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\]\([^)]*\)|`[^`]*`|<[^>]+>")
# A word: letters, with single hyphens, colons or apostrophes inside (perhe-elämä, CV:n, vaa'an).
WORD = re.compile(r"[^\W\d_]+(?:[-:'’][^\W\d_]+)*")
_DIGIT_BEFORE = re.compile(r"\d[-:]?$")
_DIGIT_AFTER = re.compile(r"^[-:]?\d")


@dataclass(frozen=True)
class Word:
    text: str
    line: int
    column: int


def mask(text: str) -> str:
    """Blank out non-prose spans, keeping every column where it was."""
    return _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)


def words_in_line(text: str, line: int, column: int = 1) -> list[Word]:
    """Words of one line of prose; words touching digits (5-vuotias, H1) are skipped."""
    masked = mask(text)
    found = []
    for match in WORD.finditer(masked):
        before = masked[max(0, match.start() - 2):match.start()]
        after = masked[match.end():match.end() + 2]
        if _DIGIT_BEFORE.search(before) or _DIGIT_AFTER.match(after):
            continue
        found.append(Word(match.group(), line, column + match.start()))
    return found


def markdown_words(text: str, first_line: int = 1) -> list[Word]:
    found: list[Word] = []
    fenced = False
    for offset, line in enumerate(text.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            found.extend(words_in_line(line, first_line + offset))
    return found


_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\|)")


def _blocks(text: str, markdown: bool) -> list[str]:
    """Paragraphs, headings, list items and table cells; wrapped lines are joined."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if markdown and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        starts_block = not line.strip() or not markdown or _BLOCK_START.match(line)
        if starts_block and current:
            blocks.append(" ".join(current))
            current = []
        if markdown and line.lstrip().startswith("|"):
            blocks.extend(line.split("|"))
        elif line.strip():
            current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    return blocks


def sentences(text: str, markdown: bool = True) -> list[list[str]]:
    """Sentences as lists of words. Headings, list items and table cells end a sentence too;
    a paragraph wrapped over several lines is one text. Without Markdown, each line is one item."""
    result: list[list[str]] = []
    for block in _blocks(text, markdown):
        for sentence in re.split(r"(?<=[.!?…])\s+|[.!?…]+$", mask(block)):
            tokens = re.findall(r"\w+(?:[-:'’]\w+)*", sentence)
            if tokens:
                result.append(tokens)
    return result
