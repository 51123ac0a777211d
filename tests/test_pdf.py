"""The print pipeline: documents, print quality, hyphenation, determinism and the cache."""

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pdftools
from conftest import BIN, FIXTURES, edit
from build_tools.loader import load_curriculum
from build_tools.print import build_pdfs, render_documents
from build_tools.print.documents import PrintDocument
from build_tools.print.hyphenate import SOFT_HYPHEN, hyphenator

A4 = (595.28, 841.89)
MM = 72 / 25.4
LONG = "työhaastattelukysymykset"
VOIKKO_POINTS = {3, 7, 10, 14, 18, 21}  # työ-haas-tat-telu-kysy-myk-set: no break beside a compound boundary


def bookmarks(pdf: Path) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title), reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 1)
    return out


def load(root: Path):
    curriculum, problems = load_curriculum(root)
    assert curriculum is not None, problems.items
    return curriculum


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """PDFs of the small fixture project, rendered once for this module."""
    root = tmp_path_factory.mktemp("pdf") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    curriculum = load(root)
    results = build_pdfs(curriculum, root / ".cache/pdf", workers=2)
    return root, curriculum, {r.document.path: r for r in results}


def test_every_expected_document_exists(built):
    _, curriculum, results = built
    expected = {"pdf/mentorin-kansio.pdf", "pdf/a2-kansio.pdf"}
    for theme in curriculum.themes:
        expected |= {f"pdf/teema-{theme.number:02d}-{theme.slug}-mentori.pdf",
                     f"pdf/teema-{theme.number:02d}-{theme.slug}-osallistuja.pdf"}
    for lesson in curriculum.lessons:
        expected.add(f"pdf/a2-{lesson.number:02d}-{lesson.slug}.pdf")
    for session in curriculum.sessions:  # the other meetings: a mentor pack and a handout each
        expected |= {f"pdf/tapaaminen-{session.slug}-mentori.pdf", f"pdf/tapaaminen-{session.slug}-osallistuja.pdf"}
    for slug in curriculum.published_groups:  # one semester plan per published group, none for the others
        expected.add(f"pdf/ryhma-{slug}-suunnitelma.pdf")
    assert set(results) == expected
    assert "pdf/ryhma-salainen-suunnitelma.pdf" not in results
    for result in results.values():
        assert result.file.read_bytes().startswith(b"%PDF-")
        assert result.pages >= 1


def test_every_pdf_is_a4_tagged_with_embedded_fonts_and_title(built):
    for result in built[2].values():
        meta = pdftools.info(result.file)
        assert "(A4)" in meta["Page size"], result.document.path
        assert meta["Tagged"] == "yes"
        assert meta["Title"] == result.document.title
        assert int(meta["Pages"]) == result.pages
        rows = pdftools.fonts(result.file)
        assert rows and all(row["emb"] == "yes" for row in rows), rows
        assert any("Noto-Sans" in row["name"] for row in rows)


def test_pdfs_declare_finnish(built):
    for result in built[2].values():
        assert b"/Lang (fi)" in pdftools.objects(result.file)


def test_no_text_outside_the_printable_area(built):
    for result in built[2].values():
        for word in pdftools.words(result.file):
            # Home printers cannot print the outermost 5 mm or so. Sideways nothing may leave the text
            # column (18 mm margins): no long word or list number runs out of its box.
            assert 18 * MM - 1 <= word.x_min and word.x_max <= word.page_width - 18 * MM + 1, (
                result.document.path, word)
            assert 10 * MM <= word.y_min and word.y_max <= word.page_height - 10 * MM, (result.document.path, word)


def test_participant_handout_has_no_mentor_notes(built):
    root, curriculum, results = built
    theme = curriculum.themes[0]
    text = pdftools.text(results[f"pdf/teema-01-{theme.slug}-osallistuja.pdf"].file)
    flat = " ".join(text.replace("\u00ad", "").replace("-\n", "").split())
    for goal in theme.goals:
        assert goal in flat
    for item in theme.vocabulary:
        assert item.term in flat
    assert "Kerro nimesi." in flat  # the participant task
    assert "Kirjoita nimesi." in flat  # the worksheet
    for activity in theme.activities:
        assert activity.instructions not in flat
    for tip in theme.mentor_tips:
        assert tip not in flat
    assert "Vinkkejä mentorille" not in flat and "Aikataulu" not in flat


def test_mentor_pack_has_timetable_cover_and_appendix(built):
    _, curriculum, results = built
    theme = curriculum.themes[0]
    text = pdftools.text(results[f"pdf/teema-01-{theme.slug}-mentori.pdf"].file)
    assert "17.00–17.20" in text and "Mentorin paketti" in text
    assert "liite 1" in text.lower() and "Sivu 2 / " in text
    assert "https://example.org/auroras/teemat/alku/" in text


def test_images_carry_their_credits(built):
    _, curriculum, results = built
    for name in ("pdf/teema-01-alku-mentori.pdf", "pdf/teema-01-alku-osallistuja.pdf"):
        text = " ".join(pdftools.text(results[name].file).split())
        assert "Kuva: Testikuvaaja, CC BY 4.0" in text, name


def test_binder_has_toc_with_page_numbers_and_bookmarks(built):
    result = built[2]["pdf/mentorin-kansio.pdf"]
    text = pdftools.text(result.file, "-layout")
    assert "Sisällys" in text
    toc_line = next(line for line in text.splitlines() if re.match(r"^\s*1\.\s+Alku\s*\.{5,}", line))
    assert int(toc_line.split()[-1]) == 5  # cover, contents, half-year overview, blank left page, theme 1 (recto)
    assert "1. Alku" in [title for level, title, page in bookmarks(result.file)]


def test_a2_binder_holds_every_a2_lesson_with_its_dialogue_and_sheet(built):
    _, curriculum, results = built
    result = results["pdf/a2-kansio.pdf"]
    text = " ".join(pdftools.text(result.file).split())
    assert "A2-kansio" in text and "Sisällys" in text
    for lesson in curriculum.lessons:
        assert f"{lesson.number}. {lesson.title}" in [title for level, title, page in bookmarks(result.file)]
        for line in lesson.dialogue:
            assert line.line in text
        assert lesson.handout.title in text
    assert "Moniste – saa kopioida" in text  # the participant sheet is a copy master with its own footer
    for heading in ("Tunnin kulku", "Käsikirjoitus", "Dialogi", "Puoli vuotta"):
        assert heading in text
    assert "Ryhmä tutustuu toisiinsa" not in text  # no theme's mentor pack (its summary) in it


def _link_uris(pdf: Path) -> list[str]:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return [str(a.A.URI) for page in doc.pages for a in page.get("/Annots", [])
                if "/A" in a and "/URI" in a.A]


def test_relative_links_in_content_print_as_public_addresses(tmp_path):
    """A PDF has no site around it: a relative link would point at a file on the build machine."""
    from build_tools.print.documents import absolute_links

    site = "https://example.fi/m/"
    assert absolute_links('<a href="a2/index.md">A2</a>', "ohjaajan-opas.md", site) == \
        '<a href="https://example.fi/m/a2/">A2</a>'
    assert absolute_links('<a href="../sanasto/index.md#k">s</a>', "teemat/cv.md", site) == \
        '<a href="https://example.fi/m/sanasto/#k">s</a>'
    for kept in ('<a href="#teema-1">t</a>', '<a href="https://kela.fi/">k</a>', '<a href="mailto:a@b.fi">m</a>'):
        assert absolute_links(kept, "teemat/cv.md", site) == kept
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    edit(root / "themes/01-alku/theme.yml", "instructions: Toivota kaikki tervetulleiksi.",
         "instructions: Toivota kaikki tervetulleiksi. Katso [sanasto](../sanasto/index.md).")
    curriculum = load(root)
    results = {r.document.path: r for r in build_pdfs(curriculum, root / ".cache/pdf", workers=2)}
    base = curriculum.settings.site_url.rstrip("/")
    for name in ("pdf/teema-01-alku-mentori.pdf", "pdf/mentorin-kansio.pdf"):
        uris = _link_uris(results[name].file)
        assert f"{base}/sanasto/" in uris, (name, uris)
    for result in results.values():
        assert all(uri.startswith(("https://", "mailto:")) for uri in _link_uris(result.file)), result.document.path


def test_a_written_hyphen_character_prints_as_a_hyphen_minus():
    """U+2010 is left to the hyphens hyphenation adds, whose text layer is a soft hyphen."""
    from build_tools.print.documents import Finisher

    out = Finisher()("<p>osa\u2010aikainen</p>")
    assert "\u2010" not in out and "osa-" in out


def test_started_workers_are_shut_down_when_the_stage_fails(tmp_path):
    from build_tools.print.render import start_pool

    started = start_pool(tmp_path, workers=1)
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        render_documents([PrintDocument("pdf/x.pdf", "t", "mentor", "<p>x</p>")], blocker, tmp_path,
                         started=started)
    with pytest.raises(RuntimeError):  # shut down: it takes no more work
        started.executor.submit(print)


def test_each_document_goes_to_the_workers_as_soon_as_it_is_written(tmp_path):
    """With started workers, the first PDF renders while the build is still writing the other documents."""
    from build_tools.print.render import start_pool

    started = start_pool(tmp_path, workers=1)
    submitted, seen = [], []
    submit = started.executor.submit
    started.executor.submit = lambda fn, *args: (submitted.append(fn.__name__), submit(fn, *args))[1]

    def documents():
        for n in range(3):
            seen.append(submitted.count("render"))  # renders handed to the workers before this document
            yield PrintDocument(f"pdf/x{n}.pdf", "t", "mentor", f"<p>Asiakirja {n}</p>")

    results = render_documents(documents(), tmp_path / "cache", tmp_path, started=started)
    assert seen == [0, 1, 2] and [r.pages for r in results] == [1, 1, 1]


def test_documents_that_fail_to_be_written_stop_the_stage_and_its_workers(tmp_path, monkeypatch):
    """An error while the build writes the documents reaches the build, and the workers stop."""
    import time

    from build_tools.print import background

    pools = []
    start_pool = background.start_pool
    monkeypatch.setattr(background, "start_pool", lambda *args: pools.append(start_pool(*args)) or pools[-1])

    def failing(curriculum, finish):
        yield PrintDocument("pdf/x.pdf", "t", "mentor", "<p>x</p>")
        raise ValueError("kirjoitus epäonnistui")
    monkeypatch.setattr(background, "iter_documents", failing)
    with pytest.raises(ValueError, match="kirjoitus epäonnistui"):
        background.PrintJob(load_curriculum(FIXTURES / "mini")[0], tmp_path / "cache", workers=1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the stage's thread shuts its workers down when it sees the stream end
        try:
            pools[0].executor.submit(print).cancel()
        except RuntimeError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the workers were not shut down")


def test_hyphenation_inserts_soft_hyphens_only_in_print():
    h = hyphenator()
    assert h.available
    assert h.word(LONG).split(SOFT_HYPHEN)[0] == "työ"
    html = f'<p>{LONG} <code>{LONG}</code> <a href="https://x.fi/{LONG}">https://x.fi/{LONG}</a></p>'
    out = h.html(html)
    assert out.count(SOFT_HYPHEN) == len(VOIKKO_POINTS)
    assert f"<code>{LONG}</code>" in out and f"https://x.fi/{LONG}</a>" in out


def test_long_compound_breaks_at_a_correct_point_in_a_narrow_column(tmp_path):
    body = hyphenator().html(f"<p>{LONG}</p>")
    html = (f'<html lang="fi"><head><title>t</title></head><body>'
            f'<table style="width: 26mm"><tr><td>{body[3:-4]}</td></tr></table></body></html>')
    doc = PrintDocument("pdf/narrow.pdf", "t", "mentor", html)
    result, = render_documents([doc], tmp_path, tmp_path, workers=1)
    text = pdftools.text(result.file)
    # The hyphen drawn at each break is a soft hyphen in the text layer: copying or reading the word out
    # gives the word, not "työhaas‐ tattelu…" (worker.patch_hyphen_text).
    assert "\u2010" not in text and "-" not in text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    pieces = [line for line in lines if line.rstrip(SOFT_HYPHEN) and line.rstrip(SOFT_HYPHEN) in LONG]
    assert len(pieces) >= 2, lines
    assert "".join(p.rstrip(SOFT_HYPHEN) for p in pieces) == LONG
    position = 0
    for piece in pieces[:-1]:
        assert piece.endswith(SOFT_HYPHEN), pieces
        position += len(piece) - 1
        assert position in VOIKKO_POINTS, (piece, pieces)
    for word in pdftools.words(result.file):
        if word.text.rstrip(SOFT_HYPHEN) in LONG:
            assert word.x_max <= 18 * MM + 26 * MM + 1, word
    # What assistive technology reads, the tagged structure, holds the word whole.
    struct = subprocess.run(["pdfinfo", "-struct-text", str(result.file)], capture_output=True, text=True,
                            check=True).stdout
    assert "".join(re.findall(r'"([^"]*)"', struct)).replace(SOFT_HYPHEN, "") == LONG


def test_identical_sources_give_identical_pdfs(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    # Two checkouts in different folders: nothing of the build machine's paths gets into a PDF.
    for copy in ("a", "b"):
        shutil.copytree(FIXTURES / "mini", tmp_path / copy / "mini")
        (tmp_path / copy / "mini/docs").mkdir(exist_ok=True)
        (tmp_path / copy / "mini/docs/ohjaajan-opas.md").write_text(
            "# Mentorin opas\n\nA2-ryhmät käyttävät [Toisto-menetelmää](a2/index.md).\n", encoding="utf-8")
    curriculum = load(tmp_path / "a/mini")
    first = build_pdfs(curriculum, tmp_path / "a/cache", workers=2)
    second = build_pdfs(load(tmp_path / "b/mini"), tmp_path / "b/cache", workers=1)
    assert all(r.rendered for r in first + second)
    for a, b in zip(first, second):
        assert a.file.read_bytes() == b.file.read_bytes(), a.document.path
    assert b"2026" in pdftools.info(first[0].file).get("CreationDate", "").encode()
    # The build hands unfinished HTML to the workers, which finish it there: the PDFs are the ones the
    # finished HTML gives (typography and hyphenation included), byte for byte.
    from build_tools.print import build_documents
    finished = build_documents(load(tmp_path / "a/mini"))
    third = render_documents(finished, tmp_path / "c", tmp_path / "a/mini", workers=2)
    assert all(doc.finished for doc in finished) and not any(r.document.finished for r in first)
    assert any(SOFT_HYPHEN in doc.html for doc in finished)
    for a, c in zip(first, third):
        assert a.file.read_bytes() == c.file.read_bytes(), a.document.path


def test_cache_rerenders_only_what_changed(mini):
    cache = mini / ".cache/pdf"
    first = build_pdfs(load(mini), cache, workers=2)
    assert all(r.rendered for r in first)
    again = build_pdfs(load(mini), cache, workers=2)
    assert not any(r.rendered for r in again)
    edit(mini / "themes/01-alku/theme.yml", "summary: Ryhmä tutustuu toisiinsa.", "summary: Ryhmä tutustuu.")
    changed = build_pdfs(load(mini), cache, workers=2)
    rendered = sorted(r.document.path for r in changed if r.rendered)
    assert rendered == ["pdf/mentorin-kansio.pdf", "pdf/teema-01-alku-mentori.pdf",
                        "pdf/teema-01-alku-osallistuja.pdf"]


def test_site_links_pdfs_and_lists_them_with_page_counts(mini, tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", AURORAS_PDF="1")
    site = tmp_path / "site"
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(site)], cwd=mini, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert (site / "pdf/teema-01-alku-mentori.pdf").is_file()
    theme_page = (site / "teemat/alku/index.html").read_text()
    assert "../../pdf/teema-01-alku-mentori.pdf" in theme_page
    assert "../../pdf/teema-01-alku-osallistuja.pdf" in theme_page
    prints = (site / "tulosteet/index.html").read_text()
    for pdf in (site / "pdf").iterdir():
        assert f"../pdf/{pdf.name}" in prints
        pages = pdftools.info(pdf)["Pages"]
        assert f'<td align="right"><span class="auroras-pdf-figure">{pages}</span></td>' in prints
    # The theme page says how long each of its PDFs is: the figures the PDF stage gave at the end of the
    # build (print/background.py), in place of the placeholders the page was generated with.
    for name in ("teema-01-alku-mentori.pdf", "teema-01-alku-osallistuja.pdf"):
        pages = int(pdftools.info(site / "pdf" / name)["Pages"])
        link = re.search(rf'href="../../pdf/{name}">[^<]*</a> \(PDF, ([^)]*)\)', theme_page)
        assert link and link.group(1) == f"{pages} {'sivu' if pages == 1 else 'sivua'}", link
        kilobytes = round((site / "pdf" / name).stat().st_size / 1024)
        row = re.search(rf'{name}">.*?</tr>', prints, re.DOTALL)
        assert row and f'<td align="right"><span class="auroras-pdf-figure">{kilobytes} kt</span></td>' in row.group(0), name
    # The themes index links the mentor binder, the A2 index the A2 binder, each with its length.
    for index, name in (("teemat", "mentorin-kansio.pdf"), ("a2", "a2-kansio.pdf")):
        pages = int(pdftools.info(site / "pdf" / name)["Pages"])
        link = re.search(rf'href="../pdf/{name}">([^<]*)</a> \(PDF, (\d+) sivua\)',
                         (site / index / "index.html").read_text())
        assert link and int(link.group(2)) == pages, (index, link)
    # No placeholder is left anywhere: not in a page, not in a search file. The Pagefind index is written
    # before the PDFs are done, so its fragments (gzip) must hold no placeholder and no figure.
    for file in site.rglob("*"):
        if file.suffix in {".html", ".json", ".js", ".xml"}:
            assert "\ue000" not in file.read_text(encoding="utf-8", errors="replace"), file
    fragments = [gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
                 for f in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert fragments and not any(re.search("[\ue000-\uf8ff]", text) for text in fragments)
    listing = next(text for text in fragments if '"url":"/tulosteet/"' in text.replace(" ", ""))
    assert " kt" not in listing and "Tulosteet" in listing
    # The website and its search index carry no soft hyphens.
    assert "\u00ad" not in theme_page and "&shy;" not in theme_page
    assert "\u00ad" not in (site / "search/search_index.json").read_text()


def test_site_pages_are_built_while_the_pdfs_render(mini, tmp_path, monkeypatch):
    """The build waits for the PDFs only after every page is made and the site is indexed for search
    (they render beside it, in workers)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from build_tools import stages

    events = []
    start, page_content, index_search = stages.start_prints, stages.page_content, stages.index_search

    def started(*args, **kwargs):
        job = start(*args, **kwargs)
        results = job.results

        def waited():
            events.append("wait")
            return results()
        job.results = waited
        events.append("start")
        return job

    def content(html):
        events.append("page")
        return page_content(html)
    monkeypatch.setattr(stages, "start_prints", started)
    monkeypatch.setattr(stages, "page_content", content)
    monkeypatch.setattr(stages, "index_search", lambda *args, **kwargs: (events.append("index"),
                                                                         index_search(*args, **kwargs)))
    monkeypatch.setenv("AURORAS_PDF", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(mini)
    build(load_config(str(mini / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True))
    assert events[0] == "start" and "wait" in events
    first_wait = events.index("wait")
    assert events.count("page") > 5 and "page" not in events[first_wait:], events
    assert events.count("index") == 1 and events.index("index") < first_wait, events
    assert (tmp_path / "site/pdf/teema-01-alku-mentori.pdf").is_file()


def test_without_voikko_the_build_warns_and_still_prints(monkeypatch, tmp_path):
    import warnings
    from build_tools import voikko as voikko_module
    from build_tools.print.hyphenate import Hyphenator

    monkeypatch.setitem(sys.modules, "libvoikko", None)  # import fails as if not installed
    voikko_module.voikko.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            h = Hyphenator()
        assert not h.available
        assert any("libvoikko1 ja voikko-fi" in str(w.message) for w in caught)
        html = f'<html lang="fi"><head><title>t</title></head><body><p>{LONG}</p></body></html>'
        assert h.html(html) == html
        result, = render_documents([PrintDocument("pdf/x.pdf", "t", "mentor", html)], tmp_path, tmp_path,
                                   workers=1)
        assert result.pages == 1
    finally:
        voikko_module.voikko.cache_clear()


# --- the binder, assembled from separately rendered parts -----------------------------------------

BINDERS = ("pdf/mentorin-kansio.pdf", "pdf/a2-kansio.pdf")


def _sections(curriculum, path):
    """The level-1 bookmarks a binder should have after its contents: overview, then a theme or lesson each."""
    items = curriculum.themes if path == BINDERS[0] else curriculum.lessons
    return ["Sisällys", "Puoli vuotta"] + [f"{item.number}. {item.title}" for item in items]


def _page_texts(pdf: Path) -> list[str]:
    return pdftools.text(pdf, "-layout").split("\f")[:-1]


@pytest.mark.parametrize("path", BINDERS)
def test_binder_page_numbers_run_on_across_its_parts(built, path):
    result = built[2][path]
    pages = _page_texts(result.file)
    assert len(pages) == result.pages
    numbered = {}
    for number, text in enumerate(pages, 1):
        found = re.findall(r"Sivu (\d+) / (\d+)", text)
        if found:
            assert found == [(str(number), str(result.pages))], (number, found)
            numbered[number] = text
    # Every page with text has its number, except the cover and contents (cover pages) and handout copies.
    for number, text in enumerate(pages, 1):
        if number > 2 and text.strip() and "Moniste – saa kopioida" not in text:
            assert number in numbered, (number, text[:200])
    assert set(numbered) >= {3, 5, 6, 7}


@pytest.mark.parametrize("path", BINDERS)
def test_binder_sections_start_on_odd_pages_as_the_contents_say(built, path):
    result = built[2][path]
    sections = [(title, page) for level, title, page in bookmarks(result.file) if level == 1]
    _, curriculum, _ = built
    assert [title for title, _ in sections] == _sections(curriculum, path)
    contents = _page_texts(result.file)[1]
    for title, page in sections[1:]:
        assert page % 2 == 1, (title, page)
        heading = title.split(". ", 1)[-1]
        line = next(line for line in contents.splitlines() if heading in line)
        assert int(line.split()[-1]) == page, (title, line)
    # A blank left-hand page before a section that would start on the left, with nothing on it.
    for (_, page), (_, following) in zip(sections[1:], sections[2:]):
        if (following - page) % 2 == 0 and following - 1 > page:
            assert not _page_texts(result.file)[following - 2].strip()


@pytest.mark.parametrize("path", BINDERS)
def test_binder_keeps_one_structure_tree_for_all_its_parts(built, path):
    from pypdf import PdfReader

    result = built[2][path]
    assert pdftools.info(result.file)["Tagged"] == "yes"
    reader = PdfReader(result.file)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document, = root["/K"]
    assert document.get_object()["/S"] == "/Document"
    nums = root["/ParentTree"]["/Nums"]
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert len(tree) == len(nums) // 2 and root["/ParentTreeNextKey"] == max(tree) + 1
    marked = 0
    for number, page in enumerate(reader.pages, 1):
        content = page.get_contents().get_data() if page.get_contents() is not None else b""
        mcids = {int(m) for m in re.findall(rb"/MCID (\d+)", content)}
        if not mcids:
            continue
        marked += 1
        elements = tree[int(page["/StructParents"])].get_object()
        assert max(mcids) < len(elements), number
        for element in elements:  # each element hangs in the one tree: up its parents to the Document
            element = element.get_object()
            while element.get("/S") != "/Document":
                element = element["/P"].get_object()
            assert element.indirect_reference == document
        for annotation in page.get("/Annots", []):  # a link's element holds its annotation (OBJR)
            element = tree[int(annotation.get_object()["/StructParent"])].get_object()
            kids = element["/K"] if isinstance(element["/K"], list) else [element["/K"]]
            assert any(isinstance(k.get_object(), dict) and k.get_object().get("/Obj") == annotation for k in kids)
    assert marked == sum(1 for text in _page_texts(result.file) if text.strip())
    assert b"/Lang (fi)" in pdftools.objects(result.file)
    assert b"pdfuaid:part" in pdftools.objects(result.file)
    # The structure reads the whole binder: every section's heading is tagged text.
    struct = subprocess.run(["pdfinfo", "-struct-text", str(result.file)], capture_output=True, text=True,
                            check=True).stdout
    assert "Puoli vuotta" in struct and "Sisällys" in struct
    assert ("Tavoitteet" if path == BINDERS[0] else "Dialogi") in struct


@pytest.mark.parametrize("path", BINDERS)
def test_binder_contents_link_to_the_sections(built, path):
    from pypdf import PdfReader

    result = built[2][path]
    reader = PdfReader(result.file)
    dests = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    sections = {title: page for level, title, page in bookmarks(result.file) if level == 1}
    targets = [str(a.get_object()["/Dest"]) for a in reader.pages[1].get("/Annots", [])
               if "/Dest" in a.get_object()]
    _, curriculum, _ = built
    first, title = (("teema-1", _sections(curriculum, path)[2]) if path == BINDERS[0]
                    else ("a2-1", _sections(curriculum, path)[2]))
    assert "puoli-vuotta" in targets and first in targets
    assert dests["puoli-vuotta"] == sections["Puoli vuotta"] and dests[first] == sections[title]
    assert not any(name.startswith("sisallys-") for name in dests)


def test_binder_is_assembled_again_from_cached_parts(mini):
    """Every part in the cache but not the assembled binder: it is assembled in this process, no render."""
    import json

    cache = mini / ".cache/pdf"
    first = {r.document.path: r for r in build_pdfs(load(mini), cache, workers=2)}
    for meta in cache.glob("*.json"):
        if json.loads(meta.read_text()).get("path") in ("pdf/mentorin-kansio.pdf", "pdf/a2-kansio.pdf"):
            meta.with_suffix(".pdf").unlink()
    again = {r.document.path: r for r in build_pdfs(load(mini), cache, workers=2)}
    for name in ("pdf/mentorin-kansio.pdf", "pdf/a2-kansio.pdf"):
        assert again[name].file.read_bytes() == first[name].file.read_bytes()
    assert [path for path, r in again.items() if r.rendered] == ["pdf/mentorin-kansio.pdf", "pdf/a2-kansio.pdf"]


def test_binder_edit_renders_only_the_changed_part(mini):
    import json

    cache = mini / ".cache/pdf"
    first = {r.document.path: r for r in build_pdfs(load(mini), cache, workers=2)}
    parts = lambda: {json.loads(m.read_text()).get("path"): m.stem for m in cache.glob("*.json")}  # noqa: E731
    before = parts()
    assert {"pdf/mentorin-kansio.pdf#kansi", "pdf/mentorin-kansio.pdf#puoli-vuotta",
            "pdf/mentorin-kansio.pdf#teema-1", "pdf/a2-kansio.pdf#kansi", "pdf/a2-kansio.pdf#a2-1"} <= set(before)
    # The overview is the same in both binders: one part, rendered and cached once.
    assert "pdf/a2-kansio.pdf#puoli-vuotta" not in before
    edit(mini / "themes/01-alku/theme.yml", "summary: Ryhmä tutustuu toisiinsa.", "summary: Ryhmä tutustuu.")
    stamp = {m.name: m.stat().st_mtime_ns for m in cache.glob("*.json")}
    reported = []
    changed = {r.document.path: r for r in build_pdfs(
        load(mini), cache, workers=2, progress=lambda done, total, doc, rendered: reported.append((done, total, doc.path)))}
    # Progress counts each rendered document once, up to the total (the A2 binder, found in the cache at
    # once, was counted again whenever a part of the other binder came back: "PDF 59/58").
    total = len(changed)
    assert [done for done, _, _ in reported] == sorted({done for done, _, _ in reported})
    assert all(t == total and done <= total for done, t, _ in reported) and reported[-1][0] == total
    assert sorted(path for _, _, path in reported) == sorted(path for path, r in changed.items() if r.rendered)
    new = {json.loads(m.read_text()).get("path") for m in cache.glob("*.json") if m.name not in stamp}
    # The theme's own PDFs, its binder part and the new assembly; the overview, the front and the
    # page-number reference come from the cache (the theme's length did not change).
    assert new == {"pdf/teema-01-alku-mentori.pdf", "pdf/teema-01-alku-osallistuja.pdf",
                   "pdf/mentorin-kansio.pdf#teema-1", "pdf/mentorin-kansio.pdf"}
    assert changed["pdf/mentorin-kansio.pdf"].rendered
    assert changed["pdf/mentorin-kansio.pdf"].pages == first["pdf/mentorin-kansio.pdf"].pages
    assert changed["pdf/mentorin-kansio.pdf"].file != first["pdf/mentorin-kansio.pdf"].file
    assert changed["pdf/a2-kansio.pdf"].file == first["pdf/a2-kansio.pdf"].file  # a theme edit leaves it be

    # An A2 lesson edit: the lesson's pack, its part of the A2 binder and that binder's assembly only.
    stamp = {m.name for m in cache.glob("*.json")}
    edit(mini / "a2_lessons/01-tervehdys/lesson.yml", "subtitle: Sanon hei", "subtitle: Sanon hei ja moi")
    again = {r.document.path: r for r in build_pdfs(load(mini), cache, workers=2)}
    new = {json.loads(m.read_text()).get("path") for m in cache.glob("*.json") if m.name not in stamp}
    assert new == {"pdf/a2-01-a2-tervehdys.pdf", "pdf/a2-kansio.pdf#a2-1", "pdf/a2-kansio.pdf"}
    assert again["pdf/mentorin-kansio.pdf"].file == changed["pdf/mentorin-kansio.pdf"].file


def test_workers_started_before_the_content_loads_are_stopped_when_it_has_errors(mini, monkeypatch):
    """The PDF workers start before the content is read; content errors end the build and stop them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from build_tools import stages

    started, stopped = [], []
    start, stop = stages.start_pdf_workers, stages.stop_pdf_workers
    monkeypatch.setattr(stages, "start_pdf_workers", lambda root: started.append(start(root)) or started[-1])
    monkeypatch.setattr(stages, "stop_pdf_workers", lambda workers: (stopped.append(workers), stop(workers)))
    monkeypatch.setenv("AURORAS_PDF", "1")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(mini)
    theme = next((mini / "themes").glob("*/theme.yml"))
    theme.write_text(theme.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    with pytest.raises(Abort):  # mkdocs logs the plugin's error ("Sisällössä on virheitä") and aborts
        build(load_config(str(mini / "mkdocs.yml"), strict=True))
    assert len(started) == 1 and stopped == started
    assert started[0].executor._shutdown_thread  # no worker is left running


def _modules_after_importing(*modules: str) -> set[str]:
    """What a fresh interpreter has loaded after importing ``modules``: build_tools' modules by their full
    names, the others by their top-level package."""
    code = (f"import sys, {', '.join(modules)}; print(' '.join(sorted("
            "{m if m.startswith('build_tools') else m.split('.')[0] for m in sys.modules})))")
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def _assert_not_loaded(loaded: set[str], *packages: str) -> None:
    for package in packages:
        assert not [m for m in loaded if m == package or m.startswith(package + ".")], package


def test_the_worker_module_imports_none_of_the_build():
    """The fork server preloads print/worker.py: it must not bring the content model, the site engine or
    the templates into the server and every worker (print/render.py, FORK_SERVER_PRELOAD)."""
    _assert_not_loaded(_modules_after_importing("build_tools.print.worker"), "build_tools.model",
                       "build_tools.print.documents", "build_tools.web", "mkdocs", "jinja2", "pydantic", "markdown")


def test_the_pdf_workers_can_start_before_the_content_model_is_imported():
    """MkDocs imports the plugin while it reads mkdocs.yml, and on_config starts the PDF workers before it
    imports the loader, the model and the web renderer: the fork server imports WeasyPrint meanwhile.
    So neither the plugin module nor what starting the workers imports (stages, print/render.py) may
    bring them in."""
    loaded = _modules_after_importing("build_tools.mkdocs_plugin", "build_tools.stages", "build_tools.print.render")
    _assert_not_loaded(loaded, "build_tools.model", "build_tools.loader", "build_tools.web",
                       "build_tools.print.documents", "build_tools.search")


def test_the_commands_a_pdf_worker_imports_again_stay_small():
    """Every PDF worker imports the build's main script again as it starts (Python 3.11's fork server
    does not preload it, print/render.py): the `auroras` script imports build_tools.cli, which must not
    bring in the loader and the content model (0.12 s of CPU in every worker)."""
    _assert_not_loaded(_modules_after_importing("build_tools.cli"), "build_tools.model", "build_tools.loader",
                       "build_tools.web", "build_tools.print")


def test_the_build_process_leaves_its_heap_out_of_the_exit_collections(tmp_path):
    """The `auroras` command and the MkDocs plugin's on_shutdown freeze the heap just before the process
    exits (stages.before_exit), so that Python's finalization does not collect over all of it."""
    report = "import atexit, gc; atexit.register(lambda: print('frozen', gc.get_freeze_count()))"
    cli = f"{report}; import sys; from build_tools import cli; sys.argv = ['auroras', 'schema', {str(tmp_path)!r}]; " \
          "raise SystemExit(cli.run())"
    plugin = f"{report}; from build_tools.mkdocs_plugin import AurorasPlugin; AurorasPlugin().on_shutdown()"
    for code in (cli, plugin):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert int(out.split("frozen")[-1]) > 1000, out


def test_a_build_collects_garbage_less_often_and_gives_the_threshold_back():
    import gc

    from build_tools import stages
    from build_tools.mkdocs_plugin import AurorasPlugin

    before = gc.get_threshold()
    try:
        previous = stages.collect_less()
        assert previous == before and gc.get_threshold()[0] >= stages.GC_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        stages.restore_collection(previous)
        assert gc.get_threshold() == before

        # The plugin raises it in on_config and gives it back after the build, and after a failed one.
        plugin = AurorasPlugin()
        plugin._collection = stages.collect_less()
        plugin.on_build_error(error=RuntimeError("x"))
        assert gc.get_threshold() == before
        plugin._collection = stages.collect_less()
        plugin._post_build = lambda config: (_ for _ in ()).throw(RuntimeError("post build failed"))
        try:
            plugin.on_post_build(None)
        except RuntimeError:
            pass
        assert gc.get_threshold() == before
    finally:
        gc.set_threshold(*before)
