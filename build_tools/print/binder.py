"""The mentor binder's layout: its parts, their stylesheet and where each part starts.

Why parts: the binder holds every theme, so as one WeasyPrint document an edit to any theme laid
out all of them again, as one serial job.  Now every section (overview, guide, each theme) is a PDF of
its own, cached by its HTML alone, and the front (cover and contents) is rendered last, when the
parts' page counts give each section's first page.  An edit re-renders the parts it changes, the
two-page front if a start page moved, and the assembly.

Page numbers are the one thing in a part that depends on the others: parts are rendered without
them (part_css below) and the assembly (assembly.py) stamps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


# print.css's page footer, "Sivu " counter(page) " / " counter(pages), for the stamped numbers.
FOLIO = "Sivu {page} / {pages}"
FOLIO_SAMPLE = FOLIO.format(page="0123456789", pages="0123456789")
A4 = (595.275591, 841.889764)
# The binder's contents link to their own entry, id TOC_PREFIX + the section's id; the assembly points
# them at the section, which is in another part.
TOC_PREFIX = "sisallys-"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (content is untrusted: quotes, backslashes, controls escaped)."""
    out = []
    for char in text:
        out.append(char if char.isprintable() and char not in '"\\' else f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


def part_css(program_name: str) -> str:
    """The extra stylesheet of every binder part (after print.css, so it wins where they compete)."""
    return (
        "/* Binder part: the page number is stamped at assembly (it depends on the other parts); named pages\n"
        "   (cover, handout copies) keep their own footers, which are more specific than these rules. */\n"
        "@page { @bottom-right { content: none; } @top-right { content: " + css_string(program_name) + "; } }\n"
        "@page :left { @bottom-left { content: none; } }\n"
        "@page :blank { @top-right { content: none; } }\n"
        "/* The contents print the start pages computed from the parts (the targets are in other parts). */\n"
        'nav.toc a::after { content: leader(".") attr(data-page); }\n')


def reference_document() -> tuple[str, str]:
    """HTML and extra CSS of the folio reference: a right and a left page whose only ink is the footer."""
    css = ("@page { @bottom-right { content: " + css_string(FOLIO_SAMPLE) + "; } }\n"
           "@page :left { @bottom-left { content: " + css_string(FOLIO_SAMPLE) + "; } }\n")
    html = ('<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Sivunumerot</title></head>'
            '<body class="binder"><div style="break-after: page"></div><div></div></body></html>')
    return html, css


def page_starts(front_pages: int, part_pages: list[int]) -> tuple[list[int], int]:
    """First page of every part (each on a right-hand, odd page) and the binder's page count."""
    starts, page = [], 1 + front_pages
    for pages in part_pages:
        page += page % 2 == 0  # a blank left-hand page before a section that would start on the left
        starts.append(page)
        page += pages
    return starts, page - 1


@dataclass(frozen=True)
class Part:
    file: Path
    pages: int
    folios: tuple[bool, ...]  # whether each page shows the page number (not blank, not a named page)
