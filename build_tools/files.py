"""Reading files that content points at: confined to their folder, and checked for what they claim to be.

Content is untrusted input. A path in a theme or lesson (an image, a handout, a link target) is
resolved with every symlink followed and must end inside the content item's own folder: the folder
of its theme.yml or lesson.yml. A symlink to ``/etc/passwd``, a folder symlinked to somewhere else,
``..``, an absolute path or a NUL byte never reaches a reader. Inside the folder, symlinks are fine.

Why the item's own folder and not the whole repository: a theme or lesson is one unit that is
reviewed, moved and published as one (its images are copied under its own page), so a file it uses
must be in it. A pull request that edits theme 3 cannot pull in a file from theme 5 or from tools
through a symlink, and every published file has one obvious owner. The repository root is checked
as well, so that a content folder that is itself a symlink to somewhere else is refused.

:func:`confined` is the one place that decides; the loader, the link check and the PDF URL fetcher
use it. :func:`image_problems` sniffs an image's bytes: PNG, JPEG, GIF and WebP by their magic
bytes, SVG as XML whose root is ``<svg>`` with nothing active in it (no script, event handlers,
external references, DOCTYPE or entities).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.parsers import expat

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # a photo for the web is well below this

# Extension -> (type name shown to editors, sniffed type).
IMAGE_TYPES = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WebP",
    ".svg": "SVG",
}

SVG_NS = "http://www.w3.org/2000/svg"


class FileProblem(Exception):
    """A path that may not be read. ``message`` is Finnish, for content editors.

    ``reason`` says what kind of problem it is: ``"invalid"`` (the path string itself is bad),
    ``"missing"`` (nothing there), ``"outside"`` (it leads out of the folder) or ``"not-file"``
    (a folder or a device, not a regular file).
    """

    def __init__(self, reason: str, message: str):
        self.reason = reason
        self.message = message
        super().__init__(message)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()


def confined(root: Path, base: Path, relative: str, *, noun: str = "tiedostoa") -> Path:
    """The real path of ``relative`` under ``base``, which must stay inside ``base`` and ``root``.

    ``root`` is the repository (the folder with program.yml), ``base`` the folder the path is
    written from (a theme's or lesson's folder; pass ``root`` itself to confine to the repository).
    Symlinks are followed (``Path.resolve(strict=True)``); the result is a regular file whose real
    path is inside both. Raises :class:`FileProblem` with a Finnish message otherwise; ``noun`` (in
    the partitive) names the file in "<noun> '<path>' ei löydy", e.g. "kuvaa".
    """
    shown = "".join(f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch for ch in relative)
    if not relative or not relative.strip():
        raise FileProblem("invalid", "tiedoston polku on tyhjä")
    if "\x00" in relative:
        raise FileProblem("invalid", f"tiedoston polussa '{shown}' on näkymätön NUL-merkki (\\x00); "
                                     "kirjoita polku uudelleen")
    if _has_control(relative):
        raise FileProblem("invalid", f"tiedoston polussa '{shown}' on näkymätön ohjausmerkki; "
                                     "kirjoita polku uudelleen")
    if "\\" in relative:
        raise FileProblem("invalid", f"tiedoston polussa '{shown}' on kenoviiva \\; käytä kauttaviivaa /")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", relative) or relative.startswith("~"):
        raise FileProblem("invalid", f"polku '{shown}' on absoluuttinen; kirjoita polku suhteessa sisällön "
                                     "kansioon, esimerkiksi 'kuvat/kartta.svg'")
    if ".." in pure.parts:
        raise FileProblem("outside", f"polku '{shown}' osoittaa kansion ulkopuolelle ('..'); tiedoston pitää "
                                     "olla sisällön omassa kansiossa")
    try:
        real_root = root.resolve(strict=True)
        real_base = base.resolve(strict=True)
    except (OSError, RuntimeError):
        raise FileProblem("missing", f"kansiota {_display(base, root)} ei löydy") from None
    if not real_base.is_relative_to(real_root):
        raise FileProblem("outside", f"kansio {_display(base, root)} on symbolinen linkki projektin "
                                     "ulkopuolelle; sen tiedostoja ei lueta")
    where = _display(base, root)
    try:
        real = (base / pure).resolve(strict=True)
    except FileNotFoundError:
        if (base / pure).is_symlink():
            raise FileProblem("missing", f"'{shown}' on symbolinen linkki, jonka kohdetta ei ole") from None
        raise FileProblem("missing", f"{noun} '{shown}' ei löydy kansiosta {where}") from None
    except RuntimeError:  # a symlink loop
        raise FileProblem("invalid", f"'{shown}' on symbolinen linkki, joka osoittaa itseensä") from None
    except OSError as exc:  # a name too long, a file used as a folder, no permission
        if isinstance(exc, NotADirectoryError):
            raise FileProblem("missing", f"{noun} '{shown}' ei löydy kansiosta {where}") from None
        raise FileProblem("invalid", f"tiedostoa '{shown}' ei voi lukea ({exc.strerror or 'tuntematon syy'})") from None
    if not real.is_relative_to(real_root):
        raise FileProblem("outside", f"'{shown}' on symbolinen linkki projektin ulkopuolelle; käytä tavallista "
                                     f"tiedostoa kansiossa {where}")
    if not real.is_relative_to(real_base):
        inside = _display(real, real_root)
        raise FileProblem("outside", f"'{shown}' on symbolinen linkki tiedostoon {inside}, joka on kansion "
                                     f"{where} ulkopuolella; kopioi tiedosto tähän kansioon")
    if not real.is_file():
        what = "kansio" if real.is_dir() else "erikoistiedosto"
        raise FileProblem("not-file", f"'{shown}' on {what}, ei tiedosto")
    return real


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _read_limited(path: Path, limit: int, label: str) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileProblem("invalid", f"{label} on liian suuri: yli {_size(limit)}, enintään {_size(limit)} sallitaan")
    return data


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} Mt"
    return f"{count / 1024:g} kt"


# --- Images -------------------------------------------------------------------------------------

def sniff_image(data: bytes) -> str | None:
    """The type of an image from its first bytes: "PNG", "JPEG", "GIF", "WebP", "SVG" or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:15] == b"VP8":
        return "WebP"
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<") and re.search(rb"<svg[\s>/]", data[:65536]):
        return "SVG"
    return None


def image_problems(path: Path, name: str, limit: int = MAX_IMAGE_BYTES) -> list[str]:
    """Finnish problems with the image file ``path`` (already confined), named ``name`` in messages.

    The extension must be one of :data:`IMAGE_TYPES`, the bytes must be an image of that type,
    the size at most ``limit``; an SVG must also pass :func:`svg_problems`.
    """
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in IMAGE_TYPES:
        allowed = ", ".join(sorted(set(IMAGE_TYPES.values())))
        return [f"kuvan '{name}' tiedostotyyppi '{suffix or '(ei päätettä)'}' ei käy; sallitut kuvatyypit: "
                f"{allowed} (päätteet {', '.join(IMAGE_TYPES)})"]
    declared = IMAGE_TYPES[suffix]
    try:
        data = _read_limited(path, limit, f"kuva '{name}'")
    except FileProblem as problem:
        return [f"{problem.message}; pienennä kuvaa"]
    except OSError as exc:
        return [f"kuvaa '{name}' ei voi lukea ({exc.strerror or 'tuntematon syy'})"]
    if not data:
        return [f"kuva '{name}' on tyhjä tiedosto"]
    found = sniff_image(data)
    if found is None:
        return [f"'{name}' ei ole kuva: tiedoston sisältö ei ole {declared}-kuva eikä mikään muukaan sallittu "
                "kuvatyyppi. Tallenna kuva uudelleen kuvankäsittelyohjelmalla."]
    if found != declared:
        right = [ext for ext, kind in IMAGE_TYPES.items() if kind == found][0]
        return [f"kuvan '{name}' pääte on {suffix}, mutta tiedosto on {found}-kuva; vaihda päätteeksi {right} "
                "(myös YAML-tiedostoon)"]
    if found == "SVG":
        return [f"SVG-kuva '{name}': {problem}" for problem in svg_problems(data)]
    return []


# --- SVG ----------------------------------------------------------------------------------------

# Elements that run code, embed other documents or change links while the image is shown.
_SVG_FORBIDDEN = {
    "script": "<script>-elementti (ohjelmakoodia)",
    "foreignobject": "<foreignObject>-elementti (upotettua HTML:ää)",
    "handler": "<handler>-elementti (ohjelmakoodia)",
    "listener": "<listener>-elementti (tapahtumankäsittelijä)",
    "iframe": "<iframe>-elementti",
    "embed": "<embed>-elementti",
    "object": "<object>-elementti",
    "include": "<xi:include>-elementti (ulkoinen tiedosto)",
}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_URL_IN_STYLE = re.compile(r"url\(\s*(['\"]?)\s*([^'\")\s]*)", re.I)
_UNSAFE_STYLE = re.compile(r"@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:", re.I)


class _SvgAbort(Exception):
    pass


@dataclass
class _SvgScan:
    parser: expat.XMLParserType
    problems: list[str]
    depth: int = 0
    root: str | None = None
    in_style: int = 0
    style_line: int = 0
    style_text: str = ""

    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def add(self, what: str, line: int | None = None) -> None:
        self.problems.append(f"rivillä {line or self.line()} on {what}")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        lower = local.lower()
        if self.depth == 0:
            self.root = name
        self.depth += 1
        if lower in _SVG_FORBIDDEN:
            self.add(_SVG_FORBIDDEN[lower] + "; poista se")
        if lower == "style":
            self.in_style += 1
            self.style_line = self.line()
            self.style_text = ""
        if lower in _ANIMATIONS:
            target = attrs.get("attributeName", "").strip().lower()
            if target.endswith("href") or target.startswith("on"):
                self.add(f"<{local}>-animaatio, joka muuttaa määritettä '{target}'; poista se")
        for key, value in attrs.items():
            _, _, attr = key.rpartition(" ")
            low = attr.lower()
            if low.startswith("on"):
                self.add(f"tapahtumankäsittelijä {attr}=\"…\" (ohjelmakoodia); poista se")
            elif low in ("href", "src") and not value.strip().startswith("#"):
                self.add(f"ulkoinen viittaus {attr}=\"{_short(value)}\"; SVG-kuvassa saa viitata vain saman "
                         "kuvan osiin (#tunnus)")
            elif low == "style":
                self.style(value, self.line())
            elif "url(" in value.lower():
                self.style(value, self.line())

    def end(self, name: str) -> None:
        self.depth -= 1
        if name.rpartition(" ")[2].lower() == "style" and self.in_style:
            self.in_style -= 1
            self.style(self.style_text, self.style_line)

    def text(self, data: str) -> None:
        if self.in_style:
            self.style_text += data

    def style(self, css: str, line: int) -> None:
        if match := _UNSAFE_STYLE.search(css):
            self.add(f"tyylimäärittely '{match.group(0)}' (ulkoinen tai ajettava tyyli); poista se", line)
        for match in _URL_IN_STYLE.finditer(css):
            if not match.group(2).startswith("#"):
                self.add(f"ulkoinen viittaus url({_short(match.group(2))}); SVG-kuvassa saa viitata vain saman "
                         "kuvan osiin, url(#tunnus)", line)

    def doctype(self, *args) -> None:
        self.add("DOCTYPE-määrittely; poista rivi <!DOCTYPE …>")
        raise _SvgAbort

    def entity(self, *args) -> None:
        self.add("ENTITY-määrittely; poista se")
        raise _SvgAbort

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.add("ulkoinen tyylitiedosto <?xml-stylesheet …?>; poista se")

    def external(self, *args) -> int:
        self.add("viittaus ulkoiseen tiedostoon")
        raise _SvgAbort


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "…"


def svg_problems(data: bytes) -> list[str]:
    """What is wrong with an SVG file, in Finnish ("rivillä 3 on <script>-elementti …"); [] if it is safe.

    The XML is parsed with expat directly, without resolving anything: a DOCTYPE or ENTITY
    declaration stops parsing at once (so neither external entities nor "billion laughs" can
    expand), and so does any reference to an external entity.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ["tiedosto ei ole UTF-8-muodossa; tallenna SVG UTF-8-merkistöllä"]
    # Belt and braces: refuse declarations before the parser sees them.
    for pattern, what in ((r"<!DOCTYPE", "DOCTYPE-määrittely; poista rivi <!DOCTYPE …>"),
                          (r"<!ENTITY", "ENTITY-määrittely; poista se")):
        if match := re.search(pattern, text, re.I):
            return [f"rivillä {text.count(chr(10), 0, match.start()) + 1} on {what}"]
    parser = expat.ParserCreate(encoding="utf-8", namespace_separator=" ")
    scan = _SvgScan(parser, [])
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    parser.StartDoctypeDeclHandler = scan.doctype
    parser.EntityDeclHandler = scan.entity
    parser.ProcessingInstructionHandler = scan.instruction
    parser.ExternalEntityRefHandler = scan.external
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text.encode("utf-8"), True)
    except _SvgAbort:
        return scan.problems
    except expat.ExpatError as exc:
        return [f"tiedosto ei ole kelvollista XML:ää (rivi {exc.lineno}, sarake {exc.offset + 1}: "
                f"{_expat_finnish(exc.code)}); tallenna SVG uudelleen kuvankäsittelyohjelmalla"]
    if scan.root is None or scan.root.rpartition(" ")[2] != "svg":
        found = scan.root.rpartition(" ")[2] if scan.root else "ei mitään"
        return [f"tiedoston juurielementin pitää olla <svg>, nyt <{found}>"]
    if scan.root != f"{SVG_NS} svg":
        scan.problems.insert(0, f"<svg>-elementistä puuttuu xmlns=\"{SVG_NS}\"; ilman sitä selain ei näytä kuvaa")
    return scan.problems


def _expat_finnish(code: int) -> str:
    messages = {
        expat.errors.codes[expat.errors.XML_ERROR_SYNTAX]: "syntaksivirhe",
        expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]: "tiedostossa ei ole elementtejä",
        expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]: "virheellinen merkki",
        expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN]: "kesken jäänyt merkintä",
        expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH]: "lopputagi ei vastaa alkutagia",
        expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]: "tuntematon entiteetti",
        expat.errors.codes[expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]: "tekstiä juurielementin jälkeen",
        expat.errors.codes[expat.errors.XML_ERROR_DUPLICATE_ATTRIBUTE]: "sama määrite kahdesti",
        expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]: "määrittelemätön nimiavaruuden etuliite",
    }
    return messages.get(code, "rakennevirhe")
