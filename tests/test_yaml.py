"""YAML 1.1 surprises stay text, positions are exact."""

from pathlib import Path

import pytest

from build_tools.yamlsource import Pos, YamlProblem, parse_yaml


def parse(text: str):
    return parse_yaml(Path("x.yml"), text)


def test_norway_and_clock_stay_text():
    doc = parse("a: no\nb: 17:00\nc: 017\nd: 2026-01-05\ne: 15\nf: true\ng: on\n")
    assert doc.data == {"a": "no", "b": "17:00", "c": "017", "d": "2026-01-05", "e": 15, "f": True, "g": "on"}


def test_positions_of_keys_and_values():
    doc = parse("top:\n  - name: x\n    minutes: 5\n")
    assert doc.keys[("top", 0, "minutes")] == Pos(3, 5)
    assert doc.values[("top", 0, "minutes")] == Pos(3, 14)
    assert doc.values[("top", 0)] == Pos(2, 5)
    # A missing child falls back to its nearest parent.
    assert doc.pos(("top", 0, "missing")) == Pos(2, 5)


def test_aliases_are_rejected():
    with pytest.raises(YamlProblem) as info:
        parse("a: &x [1, 2]\nb: *x\n")
    assert "viittauksia" in info.value.message


def test_billion_laughs_is_rejected_quickly():
    text = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\n'
    with pytest.raises(YamlProblem):
        parse(text)
