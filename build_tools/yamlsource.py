"""Safe YAML loading that remembers where every key and value came from.

PyYAML's composer gives nodes with line and column marks; we turn the node
tree into plain Python data and keep a map from each data path (a tuple of
keys and list indices) to its position, so validation errors can point at
the exact line.

The loader also removes YAML 1.1 surprises that bite content editors:
``no`` and ``on`` stay text (not booleans), ``17:00`` stays text (not the
sexagesimal number 1020), ``017`` stays text (not octal) and dates stay text.
Duplicate keys, anchors and aliases are reported as problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


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


class YamlProblem(Exception):
    def __init__(self, pos: Pos, message: str):
        self.pos = pos
        self.message = message
        super().__init__(message)


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalar resolution."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?)$"), list("-+0123456789"))


def _mark(node_or_mark) -> Pos:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return Pos(mark.line + 1, mark.column + 1)


def parse_yaml(path: Path, text: str | None = None) -> SourceDoc:
    """Parse one YAML file. Raises :class:`YamlProblem` for bad syntax."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _mark(mark) if mark else Pos(1, 1)
        raise YamlProblem(pos, _syntax_message(exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise YamlProblem(Pos(1, 1), f"YAML-tiedostoa ei voi lukea: {exc}") from None
    doc = SourceDoc(path=path, data=None, text=text)
    if node is None:
        doc.data = {}
        return doc
    builder = _Builder(loader, doc)
    doc.data = builder.build(node, ())
    return doc


class _Builder:
    def __init__(self, loader: _Loader, doc: SourceDoc):
        self.loader = loader
        self.doc = doc
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        if id(node) in self.seen:
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
                    raise YamlProblem(_mark(key_node), "kentän nimen pitää olla tavallista tekstiä")
                key = str(self.loader.construct_object(key_node))
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
        return self.loader.construct_object(node)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    known = {
        "found character '\\t' that cannot start any token":
            "sarkainmerkki (tab) ei käy sisennykseen; käytä välilyöntejä",
        "mapping values are not allowed here":
            "kaksoispiste väärässä paikassa; jos tekstissä on ': ', laita koko teksti lainausmerkkeihin",
        "could not find expected ':'":
            "kentän nimen perästä puuttuu kaksoispiste",
    }
    for english, finnish in known.items():
        if problem.startswith(english):
            return f"YAML-virhe: {finnish}"
    if "expected <block end>" in problem or "expected <block end>" in context:
        return "YAML-virhe: sisennys ei täsmää edellisiin riveihin; tarkista välilyönnit rivin alussa"
    if "found undefined alias" in problem or "found undefined alias" in context:
        return "YAML-virhe: '*' aloittaa viittauksen; laita teksti lainausmerkkeihin"
    if "while scanning a quoted scalar" in context:
        return "YAML-virhe: lainausmerkki jäi sulkematta"
    detail = "; ".join(part for part in (context, problem) if part)
    return f"YAML-virhe: tiedoston rakenne on rikki ({detail})"
