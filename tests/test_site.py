"""Build the real site as a user would and check what a mentor sees."""

import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, REPO, build


@pytest.fixture(scope="session")
def export() -> dict:
    result = subprocess.run([str(BIN / "auroras"), "--root", str(REPO), "export", "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def read(path: Path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


def test_export_shape(export):
    assert set(export) >= {"themes", "a2_lessons"}
    for theme in export["themes"]:
        assert {"number", "slug", "title", "activities", "vocabulary"} <= set(theme)
        assert all("minutes" in a for a in theme["activities"])
        assert all("term" in v for v in theme["vocabulary"])
    for lesson in export["a2_lessons"]:
        assert {"number", "theme", "slug", "title", "phases", "vocabulary", "dialogue"} <= set(lesson)
        assert all("minutes" in p for p in lesson["phases"])


def test_home_page_is_finnish_with_theme_cards(site, export):
    page = read(site / "index.html")
    assert re.search(r'<html[^>]*\blang="fi"', page)
    for theme in export["themes"]:
        assert f'href="teemat/{theme["slug"]}/"' in page
        assert theme["title"] in page
    assert 'href="a2/"' in page


def test_every_theme_and_lesson_has_a_page_with_its_title(site, export):
    assert len(export["themes"]) >= 3 and len(export["a2_lessons"]) >= 2
    for theme in export["themes"]:
        page = read(site / "teemat" / theme["slug"] / "index.html")
        assert f"{theme['number']}. {theme['title']}" in page
        assert "Aikataulu" in page and "Tarvikkeet" in page
    for lesson in export["a2_lessons"]:
        page = read(site / "a2" / lesson["slug"] / "index.html")
        assert lesson["title"] in page
        assert "Dialogi" in page


def test_theme_timetable_has_clock_times(site, export):
    theme = export["themes"][0]
    page = read(site / "teemat" / theme["slug"] / "index.html")
    start = 17 * 60
    for activity in theme["activities"]:
        end = start + activity["minutes"]
        label = f"{start // 60:02d}.{start % 60:02d}–{end // 60:02d}.{end % 60:02d}"
        assert label in page
        start = end


def test_navigation_lists_themes_in_order(site, export):
    page = read(site / "index.html")
    positions = [page.index(f'teemat/{t["slug"]}/') for t in export["themes"]]
    assert positions == sorted(positions)
    for label in ("Mentorin opas", "Teemat", "A2-tunnit", "Sanasto"):
        assert label in page


def test_glossary_links_every_place(site, export):
    page = read(site / "sanasto" / "index.html")
    folded = page.casefold()  # terms that differ only by case share one entry
    for item in [v for t in export["themes"] + export["a2_lessons"] for v in t["vocabulary"]]:
        assert item["term"].casefold() in folded
    lesson = export["a2_lessons"][0]
    assert f'../a2/{lesson["slug"]}/#sana-' in page


def test_fixture_site_glossary_order_and_links(mini, tmp_path):
    result = build(mini, tmp_path / "site")  # a copy: a build writes .cache/ into its project
    assert result.returncode == 0, result.stderr
    page = read(tmp_path / "site" / "sanasto" / "index.html")
    order = [page.index(f"<strong>{term}</strong>") for term in ("aamu", "hei", "työhaastattelu", "zeniitti", "Äiti")]
    assert order == sorted(order)
    # "aamu" is taught in the theme and in the A2 lesson: both are linked.
    row = page[page.index("<strong>aamu</strong>"):].split("</tr>")[0]
    assert "../teemat/alku/#sana-aamu" in row and "../a2/a2-tervehdys/#sana-aamu" in row
    theme_page = read(tmp_path / "site" / "teemat" / "alku" / "index.html")
    assert 'id="sana-aamu"' in theme_page
    assert 'alt="Tuolit piirissä."' in theme_page and "Kuva: Testikuvaaja, CC BY 4.0" in theme_page
    assert (tmp_path / "site" / "teemat" / "alku" / "kuva.svg").is_file()
