"""The real curriculum: 14 complete themes and 14 A2 lessons that pass every check."""

import json
import subprocess

import pytest

from conftest import BIN, REPO, run_auroras
from build_tools.model import TOISTO_STEPS


@pytest.fixture(scope="module")
def export():
    result = subprocess.run([str(BIN / "auroras"), "--root", str(REPO), "export", "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_curriculum_passes_every_check():
    result = run_auroras(REPO, "check")
    assert result.returncode == 0, result.stderr
    assert "Kunnossa: 14 teemaa ja 14 A2-tuntia." in result.stdout


def test_fourteen_complete_themes(export):
    themes = export["themes"]
    assert [t["number"] for t in themes] == list(range(1, 15))
    for theme in themes:
        assert sum(a["minutes"] for a in theme["activities"]) == export["settings"]["session_minutes"]
        assert len(theme["activities"]) >= 6
        assert {"break", "closing"} <= {a["kind"] for a in theme["activities"]}
        assert len(theme["goals"]) >= 4
        assert len(theme["vocabulary"]) >= 15
        assert all(v["example"] and v["translations"].get("en") for v in theme["vocabulary"])
        assert len(theme["discussion_questions"]) >= 5
        assert len(theme["handouts"]) >= 1
        assert len(theme["mentor_tips"]) >= 3
        assert 2 <= len(theme["links"]) <= 5


def test_fourteen_a2_lessons_one_per_theme(export):
    lessons = export["a2_lessons"]
    assert sorted(lesson["theme"] for lesson in lessons) == list(range(1, 15))
    for lesson in lessons:
        kinds = [p["kind"] for p in lesson["phases"] if p["kind"] in TOISTO_STEPS]
        assert kinds == list(TOISTO_STEPS)
        assert sum(p["minutes"] for p in lesson["phases"]) == export["settings"]["session_minutes"]
        assert len(lesson["dialogue"]) >= 6
        assert 10 <= len(lesson["vocabulary"]) <= 20
        assert 2 <= len(lesson["structures"]) <= 4
