"""Page-layout checks on built PDFs, read with pdfplumber through their PDF/UA structure tags.

WeasyPrint tags every page separately, so a page is read as its sequence of blocks (headings,
paragraphs, lists, tables, figures) with the text lines each one holds. The checks below are the
rules of a printed workbook: no heading stranded at the foot of a page, no near-empty page in the
middle of a document, dialogues and timetables on one page, bookmarks without soft hyphens, a link
annotation where a URL is printed, sections of the binder on right-hand (odd) pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
TOP_MARGIN = 22 * MM
BOTTOM_MARGIN = 20 * MM
BLOCKS = {"H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "Table", "Figure", "Caption", "BlockQuote"}
HEADINGS = {"H1", "H2", "H3", "H4", "H5", "H6"}
TIME_RANGE = re.compile(r"\d{1,2}\.\d{2}–\d{1,2}\.\d{2}")


@dataclass
class Block:
    kind: str
    text: str
    lines: int
    top: float
    bottom: float
    size: float  # the largest font size in the block
    italic: bool

    @property
    def heading(self) -> bool:
        return self.kind in HEADINGS

    @property
    def meta(self) -> bool:
        """A heading's meta line (small italic paragraph), kept with its heading."""
        return self.kind == "P" and self.italic and self.size < 10


@dataclass
class Page:
    number: int  # 1-based
    height: float
    blocks: list[Block] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return sum(b.lines for b in self.blocks)

    @property
    def fill(self) -> float:
        """Share of the text area's height that holds content."""
        if not self.blocks:
            return 0.0
        area = self.height - TOP_MARGIN - BOTTOM_MARGIN
        return (max(b.bottom for b in self.blocks) - min(b.top for b in self.blocks)) / area


@dataclass
class Layout:
    path: Path
    pages: list[Page]
    bookmarks: list[tuple[int, str, int]]  # (level, title, page number)
    links: list[tuple[int, str]]  # (page number, URI)
    text: str


def _blocks(element: dict, chars_by_mcid: dict[int, list[dict]], out: list[Block]) -> None:
    kind = element.get("type")
    if kind in BLOCKS:
        chars: list[dict] = []
        _collect(element, chars_by_mcid, chars)
        body = [c for c in chars if TOP_MARGIN - 2 < c["top"] and c["bottom"] < _HEIGHT[0] - BOTTOM_MARGIN + 2]
        if body:
            tops = sorted({round(c["top"]) for c in body})
            lines = sum(1 for i, top in enumerate(tops) if i == 0 or top - tops[i - 1] > 2)
            text = "".join(c["text"] for c in sorted(body, key=lambda c: (round(c["top"]), c["x0"])))
            out.append(Block(kind, text, lines, min(c["top"] for c in body), max(c["bottom"] for c in body),
                             max(c["size"] for c in body), all("Italic" in c["fontname"] for c in body)))
        return
    for child in element.get("children", []):
        _blocks(child, chars_by_mcid, out)


def _collect(element: dict, chars_by_mcid: dict[int, list[dict]], out: list[dict]) -> None:
    for mcid in element.get("mcids", []) or []:
        out += chars_by_mcid.get(mcid, [])
    for child in element.get("children", []):
        _collect(child, chars_by_mcid, out)


_HEIGHT = [842.0]


def read(path: Path) -> Layout:
    from pypdf import PdfReader

    pages = []
    with pdfplumber.open(path) as pdf:
        text = []
        for number, page in enumerate(pdf.pages, 1):
            _HEIGHT[0] = float(page.height)
            chars_by_mcid: dict[int, list[dict]] = {}
            for char in page.chars:
                if char.get("mcid") is not None and char["text"].strip():
                    chars_by_mcid.setdefault(char["mcid"], []).append(char)
            blocks: list[Block] = []
            try:
                tree = page.structure_tree
            except AssertionError:  # a page with no tagged content (a blank left-hand page)
                tree = []
            for element in tree:
                _blocks(element, chars_by_mcid, blocks)
            blocks.sort(key=lambda b: (b.top, b.bottom))
            pages.append(Page(number, float(page.height), blocks))
            text.append(page.extract_text() or "")
    reader = PdfReader(str(path))
    bookmarks: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                bookmarks.append((level, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 1)
    links = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/A" in annot and "/URI" in annot["/A"]:
                links.append((number, str(annot["/A"]["/URI"])))
    return Layout(path, pages, bookmarks, links, "\n".join(text))


# --- the rules ------------------------------------------------------------------------------------

def stranded_headings(layout: Layout, min_lines: int = 3) -> list[str]:
    """Headings (with their meta lines) followed by fewer than ``min_lines`` lines before the page ends."""
    found = []
    for index, page in enumerate(layout.pages[:-1]):
        heads = [i for i, b in enumerate(page.blocks) if b.heading]
        if not heads:
            continue
        last = heads[-1]
        while last > 0 and page.blocks[last - 1].heading:
            last -= 1  # a heading right under another heading belongs to it
        after = [b for b in page.blocks[last + 1:] if not b.heading and not b.meta]
        lines = sum(b.lines for b in after)
        following = layout.pages[index + 1].blocks
        continues = bool(following) and not following[0].heading and not _section_start(following)
        if lines == 0 or (lines < min_lines and continues):
            found.append(f"{layout.path.name} s. {page.number}: {page.blocks[last].text[:50]!r} + {lines} riviä")
    return found


def _section_start(blocks: list[Block]) -> bool:
    """A page that starts a new part on purpose (appendix label, kicker) above its heading."""
    return len(blocks) > 1 and blocks[0].kind == "P" and blocks[0].lines == 1 and blocks[1].heading


def near_empty_pages(layout: Layout, min_fill: float = 0.15, min_lines: int = 5) -> list[str]:
    """Mid-document pages (not the first or the last) with next to nothing on them.

    A page with no content at all is a deliberate blank left-hand page (binder) and is checked by
    :func:`misplaced_blank_pages`.
    """
    found = []
    for page in layout.pages[1:-1]:
        if page.blocks and page.fill < min_fill and page.lines < min_lines:
            found.append(f"{layout.path.name} s. {page.number}: {page.lines} riviä, {page.fill:.0%} täynnä")
    return found


def misplaced_blank_pages(layout: Layout) -> list[str]:
    """Blank pages are only left-hand (even) pages before a section that starts on the right."""
    return [f"{layout.path.name} s. {page.number}: tyhjä sivu" for page in layout.pages
            if not page.blocks and (page.number % 2 == 1 or page is layout.pages[-1])]


def split_tables(layout: Layout, is_row) -> list[str]:
    """Tables (told apart by ``is_row(block_text)`` on their text) that run over a page break."""
    found = []
    for index, page in enumerate(layout.pages[:-1]):
        if not page.blocks or page.blocks[-1].kind != "Table" or not is_row(page.blocks[-1]):
            continue
        following = layout.pages[index + 1].blocks
        if following and following[0].kind == "Table" and is_row(following[0]):
            found.append(f"{layout.path.name} s. {page.number}–{page.number + 1}: {following[0].text[:40]!r}")
    return found


def is_dialogue(block: Block) -> bool:
    """A dialogue table (set at 15 pt to be read aloud)."""
    return block.kind == "Table" and block.size >= 14


def is_timetable(block: Block) -> bool:
    return bool(TIME_RANGE.search(block.text))


def soft_hyphen_bookmarks(layout: Layout) -> list[str]:
    return [title for _, title, _ in layout.bookmarks if "\u00ad" in title]


PRINTED_URL = re.compile(r"https://[^\s]+")


def missing_links(layout: Layout) -> list[str]:
    """Pages that print an https URL but carry no link annotation to it."""
    found = []
    by_page: dict[int, set[str]] = {}
    for number, uri in layout.links:
        by_page.setdefault(number, set()).add(uri)
    with pdfplumber.open(layout.path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            flat = (page.extract_text() or "").replace("\u00ad", "")
            for url in PRINTED_URL.findall(flat.replace("-\n", "").replace("\n", " ")):
                url = url.rstrip(".,;:)”")
                if not any(uri.startswith(url) or url.startswith(uri) for uri in by_page.get(number, ())):
                    found.append(f"{layout.path.name} s. {number}: {url}")
    return found


def hyphen_breaks(layout: Layout) -> list[tuple[str, str]]:
    """Words the layout hyphenated across lines: (the word up to the break, the rest of the word).

    Only breaks at a hyphenation point count: WeasyPrint draws them as a hyphen whose text is U+00AD
    (worker.patch_hyphen_text); a word written with a hyphen (osa-aikainen) may break after it. Read by position, not in text order: in a table the next
    text line runs through every cell, so the rest of the word is on the next line where the broken word's
    line starts in its own cell (words closer than a column gap belong to the same line). A word broken
    twice in a narrow cell gives both breaks, each with the whole word.
    """
    breaks = []
    with pdfplumber.open(layout.path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            following = {}
            for index, word in enumerate(words):
                if not word["text"].endswith("\u00ad"):
                    continue
                gap = word["size"] * 0.6  # wider than a space, narrower than a column gap
                start = word["x0"]
                for other in sorted((w for w in words if abs(w["top"] - word["top"]) < 1 and w["x1"] <= word["x0"]),
                                    key=lambda w: -w["x1"]):
                    if start - other["x1"] > gap:
                        break
                    start = other["x0"]
                below = [j for j, w in enumerate(words) if 0 < w["top"] - word["top"] < word["size"] * 2
                         and abs(w["x0"] - start) < 1.5]
                if below:
                    following[index] = min(below, key=lambda j: words[j]["top"])
            continued = set(following.values())
            for first in following:
                if first in continued:
                    continue
                pieces, index = [], first
                while index is not None:
                    text = words[index]["text"]
                    if index in following:
                        pieces.append(text[:-1])
                        index = following[index]
                    else:
                        pieces.append(text)
                        index = None
                letters = [re.findall(r"[^\W\d_]+", piece) for piece in pieces]
                if not all(letters):
                    continue
                parts = [letters[0][-1], *(found[0] for found in letters[1:])]  # the word's letters only
                for cut in range(1, len(parts)):
                    breaks.append(("".join(parts[:cut]), "".join(parts[cut:])))
    return breaks
