"""The website in headless Chromium: accessibility (axe-core), phone layout, offline use and printing.

One browser for the module; every page of the built site is opened once per viewport and axe-core
(from npm, package-lock.json) runs in the desktop and phone pages side by side. The site is served
under the path of its real address, as a static host serves it, with 404.html for missing files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from build_tools.offline import MANIFEST, SERVICE_WORKER, build_offline, precache_list
from build_tools.web_bench import CHROMIUM, SiteServer, site_prefix

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DESKTOP, PHONE, SMALL_PHONE = (1280, 800), (390, 844), (360, 740)
THEME_PAGE, LESSON_PAGE, GLOSSARY = "teemat/tyohaastattelu/", "a2/a2-tyohaastattelu/", "sanasto/"

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                                    reason="chromium missing")
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run `make node` (npm ci)")
pytestmark = needs_chromium

OFFLINE_READY = "Käytettävissä ilman verkkoa"


def pages_of(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html")
                   if p.relative_to(site).parts[0] != "pagefind")
    return [("" if p == "./" else p) for p in pages] + ["404.html"]


@pytest.fixture(scope="module")
def prefix() -> str:
    settings = yaml.safe_load((REPO / "program.yml").read_text(encoding="utf-8"))
    return site_prefix(settings.get("site_url", "/"))


@pytest.fixture(scope="module")
def chromium():
    from build_tools.web_bench import browser
    playwright, chromium = browser()
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="module")
def server(site, prefix):
    with SiteServer(site, prefix) as server:
        yield server


@pytest.fixture(scope="module")
def audits(site, server, chromium):
    """Every page at desktop and small-phone size, once: axe violations and layout measures."""
    if not AXE.exists():
        pytest.skip("axe-core missing: run `make node` (npm ci)")
    axe = AXE.read_text(encoding="utf-8")
    contexts = {size: chromium.new_context(viewport={"width": size[0], "height": size[1]}, service_workers="block")
                for size in (DESKTOP, SMALL_PHONE)}
    tabs = {size: context.new_page() for size, context in contexts.items()}
    results = {}
    try:
        for path in pages_of(site):
            for tab in tabs.values():
                tab.goto(server.url + path, wait_until="load")
                tab.add_script_tag(content=axe)
                # Start axe in both tabs, then collect: the two renderers work side by side.
                tab.evaluate("tags => { window.__axe = axe.run(document, {runOnly: {type: 'tag', values: tags},"
                             " resultTypes: ['violations']}); }", AXE_TAGS)
            for size, tab in tabs.items():
                violations = tab.evaluate("() => window.__axe.then(r => r.violations.map(v =>"
                                          " ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))")
                results[size, path] = {"violations": violations, **layout(tab)}
    finally:
        for context in contexts.values():
            context.close()
    return results


def layout(tab) -> dict:
    return tab.evaluate(
        "() => { const title = document.querySelector('.md-header__title');"
        " return {scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,"
        " title: title ? title.getBoundingClientRect().width : 0}; }")


def _violations(audits, size):
    return {path: [(v["id"], v["nodes"][:3]) for v in result["violations"]]
            for (s, path), result in audits.items() if s == size and result["violations"]}


@needs_axe
def test_axe_finds_nothing_on_any_page_at_desktop_size(audits):
    assert _violations(audits, DESKTOP) == {}


@needs_axe
def test_axe_finds_nothing_on_any_page_at_phone_size(audits):
    assert _violations(audits, SMALL_PHONE) == {}


@needs_axe
def test_no_page_scrolls_sideways_at_360_px_and_the_title_stays_readable(audits):
    narrow = {path: r for (size, path), r in audits.items() if size == SMALL_PHONE}
    assert len(narrow) > 30
    assert {p: (r["scroll"], r["width"]) for p, r in narrow.items() if r["scroll"] > r["width"]} == {}
    assert {p: r["title"] for p, r in narrow.items() if r["title"] < 120} == {}


def test_pages_fit_a_390_px_phone(site, server, chromium):
    context = chromium.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, service_workers="block")
    tab = context.new_page()
    wide = {}
    for path in (THEME_PAGE, LESSON_PAGE, GLOSSARY, "", "tulosteet/"):
        tab.goto(server.url + path)
        measures = layout(tab)
        if measures["scroll"] > measures["width"] or measures["title"] < 120:
            wide[path] = measures
    context.close()
    assert wide == {}


def test_tables_become_labelled_cards_on_a_phone_and_keep_columns_on_a_desktop(server, chromium):
    context = chromium.new_context(viewport={"width": SMALL_PHONE[0], "height": SMALL_PHONE[1]}, service_workers="block")
    tab = context.new_page()
    tab.goto(server.url + THEME_PAGE)
    cell = tab.locator("#sanasto ~ .auroras-key table td:nth-child(4)").first
    assert cell.evaluate("c => getComputedStyle(c).display") == "block"
    assert cell.get_attribute("data-label") == "Englanti"
    assert cell.get_attribute("role") == "cell"
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert "Englanti" in label
    tab.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    assert cell.evaluate("c => getComputedStyle(c).display") == "table-cell"
    context.close()


def test_participant_tasks_tips_and_tables_are_at_body_size(server, chromium):
    context = chromium.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, service_workers="block")
    tab = context.new_page()
    tab.goto(server.url + THEME_PAGE)
    sizes = tab.evaluate(
        "() => { const px = s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);"
        " return {body: px('.md-typeset > p'), task: px('.admonition.example p'), tip: px('.admonition.tip p'),"
        " table: px('.auroras-key td:nth-child(3)')}; }")
    context.close()
    assert sizes["task"] == sizes["body"] == sizes["tip"] == sizes["table"], sizes


def test_english_glosses_are_marked_as_english(site):
    theme = (site / THEME_PAGE / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<td><span lang="en">job interview</span></td>', theme)
    glossary = (site / GLOSSARY / "index.html").read_text(encoding="utf-8")
    assert 'en: <span lang="en">' in glossary
    assert '<html lang="fi"' in theme


def test_print_vocabulary_tables_mark_the_language_of_each_translation():
    from build_tools.loader import load_curriculum
    from build_tools.print.documents import build_documents
    curriculum, _ = load_curriculum(REPO)
    documents = build_documents(curriculum)
    with_vocabulary = [d for d in documents if 'class="translation"' in d.html]
    assert with_vocabulary
    for document in with_vocabulary:
        cells = re.findall(r'<td class="translation"([^>]*)>([^<]*)</td>', document.html)
        assert cells, document.path
        assert all('lang="' in attrs for attrs, text in cells if text.strip()), document.path


def test_glossary_has_a_letter_index_and_a_filter_that_narrows_the_list(server, chromium):
    context = chromium.new_context(viewport={"width": SMALL_PHONE[0], "height": SMALL_PHONE[1]}, service_workers="block")
    tab = context.new_page()
    tab.goto(server.url + GLOSSARY)
    index = tab.locator(".auroras-glossary-tools")
    assert index.get_attribute("role") == "navigation"
    letters = index.locator("a").all_inner_texts()
    assert letters[0] == "A" and "Ä" in letters
    assert index.evaluate("e => getComputedStyle(e).position") == "sticky"
    all_rows = tab.locator(".md-content tbody tr:visible").count()
    box = tab.get_by_label("Suodata sanastoa")
    box.fill("haastattel")
    tab.wait_for_function("() => document.querySelector('.auroras-glossary-status').textContent !== ''")
    shown = tab.locator(".md-content tbody tr:visible")
    assert 0 < shown.count() < all_rows
    words = shown.evaluate_all("rows => rows.map(r => r.cells[0].textContent + ' ' + r.cells[1].textContent)")
    assert all("haastattel" in text.lower() for text in words), words
    assert "Löytyi" in tab.locator(".auroras-glossary-status").inner_text()
    assert tab.locator("h2#kirjain-a").is_hidden()  # no word with a h-a-a-s-t... under A
    box.fill("interview")  # translations match too
    tab.wait_for_function("() => /Löytyi/.test(document.querySelector('.auroras-glossary-status').textContent)"
                          " && document.querySelectorAll('.md-content tbody tr:not([hidden])').length < 20")
    assert "haastattelu" in tab.locator(".md-content tbody tr:visible").first.inner_text()
    box.press("Escape")
    assert tab.locator(".md-content tbody tr:visible").count() == all_rows
    context.close()


def test_printed_web_page_drops_navigation_and_keeps_headings_with_their_text(server, chromium, tmp_path):
    context = chromium.new_context(service_workers="block")
    tab = context.new_page()
    tab.goto(server.url + THEME_PAGE)
    tab.emulate_media(media="print")
    assert tab.locator(".md-header").is_hidden() and tab.locator(".md-sidebar--primary").is_hidden()
    assert tab.locator(".md-footer").is_hidden()
    headings = [h.strip() for h in tab.locator(".md-content h2, .md-content h3").all_inner_texts()]
    link = tab.locator('.md-content a[href^="https://"]').first
    assert "https://" in link.evaluate("a => getComputedStyle(a, '::after').content")
    pdf = tmp_path / "page.pdf"
    tab.pdf(path=str(pdf), format="A4")
    context.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 2
    stranded = []
    for page in pages[:-1]:
        last = [line.strip() for line in page.splitlines() if line.strip()][-1]
        if last in headings:
            stranded.append(last)
    assert stranded == []
    assert "Sisällysluettelo" not in text and "Hae materiaalista" not in text


# ---- Offline: manifest, precache list and the service worker ----

def test_precache_list_is_deterministic_and_skips_what_is_not_needed(site):
    listed = precache_list(site)
    assert "" in listed.files and THEME_PAGE in listed.files and "404.html" in listed.files
    assert any(path.startswith("pagefind/") for path in listed.files)
    assert not any(path.endswith(".map") or "/lunr/" in path or path == SERVICE_WORKER for path in listed.files)
    assert precache_list(site) == listed
    worker = (site / SERVICE_WORKER).read_text(encoding="utf-8")
    data = json.loads(worker.split("\n", 1)[0].removeprefix("self.AURORAS = ").removesuffix(";"))
    assert set(data["files"]) == set(listed.files) | {MANIFEST}
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["lang"] == "fi" and manifest["start_url"] == "./" and manifest["display"] == "standalone"
    assert (site / manifest["icons"][0]["src"]).exists()


def test_offline_version_changes_with_any_file_and_only_then(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text("<p>etusivu</p>")
    (site / "a" / "index.html").write_text("<p>a</p>")
    (site / "a" / "opas.pdf").write_bytes(b"%PDF-1.7")
    (site / "app.js.map").write_text("{}")
    first = build_offline(site, "Testi")
    worker = (site / SERVICE_WORKER).read_bytes()
    assert build_offline(site, "Testi").version == first.version
    assert (site / SERVICE_WORKER).read_bytes() == worker
    assert set(first.files) == {"", "a/", MANIFEST} and set(first.pdfs) == {"a/opas.pdf"}
    (site / "a" / "index.html").write_text("<p>b</p>")
    second = build_offline(site, "Testi")
    assert second.version != first.version and second.files["a/"] != first.files["a/"]


def test_live_preview_gets_a_worker_that_stores_nothing_and_removes_an_old_copy(tmp_path):
    (tmp_path / "index.html").write_text("<p>etusivu</p>")
    result = build_offline(tmp_path, "Testi", preview=True)
    worker = (tmp_path / SERVICE_WORKER).read_text(encoding="utf-8")
    assert result.files == {} and "unregister()" in worker and "caches.delete" in worker
    assert "self.AURORAS" not in worker and "fetch" not in worker


def _site_caches(tab) -> list[str]:
    """The versioned caches of the site (the PDF cache is kept across versions)."""
    return tab.evaluate("() => caches.keys().then(k => k.filter(n => n !== 'auroras-pdf').sort())")


def _wait_offline_ready(tab):
    tab.wait_for_function("t => { const s = document.querySelector('.auroras-offline-status');"
                          " return s && s.textContent.includes(t); }", arg=OFFLINE_READY, timeout=60_000)


def test_after_one_visit_the_site_works_offline(server, chromium):
    context = chromium.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    tab = context.new_page()
    tab.goto(server.url)
    _wait_offline_ready(tab)
    status = tab.locator(".auroras-offline-status")
    assert status.get_attribute("role") == "status"
    context.set_offline(True)
    for path in (THEME_PAGE, LESSON_PAGE, GLOSSARY):  # never visited
        tab.goto(server.url + path)
        assert tab.locator("h1").count() == 1, path
        # The page's own styles and script came along: the header is styled, tables are cards.
        assert tab.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky", path
    assert tab.locator(".auroras-glossary-filter input").count() == 1
    tab.goto(server.url)
    tab.reload()
    assert tab.locator("h1").count() == 1
    # The search index is stored too: Pagefind finds a theme page with the network off.
    found = tab.evaluate(
        "async base => { const pf = await import(base + 'pagefind/pagefind.js'); await pf.options({});"
        " const search = await pf.search('haastattelu');"
        " const data = await Promise.all(search.results.slice(0, 5).map(r => r.data()));"
        " return data.map(d => d.url); }", server.url)
    assert any("tyohaastattelu" in url for url in found), found
    # A PDF address that was never opened is not there offline, and an unknown address gets the 404 page.
    tab.goto(server.url + "ei-ole-olemassa/")
    assert "404" in tab.content()
    context.close()


def test_a_new_build_replaces_the_stored_site_whole_on_the_next_online_visit(site, prefix, chromium, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    with SiteServer(copy, prefix) as server:
        context = chromium.new_context()
        tab = context.new_page()
        tab.goto(server.url)
        _wait_offline_ready(tab)
        old = _site_caches(tab)
        page = copy / THEME_PAGE / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (uusi)</h1>", 1), encoding="utf-8")
        new_version = build_offline(copy, "Testi").version
        tab.goto(server.url + THEME_PAGE)  # online: the browser finds the new sw.js and installs it
        from playwright.sync_api import Error
        for _ in range(240):  # the new version is stored whole, then the old one is deleted
            try:
                if _site_caches(tab) == [f"auroras-{new_version}"]:
                    break
            except Error:  # the page reloads itself into the new version (nobody was reading it yet)
                pass
            tab.wait_for_timeout(250)
        tab.wait_for_function("() => document.querySelector('h1') && /uusi/.test(document.querySelector('h1').textContent)",
                              timeout=30_000)
        context.set_offline(True)
        tab.goto(server.url + THEME_PAGE)
        assert "(uusi)" in tab.locator("h1").inner_text()
        assert _site_caches(tab) == [f"auroras-{new_version}"]
        assert len(old) == 1 and old != [f"auroras-{new_version}"]
        context.close()


# ---- The header search: engine loaded on first use, accessible panel, keys ----

QUERY = "haastattelu"
RESULT_LINKS = ".auroras-search__results a.auroras-search__link"


def _search_tab(chromium, size=DESKTOP):
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, service_workers="block")
    return context, context.new_page()


def _wait_results(tab, query):
    tab.wait_for_function("q => document.querySelector('.auroras-search').getAttribute('data-done-query') === q",
                          arg=query, timeout=30_000)


def _active(tab) -> str:
    """What has focus: 'input', 'link N' (a result link), or the element's tag."""
    return tab.evaluate(
        "sel => { const a = document.activeElement; if (a.matches('.auroras-search input')) return 'input';"
        " const links = [...document.querySelectorAll(sel)]; const i = links.indexOf(a);"
        " return i >= 0 ? 'link ' + i : a.tagName.toLowerCase(); }", RESULT_LINKS)


def _panel_open(tab) -> bool:
    return tab.locator(".auroras-search__results").is_visible()


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_search_engine_and_index_load_only_when_the_box_is_first_used(server, chromium):
    context, tab = _search_tab(chromium, SMALL_PHONE)
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(server.url + THEME_PAGE, wait_until="load")
    tab.wait_for_load_state("networkidle")
    tab.mouse.wheel(0, 600)  # reading the page is not using the search
    tab.locator(".md-content").click()
    tab.wait_for_load_state("networkidle")
    assert requests and not [url for url in requests if "/pagefind/" in url]
    tab.locator(".auroras-search input").focus()
    tab.wait_for_selector(".auroras-search[data-ready]", state="attached", timeout=30_000)
    loaded = [url for url in requests if "/pagefind/" in url]
    assert any(url.endswith("/pagefind/pagefind.js") for url in loaded), loaded
    context.close()


@needs_axe
@pytest.mark.parametrize("size", [DESKTOP, SMALL_PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_with_search_results_open(server, chromium, size):
    context, tab = _search_tab(chromium, size)
    tab.goto(server.url + THEME_PAGE)
    tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = {}
    # Results with section links; a typo with its correction; nothing found.
    for query in (QUERY, "ansioluetelo", "qwxzvbn"):
        box = tab.locator(".auroras-search input")
        box.click()
        box.fill(query)
        _wait_results(tab, query)
        assert _panel_open(tab)
        found[query] = (tab.locator(RESULT_LINKS).count(), tab.locator(".auroras-search__suggestion a").count())
        violations = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' ')).slice(0, 3)]))", AXE_TAGS)
        assert violations == [], (query, violations)
    assert found[QUERY][0] > 2 and found["qwxzvbn"][0] == 0
    assert found["ansioluetelo"][0] > 0 and found["ansioluetelo"][1] == 1  # "Tarkoititko ansioluettelo?"
    context.close()


def test_search_text_is_body_size_grows_with_the_browser_text_size_and_links_are_24_px(server, chromium):
    context, tab = _search_tab(chromium, DESKTOP)
    tab.goto(server.url + THEME_PAGE)
    box = tab.locator(".auroras-search input")
    box.click()
    box.fill(QUERY)
    _wait_results(tab, QUERY)
    sizes = ("() => { const px = (s, p) => parseFloat(getComputedStyle(document.querySelector(s), p).fontSize);"
             " return {body: px('.md-typeset > p'), input: px('.auroras-search input'),"
             " placeholder: px('.auroras-search input', '::placeholder'), excerpt: px('.auroras-search__excerpt'),"
             " status: px('.auroras-search__status')}; }")
    default = tab.evaluate(sizes)
    assert default["body"] == 16 and all(size >= default["body"] for size in default.values()), default
    heights = tab.locator(".auroras-search__results a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 24, heights
    colours = box.evaluate("i => [getComputedStyle(i, '::placeholder').color, getComputedStyle(i).backgroundColor]")
    assert _contrast(*colours) >= 4.5, colours
    # The browser's text size setting (Chromium's default font size, 16 px → 24 px).
    cdp = context.new_cdp_session(tab)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24}})
    larger = tab.evaluate(sizes)
    assert larger["body"] == 24 and all(larger[key] == default[key] * 1.5 for key in default), (default, larger)
    context.close()


def test_keyboard_walk_through_the_search(server, chromium):
    context, tab = _search_tab(chromium, DESKTOP)
    tab.goto(server.url + THEME_PAGE)
    for _ in range(15):  # Tab from the top of the page to the search field
        tab.keyboard.press("Tab")
        if _active(tab) == "input":
            break
    assert _active(tab) == "input"
    box = tab.locator(".auroras-search input")
    assert box.evaluate("i => i.labels.length && i.labels[0].textContent") == "Hae materiaalista"
    assert box.get_attribute("title") is None and box.get_attribute("aria-label") is None
    tab.keyboard.type(QUERY)
    _wait_results(tab, QUERY)
    assert _panel_open(tab)
    count = tab.locator(RESULT_LINKS).count()
    assert count > 2
    # The count is said by a polite status region of its own, not by the whole panel.
    live = tab.locator(".auroras-search__live")
    assert live.get_attribute("role") == "status"
    assert tab.locator(".auroras-search__results").get_attribute("aria-live") is None
    tab.wait_for_function("() => document.querySelector('.auroras-search__live').textContent !== ''")
    assert live.text_content() == f"{count} tulosta haulle “{QUERY}”"

    hrefs = tab.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")
    tab.keyboard.press("ArrowDown")
    assert _active(tab) == "link 0"
    tab.keyboard.press("ArrowDown")
    assert _active(tab) == "link 1"
    tab.keyboard.press("ArrowUp")
    assert _active(tab) == "link 0"
    tab.keyboard.press("ArrowUp")
    assert _active(tab) == "input"
    # Escape closes the panel and returns focus to the field, which keeps the words.
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Escape")
    assert not _panel_open(tab) and _active(tab) == "input" and box.input_value() == QUERY
    tab.keyboard.press("ArrowDown")  # opens it again, at the first result
    assert _panel_open(tab) and _active(tab) == "link 0"

    # Tab goes on through the results; leaving the field and the panel closes it.
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("Tab")
    assert _active(tab) == "link 0" and _panel_open(tab)
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Shift+Tab")
    tab.wait_for_function("() => document.querySelector('.auroras-search__results').hidden")
    assert not tab.evaluate("() => document.querySelector('.auroras-search').contains(document.activeElement)")
    box.focus()  # back in the field: the same results again
    assert _panel_open(tab)
    tab.locator(".auroras-search__results a").last.focus()
    tab.keyboard.press("Tab")
    tab.wait_for_function("() => document.querySelector('.auroras-search__results').hidden")
    # The element that has focus now is not under the panel.
    assert tab.evaluate("() => { const a = document.activeElement, r = a.getBoundingClientRect();"
                        " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                        " return !document.querySelector('.auroras-search').contains(hit); }")

    # Enter in the field opens the first result.
    box.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url(hrefs[0])
    # Also when pressed before the results are shown: the same page the list would have put first.
    box = tab.locator(".auroras-search input")
    box.focus()
    tab.keyboard.type("työsopimus")
    tab.keyboard.press("Enter")
    tab.wait_for_url(lambda url: url != hrefs[0])
    opened = tab.url
    box = tab.locator(".auroras-search input")
    box.focus()
    tab.keyboard.type("työsopimus")
    _wait_results(tab, "työsopimus")
    assert tab.locator(RESULT_LINKS).first.evaluate("a => a.href") == opened
    context.close()


def test_slash_is_the_only_single_key_shortcut(server, chromium):
    context, tab = _search_tab(chromium, DESKTOP)
    tab.goto(server.url + THEME_PAGE)
    # Material's own keys go to the next (n .) and previous (p ,) page: this page has both.
    assert tab.locator("link[rel=next]").count() == 1 and tab.locator("link[rel=prev]").count() == 1
    # Material listens on window: what reaches a listener there reaches Material.
    tab.evaluate("() => { window.__keys = []; window.addEventListener('keydown', e => window.__keys.push(e.key)); }")
    tab.locator("h1").click()
    for key in ("s", "f", "n", "p", ".", ",", "Escape"):
        tab.keyboard.press(key)
    assert tab.evaluate("() => window.__keys") == ["Escape"]
    assert _active(tab) == "body" and tab.url == server.url + THEME_PAGE
    tab.keyboard.press("/")
    assert _active(tab) == "input" and tab.locator(".auroras-search input").input_value() == ""
    tab.keyboard.type("n")  # typing in a field is never a shortcut
    assert tab.locator(".auroras-search input").input_value() == "n"
    context.close()


def test_no_tab_stop_is_hidden_under_something_else_at_laptop_size(server, chromium):
    """WCAG 2.4.11: every element reached with Tab is on top where it is drawn (the sidebar's sticky
    title used to cover "Etusivu", the fourth stop)."""
    context = chromium.new_context(viewport={"width": DESKTOP[0], "height": DESKTOP[1]}, service_workers="block")
    tab = context.new_page()
    try:
        for path in ("", THEME_PAGE, LESSON_PAGE):
            tab.goto(server.url + path, wait_until="load")
            hidden = []
            for stop in range(1, 61):
                tab.keyboard.press("Tab")
                info = tab.evaluate(
                    "async () => { const e = document.activeElement;"
                    " if (!e || e === document.body) return null;"  # past the last stop: the browser's own UI
                    " await Promise.all(e.getAnimations().map(a => a.finished));"  # the skip link slides in
                    " const r = e.getBoundingClientRect(); if (!r.width || !r.height) return null;"
                    " const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;"
                    " const top = document.elementFromPoint(x, y);"
                    " const first = !window.__firstStop; window.__firstStop = window.__firstStop || e;"
                    " return {text: (e.textContent || '').trim().slice(0, 40), again: !first && e === window.__firstStop,"
                    " covered: !top || !(e === top || e.contains(top) || top.contains(e))}; }")
                if info and info["again"]:
                    break  # the walk came round to the start of the page
                if info and info["covered"]:
                    hidden.append((stop, info["text"]))
            assert hidden == [], path
    finally:
        context.close()
