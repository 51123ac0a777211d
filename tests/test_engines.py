"""One pipeline, two site engines: MkDocs (the default) and Zensical build the same site.

The Zensical tests need the optional `zensical` group (requirements-zensical.lock), which `make test`
installs. Without it they are skipped with the reason, never passed.
"""

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools import stages
from build_tools.engines import zensical
from build_tools.engines.staging import escape_front_matter
from build_tools.search_bench import CHROMIUM, run, search_pagefind

from conftest import FIXTURES, REPO

NO_ZENSICAL = zensical.available()
needs_zensical = pytest.mark.skipif(NO_ZENSICAL is not None, reason=f"Zensical puuttuu: {NO_ZENSICAL}")
HAS_CHROMIUM = Path(CHROMIUM).exists() or shutil.which("chromium")
# A page's content; Zensical's template puts the skip link's target inside the article, Material's outside.
CONTENT = re.compile(r'<article class="md-content__inner md-typeset">\s*(?:<a id="__skip" tabindex="-1"></a>)?'
                     r'(.*)</article>', re.S)


def auroras_build(root: Path, site_dir: Path, engine: str, **env) -> subprocess.CompletedProcess:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    return subprocess.run([sys.executable, "-m", "build_tools.build", "--root", str(root), "--engine", engine,
                           "--site-dir", str(site_dir)], env=environment, capture_output=True, text=True,
                          timeout=1200)


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def heading(html: str) -> str:
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return re.sub(r"<[^>]+>|¶", "", h1.group(1)).strip() if h1 else ""


def content_ids(html: str) -> list[str]:
    match = CONTENT.search(html)
    ids = re.findall(r'\bid="([^"]+)"', match.group(1)) if match else []
    return [i for i in ids if not i.startswith("__")]  # the theme's own (skip link)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    if NO_ZENSICAL:
        pytest.skip(f"Zensical puuttuu: {NO_ZENSICAL}")
    target = tmp_path_factory.mktemp("zensical") / "site"
    result = auroras_build(REPO, target, "zensical", AURORAS_PDF="0")
    assert result.returncode == 0, result.stderr[-3000:]
    return target


@needs_zensical
def test_both_engines_build_the_same_pages_with_the_same_titles_and_anchors(site, zensical_site):
    mkdocs_pages, zensical_pages = pages(site), pages(zensical_site)
    assert sorted(mkdocs_pages) == sorted(zensical_pages)
    assert len(mkdocs_pages) > 60
    for path, html in mkdocs_pages.items():
        other = zensical_pages[path]
        assert title(other) == title(html), path
        assert heading(other) == heading(html), path
        assert content_ids(other) == content_ids(html), path
    theme = content_ids(mkdocs_pages["teemat/tyohaastattelu/index.html"])
    assert any(i.startswith("vaihe-") for i in theme) and any(i.startswith("sana-") for i in theme)


@needs_zensical
def test_both_engines_publish_the_same_sanitised_and_typeset_content(site, zensical_site):
    """The content of every page went through the same stages: same text, same search weights and terms."""
    for path in ("teemat/tyohaastattelu/index.html", "a2/a2-tyohaastattelu/index.html", "sanasto/index.html",
                 "index.html"):
        ours = CONTENT.search((site / path).read_text(encoding="utf-8")).group(1)
        theirs = CONTENT.search((zensical_site / path).read_text(encoding="utf-8")).group(1)
        assert re.sub(r"\s+", " ", theirs).strip() == re.sub(r"\s+", " ", ours).strip(), path


@needs_zensical
def test_zensical_site_has_no_engine_search_and_the_same_offline_and_search_files(site, zensical_site):
    assert not (zensical_site / "search.json").exists()
    for name in ("pagefind/pagefind.js", "pagefind/auroras-lexicon.bin", "manifest.webmanifest", "sw.js",
                 *stages.SEARCH_FILES):
        assert (zensical_site / name).is_file(), name
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert "auroras-search.js" in home and "auroras.js" in home and "manifest.webmanifest" in home
    assert "README" not in {p.name for p in zensical_site.rglob("*")}


@needs_zensical
@pytest.mark.skipif(not HAS_CHROMIUM, reason="Chromium puuttuu (Debianin paketti chromium)")
def test_finnish_search_finds_the_same_pages_on_both_sites(site, zensical_site):
    queries = [{"query": q, "expect": []} for q in
               ("haastattelussa", "työsopimuksen", "tyosopimus", "haastatelu", "liksa", "trial period")]
    ours = [o.results[:5] for o in run(site, queries, search_pagefind)]
    theirs = [o.results[:5] for o in run(zensical_site, queries, search_pagefind)]
    assert all(ours) and theirs == ours


@needs_zensical
def test_pdfs_are_byte_identical_from_both_engines(tmp_path):
    """Each engine renders the PDFs itself (separate caches) from the same stage."""
    sites = {}
    for engine in ("mkdocs", "zensical"):
        project = tmp_path / engine
        shutil.copytree(FIXTURES / "mini", project)
        result = auroras_build(project, tmp_path / f"{engine}-site", engine, AURORAS_PDF="1",
                               AURORAS_PDF_WORKERS="1")
        assert result.returncode == 0, result.stderr[-3000:]
        sites[engine] = tmp_path / f"{engine}-site"
    pdfs = sorted(p.relative_to(sites["mkdocs"]).as_posix() for p in (sites["mkdocs"] / "pdf").glob("*.pdf"))
    assert pdfs and pdfs == sorted(p.relative_to(sites["zensical"]).as_posix()
                                   for p in (sites["zensical"] / "pdf").glob("*.pdf"))
    for name in pdfs:
        assert filecmp.cmp(sites["mkdocs"] / name, sites["zensical"] / name, shallow=False), name


@needs_zensical
def test_content_errors_stop_a_zensical_build_with_every_problem_and_keep_the_old_site(mini, tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("vanha", encoding="utf-8")
    theme = next((mini / "themes").glob("*/theme.yml"))
    text = theme.read_text(encoding="utf-8")
    theme.write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
    result = auroras_build(mini, target, "zensical", AURORAS_PDF="0")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"themes/[^:]+/theme\.yml:\d+:\d+: ", result.stderr)
    assert (target / "index.html").read_text(encoding="utf-8") == "vanha"


def test_staging_config_writes_out_the_nav_and_turns_zensical_search_off():
    project = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    sections = {"teemat/": [(None, "teemat/index.md"), ("1. <b>Alku</b> & loppu", "teemat/alku.md")]}
    config = zensical.staging_config(project, sections, site_url="https://example.org/", search=True)
    assert config["theme"]["variant"] == "classic" and config["plugins"] == {"search": {"enabled": False}}
    themes = next(item["Teemat"] for item in config["nav"] if "Teemat" in item)
    assert themes == ["teemat/index.md", {"1. &lt;b&gt;Alku&lt;/b&gt; &amp; loppu": "teemat/alku.md"}]
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert names == stages.markdown_extensions()[0]
    assert config["extra_javascript"][-2:] == [stages.SEARCH_QUERY_JS, stages.SEARCH_JS]


def test_a_plugin_zensical_would_ignore_stops_the_build():
    project = {"plugins": ["auroras", "blog"], "nav": []}
    with pytest.raises(Exception, match="blog"):
        zensical.staging_config(project, {}, site_url="https://example.org/", search=False)


def test_a_conflicting_markdown_setting_stops_the_build_for_both_engines():
    project = {"markdown_extensions": [{"tables": {"use_align_attribute": False}}], "nav": []}
    with pytest.raises(Exception, match="use_align_attribute"):
        zensical.staging_config(project, {}, site_url="https://example.org/", search=False)


def test_front_matter_titles_are_escaped_as_the_mkdocs_plugin_escapes_them():
    page = '---\ntitle: "<script>alert(1)</script> & \\"työ\\""\nhide: [toc]\n---\n# Otsikko\n'
    out = escape_front_matter(page)
    meta = yaml.safe_load(out.split("---\n")[1])
    assert meta["title"] == stages.meta_text('<script>alert(1)</script> & "työ"')
    assert "<script>" not in meta["title"] and meta["hide"] == ["toc"]
    assert out.endswith("# Otsikko\n")
    assert escape_front_matter("# Ei etutietoja\n") == "# Ei etutietoja\n"


def test_page_urls_follow_directory_urls():
    assert stages.page_url("index.md") == ""
    assert stages.page_url("teemat/index.md") == "teemat/"
    assert stages.page_url("teemat/alku.md") == "teemat/alku/"
    assert stages.page_output("sanasto.md") == "sanasto/index.html"


@needs_zensical
def test_zensical_preview_rebuilds_on_a_content_change_and_shows_errors_in_the_page(mini, monkeypatch):
    import threading
    import time
    import urllib.request

    from build_tools import serve

    monkeypatch.setenv("AURORAS_PDF", "0")
    site = serve.PreviewSite(zensical, mini)
    site.rebuild()
    server = serve.start_server(site, "127.0.0.1:0")
    stop = threading.Event()
    watcher = threading.Thread(target=serve.watch, args=(site, stop), daemon=True)
    watcher.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def next_version(seen: str) -> str:
        for _ in range(240):
            version = get(serve.VERSION_PATH.lstrip("/"))
            if version != seen:
                return version
            time.sleep(0.5)
        raise AssertionError("no rebuild")

    try:
        page = get("teemat/alku/")
        assert "<h1" in page and serve.VERSION_PATH in page  # the reload script is in every page
        version = get(serve.VERSION_PATH.lstrip("/"))
        theme = mini / "themes" / "01-alku" / "theme.yml"
        text = theme.read_text(encoding="utf-8")
        theme.write_text(text.replace("title: Alku", "title: Alku ja esittely", 1), encoding="utf-8")
        version = next_version(version)
        assert "Alku ja esittely" in get("teemat/alku/")
        theme.write_text(text.replace("title: Alku", "titel: Alku", 1), encoding="utf-8")
        version = next_version(version)
        broken = get("teemat/alku/")
        assert "Sisällössä on virheitä" in broken and re.search(r"themes/01-alku/theme\.yml:\d+:\d+:", broken)
        theme.write_text(text, encoding="utf-8")
        next_version(version)
        assert "Sisällössä on virheitä" not in get("teemat/alku/")
    finally:
        stop.set()
        server.shutdown()


@needs_zensical
@pytest.mark.skipif(not HAS_CHROMIUM, reason="Chromium puuttuu (Debianin paketti chromium)")
def test_zensical_pages_pass_axe_and_fit_a_phone(zensical_site):
    from test_web import AXE, AXE_TAGS, DESKTOP, SMALL_PHONE, layout

    from build_tools.web_bench import SiteServer, browser, site_prefix

    if not AXE.exists():
        pytest.skip("axe-core puuttuu: aja `make node` (npm ci)")
    settings = yaml.safe_load((REPO / "program.yml").read_text(encoding="utf-8"))
    axe = AXE.read_text(encoding="utf-8")
    playwright, chromium = browser()
    found = {}
    try:
        with SiteServer(zensical_site, site_prefix(settings.get("site_url", "/"))) as server:
            for size in (DESKTOP, SMALL_PHONE):
                context = chromium.new_context(viewport={"width": size[0], "height": size[1]},
                                               service_workers="block")
                tab = context.new_page()
                for path in ("", "teemat/tyohaastattelu/", "a2/a2-tyohaastattelu/", "sanasto/", "tulosteet/",
                             "404.html"):
                    tab.goto(server.url + path, wait_until="load")
                    tab.add_script_tag(content=axe)
                    violations = tab.evaluate(
                        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
                        "['violations']}).then(r => r.violations.map(v => v.id))", AXE_TAGS)
                    measures = layout(tab)
                    found[size, path] = violations
                    if size == SMALL_PHONE:
                        assert measures["scroll"] <= measures["width"], path
                        assert measures["title"] >= 120, path
                context.close()
    finally:
        chromium.close()
        playwright.stop()
    assert {key: v for key, v in found.items() if v} == {}


class _Executable(__import__("html.parser").parser.HTMLParser):
    """What in a page could run script: inline scripts with the marker, on* attributes, script URLs."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker, self.found, self._in_script = marker, [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") and self.marker in (value or ""):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    ("javascript:", "data:text")):
                self.found.append(f"<{tag} {name}={value[:40]}>")
        sources = " ".join(v or "" for n, v in attrs if n in ("src", "href", "data", "srcset"))
        if tag in ("img", "iframe", "object", "embed", "link", "script") and "onerror" in sources + " ".join(
                n for n, _ in attrs):
            self.found.append(f"<{tag}> made from content")

    def handle_data(self, data):
        if self._in_script and self.marker in data:
            self.found.append("<script> with the marker")

    def handle_endtag(self, tag):
        self._in_script = False


@needs_zensical
def test_hostile_content_is_neutralised_by_both_engines_alike(mini, tmp_path):
    marker = "PAHA" + "KOODI"
    theme = mini / "themes" / "01-alku" / "theme.yml"
    text = theme.read_text(encoding="utf-8")
    text = text.replace("title: Alku\n", f'title: "Alku <img src=x onerror=alert(\'{marker}\')>"\n', 1)
    text = text.replace("term: Äiti", f'term: "Äiti<script>alert(\'{marker}\')</script>"', 1)
    theme.write_text(text, encoding="utf-8")
    handout = mini / "themes" / "01-alku" / "monisteet" / "mina.md"
    handout.write_text(handout.read_text(encoding="utf-8") + f"\n<script>alert('{marker}')</script>\n\n"
                       f"[Klikkaa](javascript:alert('{marker}')){{: onclick=\"alert('{marker}')\" }}\n\n"
                       f"<style>body {{ display: none }}</style>\n", encoding="utf-8")
    index = mini / "docs" / "index.md"
    index.write_text(f"---\ntitle: \"Etusivu <script>alert('{marker}')</script>\"\n---\n"
                     + index.read_text(encoding="utf-8"), encoding="utf-8")
    found = {}
    for engine in ("mkdocs", "zensical"):
        result = auroras_build(mini, tmp_path / engine, engine, AURORAS_PDF="0")
        assert result.returncode == 0, result.stderr[-3000:]
        for page in (tmp_path / engine).rglob("*.html"):
            parser = _Executable(marker)
            html = page.read_text(encoding="utf-8")
            parser.feed(html)
            content = CONTENT.search(html)
            if content and re.search(r"<(style|iframe|object|embed|form)\b", content.group(1)):
                parser.found.append("an element content may not make, in the page's content")
            if parser.found:
                found[engine, page.relative_to(tmp_path / engine).as_posix()] = parser.found
        assert marker in (tmp_path / engine / "teemat" / "alku" / "index.html").read_text(encoding="utf-8")
    assert found == {}
