"""Helpers for the corpus of broken and hostile inputs (tests/test_corpus.py, tests/corpus/cases.py).

A case mutates a copy of tests/fixtures/mini and states what must happen:

- ``bad``: genuinely broken input. ``auroras check`` exits 1 and names the file and line in Finnish.
- ``hostile-content``: a hostile payload in an otherwise valid field. ``auroras check`` exits 1 and names the
  field; every payload is also put into ONE shared copy that is built once with PDFs, and the output must hold
  none of the payload's active parts.
- ``hostile-file``: a hostile file (symlink out of the repository, fake image, SVG with script, huge or deep
  YAML). ``auroras check`` exits 1; ``mkdocs build`` fails in Finnish, or (where the brief allows) succeeds
  with the file neutralised; no output holds bytes from outside the repository.
- ``valid``: an unusual but valid variant. ``auroras check`` exits 0 and the site builds.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAYLOADS = Path(__file__).resolve().parent / "corpus" / "payloads"

THEME = "themes/01-alku/theme.yml"
HANDOUT = "themes/01-alku/monisteet/mina.md"
LESSON = "a2_lessons/01-tervehdys/lesson.yml"
LESSON_HANDOUT = "a2_lessons/01-tervehdys/moniste.md"
PROGRAM = "program.yml"
IMAGE = "themes/01-alku/kuva.svg"

# An environment variable only the corpus sets: /proc/self/environ of any build process holds it.
ENV_CANARY_NAME = "AURORAS_CORPUS_CANARY"
# The first bytes of /etc/passwd on every Debian system.
PASSWD_BYTES = b"root:x:0:0:"

CHECK_TIMEOUT = 60
BUILD_TIMEOUT = 240


# --- Running the tools --------------------------------------------------------------------------------------

@dataclass
class Run:
    returncode: int | None  # None: killed after the timeout
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stderr + "\n" + self.stdout


def run(args: list[str], *, cwd: Path | None = None, env: dict | None = None, timeout: int = CHECK_TIMEOUT) -> Run:
    """Run a command in its own process group; on timeout kill that group (PDF workers included)."""
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
        code = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        code = None
    return Run(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def tool_env(ctx: "Ctx", **extra: str) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", AURORAS_SEARCH="0", PYTHONIOENCODING="utf-8")
    env[ENV_CANARY_NAME] = ctx.env_token
    env.update(extra)
    return env


def check(root: Path, ctx: "Ctx") -> Run:
    return run([str(BIN / "auroras"), "--root", str(root), "check"], env=tool_env(ctx))


def build(root: Path, out: Path, ctx: "Ctx", *, pdf: bool = True) -> Run:
    # A cache per build: builds run side by side and must not write the same cache entries.
    env = tool_env(ctx, AURORAS_PDF="1" if pdf else "0", AURORAS_PDF_CACHE=f"{out}-pdf-cache")
    return run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(out)], cwd=root, env=env,
               timeout=BUILD_TIMEOUT)


# --- Cases --------------------------------------------------------------------------------------------------

@dataclass
class Ctx:
    """Where a case runs: ``base`` holds the fixture copies and, outside them, the ``outside`` folder."""

    base: Path
    env_token: str
    tokens: dict[str, str] = field(default_factory=dict)  # canary file name -> token

    @property
    def outside(self) -> Path:
        path = self.base / "outside"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def canary(self, name: str) -> Path:
        """A file outside every fixture copy holding a unique token (SVG files draw it as text)."""
        path = self.outside / name
        if name not in self.tokens:
            self.tokens[name] = "KANARIA" + secrets.token_hex(8).upper()
        token = self.tokens[name]
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            if name.endswith(".svg"):
                path.write_text(svg_text(token), encoding="utf-8")
            elif name.endswith(".md"):
                path.write_text(f"## Salaisuus\n\n{token}\n", encoding="utf-8")
            else:
                path.write_text(f"{token}\n", encoding="utf-8")
        return path


def svg_text(text: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100" width="400" height="100">'
            f'<text x="10" y="50" font-size="20">{text}</text></svg>\n')


def fill(template: str, ctx: Ctx) -> str:
    """Replace ``{canary:NAME}`` (absolute path of a canary file) and ``{outside}`` in a payload."""
    text = re.sub(r"\{canary:([\w./-]+)\}", lambda m: str(ctx.canary(m.group(1))), template)
    # A relative path that climbs past the file system root and comes down to the canary: it reaches the
    # canary from any folder (the relative reference a path-traversal attack would write).
    text = re.sub(r"\{relcanary:([\w./-]+)\}", lambda m: "../" * 16 + str(ctx.canary(m.group(1))).lstrip("/"),
                  text)
    return text.replace("{outside}", str(ctx.outside))


@dataclass
class Where:
    """Where a problem must be reported: ``path`` and a line given by number or by a needle in the file."""

    path: str
    line: int | None = None
    needle: str | None = None  # the line of its first occurrence in the mutated file
    # Any one of these (case-insensitive) must be in the message; empty: any Finnish message.
    words: tuple[str, ...] = ()


@dataclass
class Case:
    id: str
    kind: str  # bad, hostile-content, hostile-file, valid
    what: str  # one line for the report
    mutate: Callable[[Path, Ctx], None] | None = None
    where: list[list[Where]] = field(default_factory=list)  # each inner list: alternatives, one must match
    # hostile-content
    field: str | None = None
    payload: str | None = None
    marker: str | None = None
    solo: bool = False  # built on its own (it may stop a strict build, or it would hide other payloads)
    pdf: bool = True  # whether the case's own build makes PDFs
    # hostile-file: "fail" (build must fail in Finnish) or "fail-or-clean" (or succeed, neutralised)
    build: str = "fail"
    leak_tokens: tuple[str, ...] = ()  # canary file names whose tokens must not reach any output
    extra: Callable | None = None  # extra findings: extra(root, ctx, run, site_or_None) -> list[str]
    owner: str = ""  # who is expected to fix it (for the report)


# --- Editing the fixture ------------------------------------------------------------------------------------

def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURES / "mini", target, symlinks=True)
    return target


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise AssertionError(f"corpus bug: {old!r} not in {rel}")
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def write(root: Path, rel: str, data: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def symlink(root: Path, rel: str, target: Path | str) -> None:
    path = root / rel
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def line_of(root: Path, rel: str, needle: str) -> int:
    data = (root / rel).read_bytes()
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        if needle in line:
            return number
    raise AssertionError(f"corpus bug: {needle!r} not in {rel}")


def dq(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def png_bytes(width: int = 2, height: int = 2, padding: int = 0) -> bytes:
    """A real PNG; ``padding`` bytes of a private ancillary chunk make it as large as needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if padding:
        body += chunk(b"prVt", b"\x00" * padding)
    body += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


# --- Content fields: where a hostile payload goes -----------------------------------------------------------

@dataclass(frozen=True)
class Field:
    file: str  # where the payload lands (the file check must name)
    insert: Callable[[Path, list[str]], None]
    plain: bool | None  # True: plain text, must show literally; False: Markdown, sanitised; None: either


def _replace_value(rel: str, line: str, key_indent: str, key: str, original: str):
    def insert(root: Path, payloads: list[str]) -> None:
        edit(root, rel, line, f"{key_indent}{key}: {dq(' '.join([original, *payloads]))}\n")
    return insert


def _append_items(rel: str, after: str, item_indent: str):
    def insert(root: Path, payloads: list[str]) -> None:
        items = "".join(f"{item_indent}- {dq(p)}\n" for p in payloads)
        edit(root, rel, after, after + items)
    return insert


def _append_block_items(rel: str, after: str, item_indent: str):
    def insert(root: Path, payloads: list[str]) -> None:
        items = "".join(f"{item_indent}- |-\n{indent(p, len(item_indent) + 2)}\n" for p in payloads)
        edit(root, rel, after, after + items)
    return insert


def _markdown_value(rel: str, line: str, key_indent: str, key: str, original: str):
    def insert(root: Path, payloads: list[str]) -> None:
        width = len(key_indent) + 2
        body = "\n\n".join([original, *payloads])
        edit(root, rel, line, f"{key_indent}{key}: |-\n{indent(body, width)}\n")
    return insert


def _append_markdown(rel: str):
    def insert(root: Path, payloads: list[str]) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n\n".join(payloads) + "\n",
                        encoding="utf-8")
    return insert


def _theme_terms(root: Path, payloads: list[str]) -> None:
    items = "".join(f"  - term: {dq(p)}\n    example: Hei kaikki.\n" for p in payloads)
    edit(root, THEME, "vocabulary:\n", "vocabulary:\n" + items)


def _lesson_terms(root: Path, payloads: list[str]) -> None:
    items = "".join(f"  - term: {dq(p)}\n    example: Hei kaikki.\n" for p in payloads)
    edit(root, LESSON, "vocabulary:\n", "vocabulary:\n" + items)


def _links(root: Path, payloads: list[str]) -> None:
    path = root / THEME
    extra = "".join(f"  - title: Linkki\n    url: {dq(p)}\n" for p in payloads)
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def _caption(root: Path, payloads: list[str]) -> None:
    edit(root, THEME, "    license: CC BY 4.0\n", f"    caption: {dq(' '.join(['Kuvateksti', *payloads]))}\n"
                                                    "    license: CC BY 4.0\n")


def _phase_script(root: Path, payloads: list[str]) -> None:
    body = "\n\n".join(["Sano hei.", *payloads])
    edit(root, LESSON, "  - {kind: greetings, minutes: 5, script: Sano hei.}\n",
         f"  - kind: greetings\n    minutes: 5\n    script: |-\n{indent(body, 6)}\n")


def _phase_title(root: Path, payloads: list[str]) -> None:
    edit(root, LESSON, "  - {kind: goals, minutes: 5, script: Kerro tavoite.}\n",
         f"  - {{kind: goals, minutes: 5, title: {dq(' '.join(['Tavoite', *payloads]))}, script: Kerro tavoite.}}\n")


def _speakers(root: Path, payloads: list[str]) -> None:
    items = "".join(f"  - {{speaker: {dq(p)}, line: Hei!}}\n" for p in payloads)
    edit(root, LESSON, "dialogue:\n", "dialogue:\n" + items)


def _dialogue_lines(root: Path, payloads: list[str]) -> None:
    items = "".join(f"  - speaker: B\n    line: {dq(p)}\n" for p in payloads)
    edit(root, LESSON, "dialogue:\n", "dialogue:\n" + items)


def _expansion(root: Path, payloads: list[str]) -> None:
    items = "".join(f"  - {{speaker: A, line: {dq(p)}}}\n" for p in payloads)
    edit(root, LESSON, "handout:\n", "dialogue_expansion:\n" + items + "handout:\n")


def _lesson_handout_text(root: Path, payloads: list[str]) -> None:
    path = root / LESSON
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n  file: moniste.md\n", encoding="utf-8")
    write(root, LESSON_HANDOUT, "## Moniste\n\nHei kaikki.\n\n" + "\n\n".join(payloads) + "\n")


FIELDS: dict[str, Field] = {
    "theme.title": Field(THEME, _replace_value(THEME, "\ntitle: Alku\n", "\n", "title", "Alku"), True),
    "theme.summary": Field(THEME, _replace_value(
        THEME, "summary: Ryhmä tutustuu toisiinsa.\n", "", "summary", "Ryhmä tutustuu toisiinsa."), None),
    "theme.goal": Field(THEME, _append_items(THEME, "goals:\n  - Osaan kertoa nimeni.\n", "  "), None),
    "activity.title": Field(THEME, _replace_value(
        THEME, "  - title: Tervetuloa\n", "  - ", "title", "Tervetuloa"), True),
    "activity.instructions": Field(THEME, _markdown_value(
        THEME, "    instructions: Toivota kaikki tervetulleiksi.\n", "    ", "instructions",
        "Toivota kaikki tervetulleiksi."), False),
    "activity.material": Field(THEME, _append_items(THEME, "    materials:\n      - nimilaput\n", "      "), None),
    "activity.participant_task": Field(THEME, _markdown_value(
        THEME, "    participant_task: Kerro nimesi.\n", "    ", "participant_task", "Kerro nimesi."), False),
    "theme.vocabulary.term": Field(THEME, _theme_terms, True),
    "theme.vocabulary.example": Field(THEME, _replace_value(
        THEME, "    example: Äiti on kotona.\n", "    ", "example", "Äiti on kotona."), None),
    "theme.vocabulary.translation": Field(THEME, _replace_value(
        THEME, "      en: mother\n", "      ", "en", "mother"), True),
    "theme.discussion_question": Field(THEME, _append_items(
        THEME, "discussion_questions:\n  - Mikä on nimesi?\n", "  "), None),
    "theme.handout.title": Field(THEME, _replace_value(THEME, "  - title: Minä\n", "  - ", "title", "Minä"), True),
    "theme.handout.text": Field(HANDOUT, _append_markdown(HANDOUT), False),
    "theme.mentor_tip": Field(THEME, _append_block_items(THEME, "mentor_tips:\n  - Hymyile.\n", "  "), False),
    "image.alt": Field(THEME, _replace_value(
        THEME, "    alt: Tuolit piirissä.\n", "    ", "alt", "Tuolit piirissä."), True),
    "image.caption": Field(THEME, _caption, True),
    "image.credit": Field(THEME, _replace_value(
        THEME, "    credit: Testikuvaaja\n", "    ", "credit", "Testikuvaaja"), True),
    "link.title": Field(THEME, _replace_value(THEME, "  - title: Suomi.fi\n", "  - ", "title", "Suomi.fi"), True),
    "link.url": Field(THEME, _links, None),
    "lesson.title": Field(LESSON, _replace_value(LESSON, "\ntitle: Tervehdys\n", "\n", "title", "Tervehdys"), True),
    "lesson.subtitle": Field(LESSON, _replace_value(
        LESSON, "subtitle: Sanon hei\n", "", "subtitle", "Sanon hei"), True),
    "lesson.vocabulary.term": Field(LESSON, _lesson_terms, True),
    "lesson.vocabulary.example": Field(LESSON, _replace_value(
        LESSON, "    example: Hei!\n", "    ", "example", "Hei!"), None),
    "lesson.vocabulary.translation": Field(LESSON, _replace_value(LESSON, "      en: hi\n", "      ", "en", "hi"), True),
    "lesson.structure.pattern": Field(LESSON, _replace_value(
        LESSON, "  - pattern: Minä olen …\n", "  - ", "pattern", "Minä olen …"), None),
    "lesson.structure.example": Field(LESSON, _append_items(LESSON, "      - Minä olen Anna.\n", "      "), None),
    "lesson.supply": Field(LESSON, _append_items(LESSON, "supplies:\n  - nimilaput\n", "  "), None),
    "lesson.phase.script": Field(LESSON, _phase_script, False),
    "lesson.phase.title": Field(LESSON, _phase_title, True),
    "lesson.dialogue.speaker": Field(LESSON, _speakers, True),
    "lesson.dialogue.line": Field(LESSON, _dialogue_lines, None),
    "lesson.dialogue_expansion.line": Field(LESSON, _expansion, None),
    "lesson.handout.title": Field(LESSON, _replace_value(LESSON, "  title: Sanasto\n", "  ", "title", "Sanasto"), True),
    "lesson.handout.text": Field(LESSON_HANDOUT, _lesson_handout_text, False),
    "program.program_name": Field(PROGRAM, _replace_value(
        PROGRAM, "program_name: Auroras\n", "", "program_name", "Auroras"), True),
    "program.organisation": Field(PROGRAM, _replace_value(
        PROGRAM, "organisation: Testiyhdistys\n", "", "organisation", "Testiyhdistys"), True),
}


def apply_payloads(root: Path, payloads: dict[str, list[str]]) -> None:
    """Put every payload into its field (several payloads of one field go in together)."""
    for name, spec in FIELDS.items():  # a fixed order: the edits do not overlap
        if payloads.get(name):
            spec.insert(root, payloads[name])
    import yaml
    for rel in (THEME, LESSON, PROGRAM):  # the corpus itself must write valid YAML
        yaml.safe_load((root / rel).read_text(encoding="utf-8"))


# --- Reading problems ---------------------------------------------------------------------------------------

PROBLEM = re.compile(r"^(?P<path>[^\s:][^:\n]*):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$", re.M)
EXCEPTION_NAME = re.compile(r"\b(?:[A-Z][A-Za-z]*(?:Error|Exception|Warning)|yaml\.[a-z]+\.[A-Za-z]+|"
                            r"pydantic_core|ValidationError)\b")
ENGLISH = re.compile(r"\b(?:expected|found|while (?:scanning|parsing)|could not|cannot|unexpected|mapping values|"
                     r"not allowed here|did not find|end of stream|block (?:end|mapping)|indentation|"
                     r"invalid|character|document|is not|does not)\b", re.I)
FINNISH = re.compile(r"[äöÄÖ]|\b(?:ei|on|tai|ja|pitää|kohdassa|rivillä|tiedosto\w*|puuttuu|kenttä\w*|"
                     r"merkki\w*|teksti\w*|lainausmerk\w*|kaksoispiste\w*|sarkain\w*)\b")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»")


def problems_in(output: str) -> list[tuple[str, int, str]]:
    return [(m["path"], int(m["line"]), m["message"]) for m in PROBLEM.finditer(output)]


def no_crash(result: Run, what: str) -> list[str]:
    """Findings (empty: fine) about tracebacks, exception names and timeouts in a tool run."""
    found = []
    if result.returncode is None:
        found.append(f"{what} did not finish in time (killed)")
    # MkDocs' own last line for any plugin error; the plugin's message above it is what editors read.
    text = re.sub(r"(?m)^Aborted with a \w+!$", "", result.output)
    if "Traceback" in text:
        found.append(f"{what} printed a traceback:\n{tail(text)}")
    names = sorted(set(EXCEPTION_NAME.findall(text)))
    if names:
        found.append(f"{what} shows Python exception names {names}:\n{tail(text)}")
    return found


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def is_finnish(message: str) -> bool:
    bare = QUOTED.sub("", message)
    return bool(FINNISH.search(bare)) and not ENGLISH.search(bare)


def expected_line(root: Path, where: Where) -> int:
    if where.line is not None:
        return where.line
    assert where.needle is not None
    return line_of(root, where.path, where.needle)


def match_where(output: str, root: Path, where: Where, tolerance: int = 2) -> str | None:
    """The message reported at ``where`` (±tolerance lines) with one of its words, or None."""
    line = expected_line(root, where)
    for path, number, message in problems_in(output):
        if path != where.path or abs(number - line) > tolerance:
            continue
        if message.startswith("tuntematon sana ") and not where.words:
            continue  # a spelling complaint about the payload is not the report we want
        if where.words and not any(w.casefold() in message.casefold() for w in where.words):
            continue
        if is_finnish(message):
            return message
    return None


def describe_where(root: Path, where: Where) -> str:
    try:
        line = expected_line(root, where)
    except AssertionError as exc:
        return str(exc)
    words = f" with one of {list(where.words)}" if where.words else ""
    return f"{where.path}:{line}±2 (Finnish{words})"


# --- Scanning a built site ----------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
        "wbr", "keygen"}
# Elements content must never create (the site's own ones are compared against a clean build).
SENSITIVE = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
             "button", "textarea", "select", "base", "meta", "link", "svg", "math", "template", "noscript",
             "portal", "video", "audio", "source", "xmp", "plaintext", "noembed", "noframes"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset",
             "cite", "longdesc", "ping", "codebase", "lowsrc", "dynsrc", "manifest", "icon"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "livescript:", "mocha:")


def normal_url(value: str) -> str:
    """A URL as a browser sees its scheme: control characters and whitespace removed, lower case."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def bad_url(value: str) -> bool:
    url = normal_url(value)
    if url.startswith(BAD_SCHEMES):
        return True
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", url)) and not url.startswith(("https:", "http:", "mailto:"))


@dataclass
class Element:
    tag: str
    attrs: tuple[tuple[str, str], ...]
    page: str

    def signature(self) -> tuple:
        keep = {"script": ("src", "type", "id"), "link": ("rel", "href"), "meta": ("name", "http-equiv", "charset",
                                                                                   "property"),
                "input": ("type", "id", "name"), "form": ("class", "name"), "svg": ("viewbox",),
                "button": ("class", "type"), "style": ()}.get(self.tag, ("class", "id"))
        return (self.tag,) + tuple((k, v) for k, v in self.attrs if k in keep)


@dataclass
class TextNode:
    text: str
    ancestors: tuple[Element, ...]
    page: str


class _PageParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[Element] = []
        self.elements: list[Element] = []
        self.texts: list[TextNode] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, tuple((k, v or "") for k, v in attrs), self.page)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, tuple((k, v or "") for k, v in attrs), self.page))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append(TextNode(data, tuple(self.stack), self.page))
            if self.stack and self.stack[-1].tag == "script":
                self.scripts.append(data.strip())


@dataclass
class Pdf:
    name: str
    text: str  # pdftotext, soft hyphens removed, whitespace collapsed
    streams: bytes  # every decoded stream, concatenated
    embedded: list[str]  # names of embedded files and file attachment annotations
    uris: list[str]  # link annotation URIs
    actions: list[str]  # /JavaScript, /Launch, /ImportData ... actions
    error: str | None = None


@dataclass
class Site:
    root: Path
    pages: dict[str, _PageParser]
    raw: dict[str, str]
    files: dict[str, bytes]
    pdfs: dict[str, Pdf]

    @classmethod
    def scan(cls, root: Path) -> "Site":
        pages, raw, files, pdfs = {}, {}, {}, {}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            data = path.read_bytes()
            files[rel] = data
            if rel.endswith(".html"):
                text = data.decode("utf-8", "replace")
                raw[rel] = text
                parser = _PageParser(rel)
                parser.feed(text)
                parser.close()
                pages[rel] = parser
            elif rel.endswith(".pdf"):
                pdfs[rel] = read_pdf(path)
        return cls(root, pages, raw, files, pdfs)

    def elements(self):
        for page in self.pages.values():
            yield from page.elements

    def texts(self):
        for page in self.pages.values():
            yield from page.texts

    def all_bytes(self) -> list[tuple[str, bytes]]:
        out = list(self.files.items())
        for name, pdf in self.pdfs.items():
            out.append((name + " (streams)", pdf.streams))
            out.append((name + " (text)", pdf.text.encode("utf-8")))
        return out

    def leaks(self, needle: bytes) -> list[str]:
        return [name for name, data in self.all_bytes() if needle in data]

    def visible(self) -> str:
        """All visible text and alt/title attributes of every page, and the text of every PDF."""
        parts = [t.text for t in self.texts() if not any(a.tag in ("script", "style") for a in t.ancestors)]
        parts += [v for e in self.elements() for k, v in e.attrs if k in ("alt", "title", "aria-label", "content")]
        parts += [pdf.text for pdf in self.pdfs.values()]
        return squash("\n".join(parts))


TYPOGRAPHIC = str.maketrans({"”": '"', "“": '"', "„": '"', "″": '"', "’": "'", "‘": "'", "‚": "'"})


def squash(text: str) -> str:
    """Text for comparison: soft hyphens gone, whitespace collapsed, typographic quotes made straight (the
    site sets Finnish quotation marks, which is typography, not a change of the text)."""
    return " ".join(text.replace("\u00ad", "").translate(TYPOGRAPHIC).split())


def read_pdf(path: Path) -> Pdf:
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    text = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True).stdout.decode("utf-8", "replace")
    streams, embedded, uris, actions = [], [], [], []
    try:
        reader = pypdf.PdfReader(str(path))
        seen: set[int] = set()

        def walk(obj, depth=0):
            if depth > 60:
                return
            if isinstance(obj, IndirectObject):
                if obj.idnum in seen:
                    return
                seen.add(obj.idnum)
                obj = obj.get_object()
            if isinstance(obj, StreamObject):
                try:
                    streams.append(obj.get_data())
                except Exception:  # an undecodable stream: keep its raw bytes
                    streams.append(obj._data if hasattr(obj, "_data") else b"")
            if isinstance(obj, DictionaryObject):
                subtype = obj.get("/Subtype")
                if subtype == "/FileAttachment" or obj.get("/Type") == "/Filespec" or "/EF" in obj:
                    embedded.append(str(obj.get("/F") or obj.get("/UF") or obj.get("/T") or subtype))
                if "/URI" in obj:
                    uris.append(str(obj["/URI"]))
                if obj.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToR", "/GoToE"):
                    actions.append(str(obj.get("/S")))
                if "/JS" in obj or "/JavaScript" in obj:
                    actions.append("/JS")
                for key, value in obj.items():
                    if key != "/Parent":
                        walk(value, depth + 1)
            elif isinstance(obj, ArrayObject):
                for value in obj:
                    walk(value, depth + 1)

        walk(reader.trailer)
        names = reader.trailer["/Root"].get("/Names")
        if names is not None and "/EmbeddedFiles" in names.get_object():
            embedded.append("/EmbeddedFiles in the catalog's /Names")
        error = None
    except Exception as exc:  # a PDF pypdf cannot read is itself a finding
        error = f"pypdf could not read {path.name}: {exc!r}"
    detach = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True).stdout
    match = re.match(r"(\d+) embedded files", detach)
    if match and int(match.group(1)) > 0:
        embedded.append(f"pdfdetach: {detach.strip()}")
    return Pdf(path.name, squash(text), b"\n".join(streams), embedded, uris, actions, error)


# --- Findings about one payload in a built site -------------------------------------------------------------

def element_findings(element: Element, why: str) -> list[str]:
    found = []
    if element.tag in SENSITIVE:
        found.append(f"{element.page}: <{element.tag}> element {why}")
    for key, value in element.attrs:
        if key.startswith("on"):
            found.append(f"{element.page}: <{element.tag} {key}=…> event handler {why}")
        elif key == "style":
            found.append(f"{element.page}: <{element.tag} style=…> style attribute {why}")
        elif key in URL_ATTRS and bad_url(value):
            found.append(f"{element.page}: <{element.tag} {key}=\"{value[:60]}\"> unsafe URL {why}")
        elif key == "srcdoc":
            found.append(f"{element.page}: <{element.tag} srcdoc=…> {why}")
        elif key in ("id", "name") and value.startswith("__"):
            # Material finds its configuration and state by ids such as __config: content must not clobber them.
            found.append(f"{element.page}: <{element.tag} {key}=\"{value}\"> DOM clobbering {why}")
    return found


def marker_findings(site: Site, marker: str) -> list[str]:
    """Everything active the payload carrying ``marker`` left in the HTML of the site."""
    found: list[str] = []
    why = f"carries the payload marker {marker}"
    for element in site.elements():
        holders = {key for key, value in element.attrs if marker in value}
        if not holders:
            continue
        attrs = dict(element.attrs)
        if element.tag == "meta" and holders == {"content"} and "http-equiv" not in attrs:
            continue  # <meta name="description" content="…">: the escaped summary as text, harmless
        found += element_findings(element, why)
    for node in site.texts():
        if marker in node.text:
            for ancestor in node.ancestors:
                found += element_findings(ancestor, f"wraps the payload text {marker}")
    for name, pdf in site.pdfs.items():
        for uri in pdf.uris:  # printed https links are clickable on purpose; anything else is not
            if marker in uri and (bad_url(uri) or not normal_url(uri).startswith("https:")):
                found.append(f"{name}: link annotation to {uri[:80]!r}")
    return sorted(set(found))


def compare_sensitive(clean: Site, hostile: Site) -> list[str]:
    """Sensitive elements, event handlers, style attributes and unsafe URLs the clean build does not have."""
    found = []

    def inventory(site: Site, page: str) -> Counter:
        items = Counter()
        for element in site.pages[page].elements:
            if element.tag in SENSITIVE:
                items[("element",) + element.signature()] += 1
            for key, value in element.attrs:
                if key.startswith("on") or key == "style" or key == "srcdoc" or (key in URL_ATTRS and bad_url(value)):
                    items[("attribute", element.tag, key, value)] += 1
        for script in site.pages[page].scripts:
            items[("inline script", script)] += 1
        return items

    for page in sorted(hostile.pages):
        if page not in clean.pages:
            found.append(f"{page}: a page the clean build does not have")
            continue
        extra = inventory(hostile, page) - inventory(clean, page)
        for item, count in sorted(extra.items(), key=str):
            found.append(f"{page}: {count} × {str(item)[:160]}")
    return found
