"""Finnish search: enrichment at build time and real queries in headless Chromium."""

import json
import shutil
from pathlib import Path

import pytest

from build_tools.search import SearchEnricher
from build_tools.search_bench import CHROMIUM, run, search_pagefind

# A handful of the benchmark's queries: inflected forms and compound parts.
# Each expects the theme page or its A2 lesson: both teach the topic.
QUERIES = [
    ("haastattelussa", ["teemat/tyohaastattelu/", "a2/a2-tyohaastattelu/"]),
    ("työsopimuksen", ["teemat/tyosopimus-ja-oikeudet/", "a2/a2-tyosopimus-ja-palkka/"]),
    ("palkasta", ["teemat/tyosopimus-ja-oikeudet/", "a2/a2-tyosopimus-ja-palkka/"]),
    ("hakemusta", ["teemat/tyohakemus/", "a2/a2-soitan-ilmoituksesta/"]),
    ("ansioluettelon", ["teemat/ansioluettelo/", "a2/a2-katsotko-ansioluetteloni/"]),
    ("sopimus", ["teemat/tyosopimus-ja-oikeudet/", "a2/a2-tyosopimus-ja-palkka/"]),
]


def test_enrichment_adds_base_forms_and_compound_parts():
    html = '<h2 id="a">Tarkista</h2><p>Lue työsopimuksen ehdot.</p><h2 id="b">Muu</h2><p>Kissa.</p>'
    out = SearchEnricher().enrich(html)
    first, second = out.split('<h2 id="b">')
    added = first.split("〔", 1)[1].split("〕", 1)[0].split()
    assert {"työsopimus", "työ", "sopimus", "ehto", "lukea"} <= set(added)
    assert "hidden" in first and 'class="auroras-search-terms"' in first
    assert "〔" not in second.split("</h2>", 1)[0]


def test_site_has_a_pagefind_index_without_print_artefacts(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert "fi" in entry["languages"]
    page = (site / "teemat" / "tyosopimus-ja-oikeudet" / "index.html").read_text()
    assert "auroras-search.js" in page and "auroras-search-terms" in page
    assert "\u00ad" not in page


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"), reason="chromium missing")
def test_inflected_queries_find_the_teaching_page_in_the_browser(site):
    outcomes = run(site, [{"query": q, "expect": want} for q, want in QUERIES], search_pagefind)
    for outcome in outcomes:
        assert outcome.recall5, (outcome.query, outcome.results)
    assert sum(o.top1 for o in outcomes) >= len(outcomes) - 1, [(o.query, o.results[:3]) for o in outcomes]


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"), reason="chromium missing")
def test_excerpts_hide_the_added_words(site):
    from build_tools.search_bench import Server, browser
    playwright, chromium = browser()
    try:
        with Server(site) as server:
            page = chromium.new_page()
            search_pagefind(page, server.url, "työsopimuksen")
            text = page.inner_text(".auroras-search")
            assert "〔" not in text and "〕" not in text
            assert page.query_selector(".auroras-search mark") is not None  # matches are highlighted
    finally:
        chromium.close()
        playwright.stop()
