"""`make site` builds into a staging folder: a failed build leaves the previous site as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import edit


def _build(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, AURORAS_PDF="0", AURORAS_SEARCH="0", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "build_tools.build", "--root", str(root)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_failed_build_keeps_the_previous_site(mini: Path):
    first = _build(mini)
    assert first.returncode == 0, first.stderr
    page = mini / "site" / "teemat" / "alku" / "index.html"
    before = page.read_bytes()
    listing = sorted(p.relative_to(mini / "site") for p in (mini / "site").rglob("*"))

    edit(mini / "themes" / "01-alku" / "theme.yml", "summary: Ryhmä", "sumary: x\nsummary: Ryhmä")
    failed = _build(mini)
    assert failed.returncode == 1
    assert "tuntematon kenttä 'sumary'" in failed.stderr
    assert "edellinen versio jäi ennalleen" in failed.stderr
    assert "Traceback" not in failed.stderr and "Aborted with" not in failed.stderr
    assert page.read_bytes() == before
    assert sorted(p.relative_to(mini / "site") for p in (mini / "site").rglob("*")) == listing
    assert [p.name for p in mini.iterdir() if p.name.startswith(".site-")] == []  # no staging left behind

    edit(mini / "themes" / "01-alku" / "theme.yml", "sumary: x\n", "")
    edit(mini / "themes" / "01-alku" / "theme.yml", "title: Alku", "title: Alku uudelleen")
    again = _build(mini)
    assert again.returncode == 0, again.stderr
    assert "Alku uudelleen" in page.read_text(encoding="utf-8")
