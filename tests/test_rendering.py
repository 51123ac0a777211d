"""What mentors see is what editors wrote: list structure, attribute syntax and numbering in the outputs.

Every Markdown field of the real curriculum is parsed with a CommonMark parser
(markdown-it-py, as GitHub would show the source). Each list it finds —
ordered or not, start number, item count, nesting depth and the first item's
text — must appear in the built web page and in the print HTML of the
documents that carry the field.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from build_tools.loader import load_curriculum
from build_tools.print.documents import build_documents

from conftest import REPO

Signature = tuple[bool, int, int, int, str]  # ordered, start, items, depth, first item's text


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-zåäö]+", "", text.replace("\u00ad", "").casefold())[:24]


def commonmark_lists(text: str) -> list[Signature]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found: list[Signature] = []
    stack: list[list] = []  # [ordered, start, items, depth, first text]
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 0
            stack.append([token.type == "ordered_list_open", start, 0, len(stack) + 1, None])
        elif token.type == "list_item_open":
            stack[-1][2] += 1
        elif token.type == "inline" and stack and stack[-1][4] is None:
            stack[-1][4] = _key(token.content)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            ordered, start, items, depth, first = stack.pop()
            found.append((ordered, start, items, depth, first or ""))
    return found


class _Lists(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = []
        self.found: list[Signature] = []
        self.base_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            start = int(dict(attrs).get("start") or 1) if tag == "ol" else 0
            self.stack.append([tag == "ol", start, 0, len(self.stack) + 1, None, []])
        elif tag == "li" and self.stack:
            self.stack[-1][2] += 1
            if self.stack[-1][2] == 1:
                self.stack[-1][5] = []

    def handle_data(self, data):
        if self.stack and self.stack[-1][4] is None and self.stack[-1][2] >= 1:
            self.stack[-1][5].append(data)

    def handle_endtag(self, tag):
        if tag == "li" and self.stack and self.stack[-1][4] is None:
            self.stack[-1][4] = _key("".join(self.stack[-1][5]))
        if tag in ("ul", "ol") and self.stack:
            ordered, start, items, depth, first, parts = self.stack.pop()
            first = first if first is not None else _key("".join(parts))
            self.found.append((ordered, start, items, depth, first))
        # A nested list closes inside the parent's first item: the parent's text is what came before it.
        if tag in ("ul", "ol") and self.stack and self.stack[-1][4] is None and self.stack[-1][2] == 1:
            self.stack[-1][4] = _key("".join(self.stack[-1][5]))


def html_lists(html: str) -> Counter:
    parser = _Lists()
    parser.feed(html)
    return Counter(parser.found)


@pytest.fixture(scope="module")
def curriculum():
    loaded, problems = load_curriculum(REPO)
    assert loaded is not None, problems.items
    return loaded


def markdown_fields(curriculum):
    """(theme or lesson, label, Markdown text) for every Markdown field of the content."""
    for theme in curriculum.themes:
        folder = curriculum.theme_folder(theme)
        yield theme, "summary", theme.summary
        for i, activity in enumerate(theme.activities, 1):
            yield theme, f"activities[{i}].instructions", activity.instructions
            if activity.participant_task:
                yield theme, f"activities[{i}].participant_task", activity.participant_task
        for i, tip in enumerate(theme.mentor_tips, 1):
            yield theme, f"mentor_tips[{i}]", tip
        for handout in theme.handouts:
            yield theme, handout.file, curriculum.text(folder, handout.file)
    for lesson in curriculum.lessons:
        folder = curriculum.lesson_folder(lesson)
        for i, phase in enumerate(lesson.phases, 1):
            yield lesson, f"phases[{i}].script", phase.script
        if lesson.handout.file:
            yield lesson, lesson.handout.file, curriculum.text(folder, lesson.handout.file)


def _contains(have: Counter, want: list[Signature]) -> list[Signature]:
    """The lists of ``want`` that ``have`` lacks; depths compared relative to the field's outermost list."""
    shifted: dict[int, Counter] = {}
    missing: list[Signature] = []
    if not want:
        return missing
    top = min(s[3] for s in want)
    for offset in range(0, 4):  # the field may sit inside a list of the page (an admonition or item)
        shifted[offset] = Counter({(o, st, n, d - offset, t): c for (o, st, n, d, t), c in have.items()})
    for sig in want:
        o, st, n, d, t = sig
        if not any(shifted[off][(o, st, n, d - top + 1, t)] for off in range(0, 4)):
            missing.append(sig)
    return missing


def test_every_list_of_every_field_is_a_list_on_the_web(site: Path, curriculum):
    failures = []
    for item, label, text in markdown_fields(curriculum):
        folder = "teemat" if hasattr(item, "activities") else "a2"
        page = site / folder / item.slug / "index.html"
        have = html_lists(page.read_text(encoding="utf-8").split("<article", 1)[1])
        for sig in _contains(have, commonmark_lists(text)):
            failures.append(f"{folder}/{item.slug} {label}: {sig}")
    assert not failures, f"{len(failures)} lists differ:\n" + "\n".join(failures[:40])


def test_every_list_of_every_field_is_a_list_in_print(curriculum):
    docs = {doc.path: doc.html for doc in build_documents(curriculum)}
    failures = []
    for item, label, text in markdown_fields(curriculum):
        if hasattr(item, "activities"):
            path = f"pdf/teema-{item.number:02d}-{item.slug}-mentori.pdf"
        else:
            path = f"pdf/a2-{item.number:02d}-{item.slug}.pdf"
        have = html_lists(docs[path])
        for sig in _contains(have, commonmark_lists(text)):
            failures.append(f"{path} {label}: {sig}")
    assert not failures, f"{len(failures)} lists differ:\n" + "\n".join(failures[:40])


_RUN_ON = re.compile(r"<p>(?:(?!</p>).)*?\n\s*(?:[-*+]|\d{1,2}[.)])\s", re.S)
_ATTRIBUTE_TEXT = re.compile(r"\{\s*[:#.][^}]*\}")


def _article(html: str) -> str:
    """The page's own content: inside <article>, without the element's start tag."""
    return html.split("<article", 1)[-1].split(">", 1)[-1].split("</article>", 1)[0]


def test_no_run_on_lists_or_syntax_shown_as_text_on_the_web(site: Path):
    problems = []
    for page in sorted(site.rglob("*.html")):
        article = _article(page.read_text(encoding="utf-8"))
        text = re.sub(r"<[^>]+>", "", article)
        for match in _RUN_ON.finditer(article):
            problems.append(f"{page.relative_to(site)}: run-on list {match.group(0)[-60:]!r}")
        for match in _ATTRIBUTE_TEXT.finditer(text):
            problems.append(f"{page.relative_to(site)}: attribute syntax shown {match.group(0)!r}")
        if re.search(r"^\s*(title|description):", text, re.M):
            problems.append(f"{page.relative_to(site)}: front matter shown as text")
    assert not problems, "\n".join(problems[:40])


def test_no_run_on_lists_or_syntax_shown_as_text_in_print(curriculum):
    problems = []
    for doc in build_documents(curriculum):
        html = doc.html.replace("\u00ad", "")
        body = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", html, flags=re.S)
        for match in _RUN_ON.finditer(body):
            problems.append(f"{doc.path}: run-on list {match.group(0)[-60:]!r}")
        for match in _ATTRIBUTE_TEXT.finditer(re.sub(r"<[^>]+>", "", body)):
            problems.append(f"{doc.path}: attribute syntax shown {match.group(0)!r}")
    assert not problems, "\n".join(problems[:40])


class _Unnumbered(HTMLParser):
    """Items of content <ol> lists (no class, not in a <nav>: not a template list) without a value attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parents: list[tuple[str, bool]] = []
        self.missing = 0
        self.items = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("ol", "ul", "nav"):
            self.parents.append((tag, "class" not in attrs and "nav" not in (p for p, _ in self.parents)))
        elif tag == "li" and self.parents and self.parents[-1] == ("ol", True):
            self.items += 1
            self.missing += "value" not in attrs

    def handle_endtag(self, tag):
        if tag in ("ol", "ul", "nav") and self.parents:
            self.parents.pop()


def test_print_list_items_carry_their_numbers(curriculum):
    """WeasyPrint ignores <ol start>; every item of a numbered list of content carries its number as value.

    (The templates' own lists, such as discussion questions, are numbered 1, 2, 3 by WeasyPrint itself.)"""
    items = 0
    for doc in build_documents(curriculum):
        parser = _Unnumbered()
        parser.feed(doc.html)
        assert parser.missing == 0, doc.path
        items += parser.items
    assert items > 100


# --- Finnish typography in every output ---------------------------------------------------------------

_DOUBLE_PUNCTUATION = re.compile(r"[?!]\.(?!\.)")


def _visible_text(html: str) -> str:
    """Text of HTML without code, scripts, styles and tags (what a reader sees)."""
    html = re.sub(r"<(code|pre|kbd|script|style)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').replace("&#34;", '"')


def test_web_pages_use_finnish_quotes_and_single_punctuation(site: Path):
    problems = []
    for page in sorted(site.rglob("*.html")):
        text = _visible_text(_article(page.read_text(encoding="utf-8")))
        for mark in ('"', "...", "?.", "!."):
            if mark in text.replace("…", ""):
                at = text.index(mark)
                problems.append(f"{page.relative_to(site)}: {mark!r} in {text[max(0, at - 40):at + 20]!r}")
    assert not problems, "\n".join(problems[:30])


@pytest.fixture(scope="module")
def real_pdfs(tmp_path_factory, curriculum):
    from build_tools.print import build_pdfs
    return build_pdfs(curriculum, tmp_path_factory.mktemp("pdf-cache"))


def test_pdf_text_uses_finnish_quotes_and_single_punctuation(real_pdfs):
    import subprocess
    problems = []
    for result in real_pdfs:
        text = subprocess.run(["pdftotext", str(result.file), "-"], capture_output=True, text=True).stdout
        text = re.sub(r"\.{4,}", " ", text)  # the table of contents' dot leaders
        for mark in ('"', "...", "?.", "!."):
            if mark in text:
                at = text.index(mark)
                problems.append(f"{result.document.path}: {mark!r} in {text[max(0, at - 40):at + 20]!r}")
    assert not problems, "\n".join(problems[:30])
    assert len(real_pdfs) >= 43
