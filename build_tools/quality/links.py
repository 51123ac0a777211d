"""Links inside content: safe, and leading somewhere that exists.

Every Markdown text of the content (handout files and the Markdown fields of theme.yml and
lesson.yml) is rendered with the project's own Markdown configuration, so that inline links,
``<...>`` destinations, reference links, autolinks, attribute lists and raw HTML are seen exactly as
the site and the PDFs see them. Every URL in the result is then judged:

- ``https:`` and ``mailto:`` links and ``#anchors`` are fine;
- ``javascript:``, ``vbscript:``, ``data:`` and ``file:`` are errors ("vaarallinen linkki");
- ``http:`` is an error, as for the ``links:`` of a theme (the model wants ``https://``);
- a relative link is an error, with a hint that fits what it names: a file that is missing, one
  outside the content item's own folder, one that is not published, one of the item's ``images``
  (shown in the page's own images section, never inside the text: neither the web page nor the PDF
  resolves a content-relative path in the text), or a page of the site (a page's address depends on
  where the text is shown, and the same text is shown on several pages and in the PDFs). Paths are
  read from the folder of theme.yml or lesson.yml, like every other path of the content, and, for a
  handout in a subfolder, also from the handout's own folder.

Each problem is reported at the place of the URL in the source: ``path:line:column`` of the
handout, or the line inside the YAML file where the link is written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..diagnostics import Problems
from ..files import FileProblem, confined
from ..markup.markdown import new_markdown, prepare
from ..model import Curriculum
from ..yamlsource import SourceDoc

# The Markdown fields of the content, as data paths ("*" is any list index).
MARKDOWN_FIELDS = {
    "theme": [("summary",), ("activities", "*", "instructions"), ("activities", "*", "participant_task"),
              ("mentor_tips", "*")],
    "lesson": [("phases", "*", "script")],
}

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "cite", "background",
                  "data", "longdesc", "ping", "manifest", "codebase", "lowsrc", "dynsrc", "usemap"}
DANGEROUS = {"javascript", "vbscript", "data", "file", "livescript", "mocha", "jar", "view-source", "blob",
             "filesystem"}
ALLOWED = "sisällössä voi linkittää https://-osoitteisiin, mailto:-osoitteisiin ja #-ankkureihin"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


@dataclass(frozen=True)
class FoundUrl:
    tag: str
    attribute: str
    url: str


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[FoundUrl] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
                self.found.extend(FoundUrl(tag, name, url) for url in urls)

    handle_startendtag = handle_starttag


# Nothing can become a URL without one of these: an inline link or image "](", a reference "][" or
# its definition "]:", an autolink or raw HTML "<", an attribute list "{". Most texts have none.
_MAY_LINK = re.compile(r"\]\s*[(\[:]|<|\{")
_converter = None


def urls_in_markdown(text: str) -> list[FoundUrl]:
    """Every URL of ``text`` rendered as the site and the PDFs render it, in document order."""
    global _converter
    if not _MAY_LINK.search(text):
        return []
    if _converter is None:
        _converter = new_markdown()
    collector = _UrlCollector()
    try:
        collector.feed(_converter.convert(prepare(text, keep_html=True)))
    finally:
        _converter.reset()
    collector.close()
    return collector.found


@dataclass
class _Region:
    """Where a Markdown text stands in its source file: lines with their first column."""

    lines: list[tuple[int, int, str]]  # (line number, column of the first character, text)

    def find(self, url: str, occurrence: int) -> tuple[int, int] | None:
        """Line and column of the ``occurrence``-th (0-based) appearance of ``url``, else of the last one."""
        hits = []
        needles = [(url, False), (url.removeprefix("mailto:"), False), (url, True)] if url.strip() else \
            [("](", False), ('=""', False), ("=''", False)]
        for needle, unescape in needles:
            if not needle:
                continue
            for number, first, text in self.lines:
                haystack = html.unescape(text) if unescape else text
                start = haystack.find(needle)
                while start >= 0:
                    hits.append((number, first + start))
                    start = haystack.find(needle, start + 1)
            if hits:
                return hits[min(occurrence, len(hits) - 1)]
        return None

    @property
    def start(self) -> tuple[int, int]:
        return (self.lines[0][0], self.lines[0][1]) if self.lines else (1, 1)


def _file_region(text: str) -> _Region:
    return _Region([(number, 1, line) for number, line in enumerate(text.split("\n"), 1)])


def _value_region(doc: SourceDoc, loc: tuple) -> _Region:
    """The source lines of a YAML value (for a block scalar the indicator line comes first)."""
    lines = doc.text.splitlines()
    start, end = doc.values[loc], doc.ends[loc]
    region = []
    for number in range(start.line, min(end.line, len(lines)) + 1):
        text = lines[number - 1]
        first = start.column if number == start.line else 1
        last = end.column - 1 if number == end.line else len(text)
        region.append((number, first, text[first - 1:last]))
    return _Region(region)


def _locations(data, pattern: tuple, loc: tuple = ()):
    if not pattern:
        if isinstance(data, str):
            yield loc
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _locations(item, rest, loc + (index,))
    elif isinstance(data, dict) and head in data:
        yield from _locations(data[head], rest, loc + (head,))


def check_links(curriculum: Curriculum, problems: Problems) -> None:
    """Report every unsafe or broken link in the content's Markdown."""
    root = curriculum.root
    items = {("theme", t.slug): t for t in curriculum.themes}
    items.update({("lesson", lesson.slug): lesson for lesson in curriculum.lessons})
    items.update({("session", s.slug): s for s in curriculum.sessions})
    for key, doc in curriculum.sources.items():
        kind, slug = key
        folder = curriculum.folders[key]
        item = items[key]
        images = {image.path for image in item.images}
        context = _Context(root, folder, images, problems)
        for pattern in MARKDOWN_FIELDS["lesson" if kind == "lesson" else "theme"]:
            for loc in _locations(doc.data, pattern):
                context.check(doc.path, _value(doc.data, loc), _value_region(doc, loc))
        handouts = [item.handout.file] if kind == "lesson" else [h.file for h in item.handouts]
        for relative in filter(None, handouts):
            path = folder / relative
            text = curriculum.texts.get(path)
            if text is not None:
                context.check(path, text, _file_region(text), written_in=path.parent)


def _value(data, loc: tuple):
    for part in loc:
        data = data[part]
    return data


@dataclass
class _Context:
    root: Path
    folder: Path  # the content item's own folder
    images: set[str]  # its published files
    problems: Problems

    def check(self, path: Path, text: str, region: _Region, written_in: Path | None = None) -> None:
        seen: dict[str, int] = {}
        for found in urls_in_markdown(text):
            occurrence = seen.get(found.url, 0)
            seen[found.url] = occurrence + 1
            message = self.judge(found, written_in)
            if message is None:
                continue
            line, column = region.find(found.url, occurrence) or region.start
            self.problems.add(path, line, column, message)

    def judge(self, found: FoundUrl, written_in: Path | None) -> str | None:
        url = found.url
        # As browsers read it: surrounding spaces and control characters, tabs and newlines do not count.
        bare = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                  "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
        shown = _short(url)
        image = found.tag == "img" or found.attribute in ("src", "srcset")
        if not bare:
            return f"linkistä puuttuu osoite; {ALLOWED}"
        scheme_match = _SCHEME.match(bare)
        scheme = scheme_match.group(1).lower() if scheme_match else None
        if scheme in DANGEROUS:
            return (f"vaarallinen linkki '{shown}': {scheme}:-osoite voi ajaa ohjelmakoodia tai lukea tiedostoja "
                    f"lukijan koneelta. Poista se; {ALLOWED}.")
        if image and (scheme or bare.startswith("//")):
            return (f"kuva '{shown}' haettaisiin toiselta palvelimelta; tallenna kuva sisällön kansioon ja lisää "
                    "se images-kohtaan")
        if scheme == "http":
            return (f"linkin osoitteen pitää alkaa 'https://' (http-yhteys ei ole suojattu), nyt '{shown}'. "
                    "Tarkista, että sivu toimii https-osoitteella.")
        if scheme == "https":
            if len(bare) <= len("https://") or " " in bare:
                return f"linkin osoitteen pitää alkaa 'https://' ja olla ilman välilyöntejä, nyt '{shown}'"
            return None
        if scheme == "mailto":
            return None if len(bare) > len("mailto:") else f"sähköpostilinkistä puuttuu osoite; {ALLOWED}"
        if scheme is not None:
            return f"linkin tyyppiä '{scheme}:' ei voi käyttää ('{shown}'); {ALLOWED}"
        if bare.startswith("//"):
            return f"osoitteesta '{shown}' puuttuu alku; kirjoita se muodossa 'https:{bare}'"
        if bare.startswith("#"):
            return None
        if bare.startswith("/") or "\\" in bare:
            return (f"linkki '{shown}' osoittaa sivuston juureen tai koneen tiedostoon; sivuston sivujen osoitteet "
                    f"muuttuvat julkaisussa. {ALLOWED[0].upper() + ALLOWED[1:]}.")
        return self.relative(bare, shown, image, written_in)

    def relative(self, url: str, shown: str, image: bool, written_in: Path | None) -> str | None:
        target = unquote(re.split(r"[?#]", url, maxsplit=1)[0])
        if not target:  # "?x" or the like
            return f"linkki '{shown}' ei osoita mihinkään; {ALLOWED}"
        suffix = PurePosixPath(target).suffix.lower()
        if not image and (suffix in ("", ".md", ".html", ".htm") or target.endswith("/")):
            return (f"linkki '{shown}' näyttää osoittavan sivuston sivulle. Linkit sivuston omiin sivuihin eivät "
                    "toimi sisällössä, koska sama teksti julkaistaan eri sivuilla ja tulosteissa; "
                    f"{ALLOWED}.")
        noun = "kuvaa" if image else "linkin kohdetta"
        try:
            real = confined(self.root, self.folder, target, noun=noun)
        except FileProblem as problem:
            if problem.reason != "missing":
                return f"linkki '{shown}': {problem.message}"
            name = self.from_file(target, written_in)
            if name is None:
                return f"{problem.message}. Tarkista tiedoston nimi; {ALLOWED}."
        else:
            name = real.relative_to(self.folder.resolve()).as_posix()
        if name in self.images:
            # The page shows its images (with alt text and credit) in its own section, and neither the
            # web page nor the PDF resolves a content-relative path inside the text.
            return (f"kuvaa '{name}' ei voi näyttää tekstin keskellä eikä siihen voi linkittää: images-kohdan "
                    "kuvat näytetään sivulla ja tulosteissa omassa Kuvat-osiossaan, vaihtoehtoisen tekstin ja "
                    "tekijätietojen kanssa. Poista linkki tekstistä.")
        return self.unpublished(name)

    def from_file(self, target: str, written_in: Path | None) -> str | None:
        """``target`` read from the Markdown file's own folder, as the content-folder path, if it exists."""
        if written_in is None or written_in == self.folder:
            return None
        try:
            real = confined(self.root, self.folder, (written_in / target).relative_to(self.folder).as_posix())
        except (FileProblem, ValueError):
            return None
        return real.relative_to(self.folder.resolve()).as_posix()

    @staticmethod
    def unpublished(name: str) -> str:
        return (f"tiedostoa '{name}' ei julkaista sivustolla eikä tulosteissa: vain images-kohdassa luetellut "
                "kuvat julkaistaan. Lisää kuva images-kohtaan tai käytä https://-linkkiä.")


def _short(value: str) -> str:
    value = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value)
    return value if len(value) <= 70 else value[:67] + "…"
