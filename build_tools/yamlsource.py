"""Safe YAML loading that remembers where every key and value came from.

PyYAML's composer gives nodes with line and column marks; we turn the node
tree into plain Python data and keep a map from each data path (a tuple of
keys and list indices) to its position, so validation errors can point at
the exact line.

The loader also removes YAML 1.1 surprises that bite content editors:
``no`` and ``on`` stay text (not booleans), ``17:00`` and ``17.00`` stay text
(not the sexagesimal number 1020 or the float 17.0), ``017`` stays text (not
octal) and dates stay text. Duplicate keys, anchors, aliases, tags and very
deep nesting are reported as problems.

Every source text (YAML and Markdown) is read through :func:`read_source`:
at most :data:`MAX_FILE_BYTES`, UTF-8 (the first bad line is named), without
a byte order mark, with ``\\n`` line ends, NFC-normalised and free of control
characters. Every syntax error becomes a plain-Finnish :class:`YamlProblem`
at the line the editor has to fix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_FILE_BYTES = 1_000_000  # a source file larger than this is a pasted document, not content
MAX_DEPTH = 50  # nesting levels of lists and mappings; real content uses fewer than ten


@dataclass(frozen=True)
class Pos:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceDoc:
    """One parsed YAML file: its data and where each part of it stands."""

    path: Path
    data: Any
    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)
    ends: dict[Path_, Pos] = field(default_factory=dict)  # where each value ends (exclusive)
    text: str = ""

    def pos(self, loc: Path_, *, prefer_key: bool = True) -> Pos:
        """Best position for ``loc``: its key, its value, or its nearest parent."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if loc in self.keys:
                return self.keys[loc]
            if not loc:
                return Pos(1, 1)
            loc = loc[:-1]

    def value_pos(self, loc: Path_) -> Pos:
        return self.pos(loc, prefer_key=False)


class SourceProblem(Exception):
    """A source file cannot be used; ``pos`` is where in the file the editor must look."""

    def __init__(self, pos: Pos, message: str):
        self.pos = pos
        self.message = message
        super().__init__(message)


class YamlProblem(SourceProblem):
    """A YAML file cannot be parsed."""


# --- Reading source text -------------------------------------------------------------------------------------

# C0 controls except tab and line feed (carriage returns are line ends and are converted before the check),
# DEL and the C1 controls, the Unicode line and paragraph separators, and the two non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_CONTROL_NAMES = {
    0x00: "nollamerkki",
    0x08: "askelpalautin",
    0x09: "sarkain",
    0x0B: "pystysarkain",
    0x0C: "sivunvaihtomerkki",
    0x1B: "Esc-merkki",
    0x7F: "poistomerkki (DEL)",
    0x85: "seuraava rivi -merkki (NEL)",
    0xA0: "sitova välilyönti",
    0x2028: "rivierotin",
    0x2029: "kappale-erotin",
}


def control_name(char: str) -> str:
    """'pystysarkain (U+000B)': the Finnish name and code of an invisible character."""
    code = ord(char)
    return f"{_CONTROL_NAMES.get(code, 'ohjausmerkki')} (U+{code:04X})"


def _control_hint(char: str) -> str:
    if char == "\x0b":
        return ("Word tekee sen rivinvaihdosta Vaihto+Enter. Poista merkki ja kirjoita tilalle välilyönti "
                "tai tavallinen rivinvaihto.")
    return "Poista merkki (se on näkymätön: poista kohdan merkit ja kirjoita ne uudelleen)."


def read_source(path: Path, *, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a YAML or Markdown source file, ready for parsing (see :func:`prepare_text`).

    Raises :class:`SourceProblem` for a file that is too large, not UTF-8 or holds control characters.
    """
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        size = path.stat().st_size
        raise SourceProblem(Pos(1, 1), f"tiedosto on liian suuri: {_kilobytes(size)}, enintään {_kilobytes(limit)}. "
                                       "Jaa sisältö pienempiin osiin tai poista tiedostoon liitetty ylimääräinen "
                                       "teksti.")
    return prepare_text(decode_utf8(data))


def _kilobytes(size: int) -> str:
    return f"{size / 1000:.0f} kt" if size >= 1000 else f"{size} tavua"


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8; a file in another encoding gets the first line that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise SourceProblem(Pos(1, 1), "tiedosto on tallennettu UTF-16-muodossa; tallenna tiedosto "
                                           "UTF-8-muodossa") from None
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        guess = data[start:start + 1].decode("cp1252", "replace")
        hint = f" (luultavasti '{guess}' Windows- tai Latin-1-merkistössä)" if guess.isalpha() else ""
        raise SourceProblem(Pos(line, column), f"rivillä {line} on merkki, joka ei ole UTF-8:aa{hint}; "
                                               "tallenna tiedosto UTF-8-muodossa") from None


def prepare_text(text: str) -> str:
    """Strip a byte order mark, turn CRLF and CR into LF, normalise to NFC and refuse control characters."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        char = match.group()
        count = len(_CONTROL.findall(text))
        more = f" Tiedostossa on {count} tällaista merkkiä; hae ja poista ne kaikki." if count > 1 else ""
        raise SourceProblem(Pos(line, column), f"rivillä {line} sarakkeessa {column} on näkymätön merkki "
                                               f"{control_name(char)}. {_control_hint(char)}{more}")
    return text


# --- Parsing -------------------------------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# Explicit tags an editor may write: !!str keeps a value text. Every other tag is refused.
_ALLOWED_TAGS = {_STR, _SEQ, _MAP}
_TAG_PREFIX = "tag:yaml.org,2002:"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalar resolution, no anchors, aliases or tags and a depth limit."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(_mark(event), "YAML-virhe: '*' arvon alussa aloittaa YAML-viittauksen, eikä "
                                            "viittauksia voi käyttää. Jos tähti kuuluu tekstiin (esimerkiksi "
                                            "*korostus*), laita koko teksti lainausmerkkeihin.")
        if event.anchor is not None:
            raise YamlProblem(_mark(event), "YAML-virhe: '&' arvon alussa aloittaa YAML-ankkurin, eikä ankkureita "
                                            "tai viittauksia voi käyttää. Jos &-merkki kuuluu tekstiin, laita koko "
                                            "teksti lainausmerkkeihin.")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            shown = "!!" + tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else tag
            shown = shown if shown.startswith("!") else "!<" + shown + ">"
            raise YamlProblem(_mark(event), f"YAML-virhe: tunniste '{_clip(shown)}' ei ole sallittu. Kirjoita arvo "
                                            "ilman sitä; jos huutomerkki kuuluu tekstiin, laita koko teksti "
                                            "lainausmerkkeihin.")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(_mark(event), f"YAML-virhe: liian syvä rakenne: luetteloita ja kenttiä on "
                                                f"sisäkkäin yli {MAX_DEPTH} tasoa. Tarkista sisennykset ja sulut.")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_REMOVED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _REMOVED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
# A clock time such as 17.00 stays the text the editor wrote (checked before the float rule).
_Loader.add_implicit_resolver(_STR, re.compile(r"^(?:[01]?[0-9]|2[0-3])\.[0-5][0-9]$"), list("0123456789"))
# At most 18 digits: longer digit strings stay text (Python refuses to convert very long ones).
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]{0,17})\.[0-9]{1,18}(?:[eE][-+]?[0-9]{1,3})?)$"), list("-+0123456789"))


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser with the same scalar resolution as :class:`_Loader`: the fast path for valid files."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _fast_node(text: str):
    """The node tree of a valid file, parsed by libyaml (about 15 times faster than the Python parser).

    Any mistake (a syntax error, an anchor, alias or tag, too deep nesting) returns None: the Python
    parser then parses the file again and explains the mistake at its exact line.
    """
    if _FastLoader is _Loader or not yaml.__with_libyaml__:
        return None
    events = _FastLoader(text)
    try:
        depth = 0
        while (event := events.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return None
            if getattr(event, "tag", None) not in (None, *_ALLOWED_TAGS):
                return None
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth >= MAX_DEPTH:
                    return None
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    finally:
        events.dispose()
    loader = _FastLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        return None


def _mark(node_or_mark) -> Pos:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return Pos(mark.line + 1, mark.column + 1)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def parse_yaml(path: Path, text: str | None = None) -> SourceDoc:
    """Parse one YAML file (read with :func:`read_source` unless ``text`` is given).

    Raises :class:`YamlProblem` for any input that cannot be used: too large, not UTF-8, control characters,
    bad syntax, tags, anchors or too deep nesting.
    """
    try:
        text = read_source(path) if text is None else prepare_text(text)
    except YamlProblem:
        raise
    except SourceProblem as problem:
        raise YamlProblem(problem.pos, problem.message) from None
    fast = _fast_node(text)
    loader = fast[0] if fast else _Loader(text)
    try:
        node = fast[1] if fast else loader.get_single_node()
        doc = SourceDoc(path=path, data=None, text=text)
        if node is None:
            doc.data = {}
            return doc
        _check_runaway_quote(text, None, loader_class=_FastLoader if fast else _Loader)
        doc.data = _Builder(loader, doc).build(node, ())
        return doc
    except yaml.MarkedYAMLError as exc:
        _check_runaway_quote(text, exc.problem_mark or exc.context_mark, exc)
        pos, message = _syntax_problem(exc, text)
        raise YamlProblem(pos, message) from None
    except RecursionError:  # pragma: no cover - the depth limit stops nesting first
        raise YamlProblem(Pos(1, 1), f"YAML-virhe: liian syvä rakenne: luetteloita ja kenttiä on sisäkkäin yli "
                                     f"{MAX_DEPTH} tasoa") from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors (the reader) are caught by prepare_text
        raise YamlProblem(Pos(1, 1), f"YAML-virhe: tiedostoa ei voi lukea ({_clip(str(exc), 120)})") from None
    finally:
        loader.dispose()


# Half of a UTF-16 surrogate pair ("\ud800" in a double-quoted text): not a character at all.
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Builder:
    def __init__(self, loader: _Loader, doc: SourceDoc):
        self.loader = loader
        self.doc = doc
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        if id(node) in self.seen:  # cannot happen without aliases; kept as the guard against alias bombs
            raise YamlProblem(_mark(node), "YAML-viittauksia (&ankkuri ja *viittaus) ei voi käyttää; "
                                           "kirjoita sisältö auki")
        self.seen.add(id(node))
        self.doc.values[loc] = _mark(node)
        self.doc.ends[loc] = Pos(node.end_mark.line + 1, node.end_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, Pos] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlProblem(_mark(key_node), "YAML-virhe: kentän nimen pitää olla tavallista tekstiä")
                key = str(self._scalar(key_node))
                key_pos = _mark(key_node)
                if key in first_seen:
                    raise YamlProblem(key_pos, f"kenttä '{key}' on kahdesti; ensimmäinen on rivillä "
                                               f"{first_seen[key].line}. Poista toinen.")
                first_seen[key] = key_pos
                self.doc.keys[loc + (key,)] = key_pos
                result[key] = self.build(value_node, loc + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = self.loader.construct_object(node)
        if isinstance(value, str) and (half := _SURROGATE.search(value)):
            raise YamlProblem(_mark(node), f"YAML-virhe: tekstissä on kenoviivakoodilla kirjoitettu puolikas "
                                           f"merkki (\\u{ord(half.group()):04x}), joka ei ole mikään kirjain; "
                                           "poista se tai kirjoita merkki sellaisenaan")
        if isinstance(value, str):
            match = _CONTROL.search(value)
            if match:
                raise YamlProblem(_mark(node), f"YAML-virhe: tekstissä on kenoviivakoodilla kirjoitettu näkymätön "
                                               f"merkki {control_name(match.group())}; poista se")
        return value


# --- Syntax errors in plain Finnish ----------------------------------------------------------------------------

# A line that starts a YAML field or a list item: what a runaway quoted text swallows.
_STRUCTURE = re.compile(r"^\s*(?:-(?:\s|$)|[A-Za-z_][A-Za-z0-9_-]*:(?:\s|$))")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _check_runaway_quote(text: str, error_mark, exc: yaml.MarkedYAMLError | None = None, *,
                         loader_class=None) -> None:
    """Raise at the opening quote of a quoted text that ran on past the end of its line.

    An unclosed quote makes the parser read on to the next quote, often many lines later, and fail there (or
    not at all). A quoted text whose later lines start at or left of its own line, or (when parsing failed)
    look like fields or list items, is that mistake.
    """
    if exc is not None and (exc.context or "").startswith("while scanning a") and "quoted scalar" in exc.context:
        return  # the scanner already points at the quote
    lines = text.split("\n")
    loader = (loader_class or _Loader)(text)
    try:
        while True:
            token = loader.get_token()
            if token is None:
                return
            if error_mark is not None and (token.start_mark.line, token.start_mark.column) >= (
                    error_mark.line, error_mark.column):
                return
            if not (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")):
                continue
            first, last = token.start_mark.line, token.end_mark.line
            if last == first:
                continue
            own = _indent(lines[first])
            later = [line for line in lines[first + 1:last + 1] if line.strip()]
            if any(_indent(line) <= own or (error_mark is not None and _STRUCTURE.match(line)) for line in later):
                quote = token.style
                raise YamlProblem(_mark(token), f"YAML-virhe: lainausmerkki ({quote}) jäi sulkematta, joten teksti "
                                                f"jatkuu rivin {last + 1} lainausmerkkiin asti. Lisää {quote} "
                                                "tämän rivin tekstin loppuun.")
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _missing_colon_before(text: str, error_mark) -> tuple[Pos, str] | None:
    """Where a field name lost its colon, when that made the next line's colon a syntax error.

    '- term sää' followed by 'example: …' reads as one text 'term sää example' and fails at the second colon;
    the mistake is the first line, if that text starts with a field-like name and runs over several lines.
    """
    last = None
    loader = _Loader(text)
    try:
        while True:
            token = loader.get_token()
            if token is None:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    if last is None or last.style is not None or error_mark is None or last.start_mark.line >= error_mark.line:
        return None
    first_line = text.split("\n")[last.start_mark.line][last.start_mark.column:]
    match = re.match(r"([a-z_][a-z0-9_]*) +\S", first_line)
    return (_mark(last), match.group(1)) if match else None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[Pos, str]:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    at = _mark(exc.problem_mark) if exc.problem_mark else Pos(1, 1)
    start = _mark(exc.context_mark) if exc.context_mark else at
    raw = _found(problem)
    found = _FOUND_NAMES.get(raw, raw)
    lines = text.split("\n")

    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        quote = lines[start.line - 1][start.column - 1:start.column] or '"'
        return start, (f"YAML-virhe: lainausmerkki ({quote}) jäi sulkematta. Lisää {quote} tekstin loppuun "
                       "samalle riville.")
    if "quoted scalar" in context and "escape" in problem:
        return at, ("YAML-virhe: kenoviiva (\\) lainausmerkkien sisällä aloittaa erikoismerkin. Kirjoita kaksi "
                    "kenoviivaa (\\\\) tai käytä heittomerkkejä ('...') lainausmerkkien sijaan.")
    if "quoted scalar" in context:
        return at, ("YAML-virhe: lainausmerkeissä oleva teksti on rikki; tarkista, että jokainen lainausmerkki on "
                    "suljettu ja että tekstin sisällä oleva \" on muodossa \\\"")
    if problem.startswith("found character '\\t' that cannot start any token"):
        return at, "YAML-virhe: sarkainmerkki (tab) ei käy sisennykseen; käytä välilyöntejä"
    if "cannot start any token" in problem:
        char = found or "merkki"
        return at, (f"YAML-virhe: merkki {char} ei voi aloittaa arvoa. Laita koko teksti lainausmerkkeihin, "
                    f"esimerkiksi \"{char.strip(chr(39))}...\".")
    if problem.startswith("sequence entries are not allowed here"):
        return at, ("YAML-virhe: viiva '-' aloittaa luettelon rivin, mutta luettelo ei voi alkaa tässä: kirjoita "
                    "luettelon rivit omille riveilleen kentän alle sisennettynä. Jos viiva kuuluu tekstiin, laita "
                    "koko teksti lainausmerkkeihin.")
    if problem.startswith("mapping keys are not allowed here"):
        return at, ("YAML-virhe: kysymysmerkki '?' ja välilyönti aloittavat YAML-avaimen, eikä se käy tässä. Laita "
                    "koko teksti lainausmerkkeihin.")
    if problem.startswith("mapping values are not allowed here"):
        missing = _missing_colon_before(text, exc.problem_mark)
        if missing is not None:
            pos, name = missing
            return pos, (f"YAML-virhe: kentän nimen perästä puuttuu kaksoispiste; kirjoita '{name}: …'. Siksi "
                         f"seuraavan rivin kaksoispiste on väärässä paikassa.")
        return at, ("YAML-virhe: kaksoispiste väärässä paikassa; jos tekstissä on ': ', laita koko teksti "
                    "lainausmerkkeihin")
    if "could not find expected ':'" in problem:
        return start, ("YAML-virhe: kentän nimen perästä puuttuu kaksoispiste; kirjoita 'nimi: arvo'. Jos rivi "
                       "jatkaa edellisen rivin tekstiä, sisennä se enemmän.")
    if "while scanning an alias" in context or "undefined alias" in problem:
        return start if "scanning" in context else at, (
            "YAML-virhe: '*' arvon alussa aloittaa YAML-viittauksen, eikä viittauksia voi käyttää. Jos tähti "
            "kuuluu tekstiin (esimerkiksi *korostus*), laita koko teksti lainausmerkkeihin.")
    if "while scanning an anchor" in context:
        return start, ("YAML-virhe: '&' arvon alussa aloittaa YAML-ankkurin, eikä ankkureita voi käyttää. Jos "
                       "&-merkki kuuluu tekstiin, laita koko teksti lainausmerkkeihin.")
    if "while scanning a tag" in context or "tag handle" in problem:
        return start, ("YAML-virhe: '!' arvon alussa aloittaa YAML-tunnisteen. Jos huutomerkki kuuluu tekstiin, "
                       "laita koko teksti lainausmerkkeihin.")
    if "block scalar" in context:
        return at, ("YAML-virhe: merkin '|' tai '>' perässä saa olla vain rivinvaihto; aloita teksti seuraavalta "
                    "riviltä sisennettynä tai laita se lainausmerkkeihin.")
    if "directive" in context or "directive" in problem or "YAML document" in problem or "tag handle" in problem \
            and "duplicate" in problem:
        return start, "YAML-virhe: '%' rivin alussa on YAML-ohje; laita teksti lainausmerkkeihin."
    if "expected a single document" in context:
        return at, (f"YAML-virhe: tiedostossa saa olla vain yksi YAML-dokumentti, mutta rivillä {at.line} alkaa "
                    "toinen ('---'). Poista rivi '---' tai siirrä sen jälkeinen osa omaan tiedostoonsa.")
    if "expected '<document start>'" in problem:
        for number in range(at.line - 1, 0, -1):
            if re.match(r"^(?:\.\.\.|%)", lines[number - 1]):
                what = "'...' lopettaa YAML-dokumentin" if lines[number - 1].startswith("...") else "'%' on YAML-ohje"
                return Pos(number, 1), (f"YAML-virhe: rivin alussa oleva {what}, vaikka tekstiä on vielä. Poista "
                                        "se tai laita teksti lainausmerkkeihin.")
        return at, ("YAML-virhe: tiedostossa saa olla vain yksi YAML-dokumentti; poista ylimääräinen '---' tai "
                    "'...'-rivi")
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing, name, what = (("[", "]", "hakasulkeilla", "luettelo") if "sequence" in context
                                        else ("{", "}", "aaltosulkeilla", "kohta"))
        if at.line > start.line or "stream end" in problem:
            return start, (f"YAML-virhe: {name} '{opening}' alkava {what} jäi sulkematta. Lisää '{closing}' "
                           f"loppuun samalle riville, tai jos '{opening}' kuuluu tekstiin, laita koko teksti "
                           "lainausmerkkeihin.")
        return at, (f"YAML-virhe: {name} {opening} {closing} kirjoitetussa kohdassa on tässä {found}. "
                    "Erota kohdat pilkulla; jos tekstissä on kaksoispiste, pilkku tai sulkeita, laita se "
                    "lainausmerkkeihin.")
    if "expected <block end>" in problem:
        line = lines[at.line - 1] if at.line <= len(lines) else ""
        before = line[:at.column - 1].rstrip()
        if raw == "'<scalar>'" and before.endswith(('"', "'")):
            return at, ("YAML-virhe: lainausmerkeissä olevan tekstin perässä on vielä tekstiä. Laita koko teksti "
                        "lainausmerkkeihin (tekstin sisällä \" kirjoitetaan \\\") tai käytä heittomerkkejä ('...').")
        if raw in ("']'", "'}'"):
            return at, (f"YAML-virhe: ylimääräinen sulkumerkki {found}; poista se tai laita koko teksti "
                        "lainausmerkkeihin")
        what = "luettelon rivit" if "collection" in context else "saman tason kentät"
        return at, (f"YAML-virhe: sisennys ei täsmää: {what} alkavat sarakkeesta {start.column} (rivi {start.line}). "
                    "Tarkista välilyönnit rivin alussa.")
    if "expected the node content" in problem:
        return at, (f"YAML-virhe: tässä kohdassa pitäisi olla arvo, mutta on {found}. Jos merkki kuuluu tekstiin, "
                    "laita koko teksti lainausmerkkeihin.")
    detail = "; ".join(part for part in (context, problem) if part)
    return at, ("YAML-virhe: tiedoston rakenne on rikki tässä kohdassa; tarkista sisennys, kaksoispisteet ja "
                f"lainausmerkit (jäsentimen viesti: {_clip(detail, 120)})")


_FOUND_NAMES = {"'<scalar>'": "tekstiä", "'<stream end>'": "tiedoston loppu", "'<block mapping start>'": "uusi kenttä",
                "'<block sequence start>'": "luettelon rivi", "'<block end>'": "sisennyksen loppu",
                "'<block mapping end>'": "sisennyksen loppu", "'-'": "viiva '-'", "':'": "kaksoispiste ':'",
                "','": "pilkku ','", "'?'": "kysymysmerkki '?'", "'{'": "aaltosulku '{'", "'['": "hakasulku '['"}


def _found(problem: str) -> str:
    """The token a parser message names: "... but found '<scalar>'" -> "'<scalar>'"."""
    match = re.search(r"(?:found|got) (?:character )?('.*?'|<.*?>)(?: that|,|$)", problem)
    return match.group(1) if match else ""


def leaves(data: Any, loc: Path_ = ()):
    """(data path, value) of every scalar in parsed YAML data, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, loc + (index,))
    else:
        yield loc, data
