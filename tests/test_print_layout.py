"""Workbook layout of the built PDFs, read with pdfplumber (tests/pdflayout.py): no split dialogue or
timetable, no stranded heading, no near-empty mid-document page, binder sections on right-hand pages,
no soft hyphens in bookmarks, a link annotation wherever a URL is printed, hyphen breaks Voikko allows."""

import shutil

import pytest

import pdflayout
import pdftools
from conftest import FIXTURES, edit
from build_tools.loader import load_curriculum
from build_tools.print import build_pdfs
from build_tools.print.hyphenate import hyphenator

LESSON = "a2_lessons/01-tervehdys/lesson.yml"
WRITTEN = "dialogue:\n  - {speaker: A, line: Hei!}\n  - {speaker: B, line: Hei! Minä olen Anna.}\n"
LINE = "Hei! Minä olen Anna. Asun Helsingissä ja opiskelen suomea joka päivä."


def _render(root):
    curriculum, problems = load_curriculum(root)
    assert curriculum is not None, problems.items
    results = build_pdfs(curriculum, root / ".cache/pdf", workers=2)
    return {r.document.path: pdflayout.read(r.file) for r in results}


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """The mini fixture's PDFs, its A2 lesson given a dialogue and an expansion that do not fit on one
    page together (the case that used to spill a line or two onto an extra page)."""
    root = tmp_path_factory.mktemp("layout") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    lines = "".join(f"  - {{speaker: {'AB'[i % 2]}, line: \"{LINE}\"}}\n" for i in range(10))
    expansion = "".join(f"  - {{speaker: {'AB'[i % 2]}, line: \"{LINE}\"}}\n" for i in range(8))
    edit(root / LESSON, WRITTEN, "dialogue:\n" + lines + "dialogue_expansion:\n" + expansion)
    return _render(root)


def test_the_layout_reader_sees_the_documents(layouts):
    binder = layouts["pdf/mentorin-kansio.pdf"]
    assert any(block.heading for page in binder.pages for block in page.blocks)
    a2 = next(layout for path, layout in layouts.items() if path.startswith("pdf/a2-"))
    assert sum(1 for page in a2.pages for block in page.blocks if pdflayout.is_dialogue(block)) >= 2


def test_no_dialogue_or_timetable_is_split(layouts):
    for layout in layouts.values():
        assert pdflayout.split_tables(layout, pdflayout.is_dialogue) == []
        assert pdflayout.split_tables(layout, pdflayout.is_timetable) == []


def test_dialogue_and_its_expansion_each_on_one_page(layouts):
    a2 = next(layout for path, layout in layouts.items() if path.startswith("pdf/a2-"))
    pages = [page.number for page in a2.pages if any(pdflayout.is_dialogue(b) for b in page.blocks)]
    assert len(pages) == 2, pages  # too long together: the expansion starts the next page whole
    for page in a2.pages:
        dialogue = [b for b in page.blocks if pdflayout.is_dialogue(b)]
        if dialogue:
            assert sum(b.lines for b in dialogue) >= 8, (page.number, dialogue)


def test_no_stranded_heading(layouts):
    for layout in layouts.values():
        assert pdflayout.stranded_headings(layout) == []


def test_no_near_empty_page_in_mid_document(layouts):
    for path, layout in layouts.items():
        found = pdflayout.near_empty_pages(layout)
        if path in ("pdf/mentorin-kansio.pdf", "pdf/a2-kansio.pdf"):  # a mini binder's contents: three entries
            found = [item for item in found if " s. 2:" not in item]
        assert found == [], path
        assert pdflayout.misplaced_blank_pages(layout) == [], path


@pytest.mark.parametrize("path, first", [("pdf/mentorin-kansio.pdf", "1. Alku"),
                                         ("pdf/a2-kansio.pdf", "1. Tervehdys")])
def test_binder_sections_start_on_right_hand_pages(layouts, path, first):
    binder = layouts[path]
    starts = [(title, page) for level, title, page in binder.bookmarks if level == 1 and title != "Sisällys"]
    assert [title for title, _ in starts][:2] == ["Puoli vuotta", first]
    assert all(page % 2 == 1 for _, page in starts), starts


def test_bookmarks_carry_no_soft_hyphens(layouts):
    for layout in layouts.values():
        assert layout.bookmarks
        assert pdflayout.soft_hyphen_bookmarks(layout) == []


def test_every_printed_url_is_a_link(layouts):
    with_links = 0
    for path, layout in layouts.items():
        assert pdflayout.missing_links(layout) == [], path
        with_links += bool(layout.links)
    assert with_links >= 3  # mentor pack, A2 pack and binder print their page's address


def test_hyphen_breaks_are_ones_voikko_allows(layouts):
    h = hyphenator()
    for layout in layouts.values():
        for head, tail in pdflayout.hyphen_breaks(layout):
            word = head + tail
            assert len(head) in h.points(word), (layout.path.name, head, tail)


def test_handout_copies_have_their_own_footer(layouts):
    pack = layouts["pdf/teema-01-alku-mentori.pdf"]
    assert "Moniste – saa kopioida" in pack.text
    # An A2 pack's participant sheet is a copy master too, on its own pages with that footer.
    a2 = next(layout for path, layout in layouts.items() if path.startswith("pdf/a2-0"))
    pages = pdftools.text(a2.path).split("\f")
    sheet = next(i for i, text in enumerate(pages) if "MONISTE OSALLISTUJILLE" in text.upper())
    assert "Moniste – saa kopioida" in pages[sheet] and "Sivu" not in pages[sheet]


# The real curriculum's documents where layout went wrong before: a handout whose title is followed by a
# lead-in and a long table (Aihekortit), a self-assessment sheet made of parts (Itsearviointi), a theme's
# mentor pack and handout, and A2 packs with their dialogues.
REAL = ("tapaaminen-verkostoitumistapahtuma-osallistuja", "tapaaminen-kertaus-osallistuja",
        "teema-08-tyohaastattelu-mentori", "teema-08-tyohaastattelu-osallistuja", "a2-01-", "a2-10-",
        "teema-07-tyohakemus-osallistuja")  # a worksheet title over a page-long first exercise


@pytest.fixture(scope="module")
def real_layouts(tmp_path_factory):
    from conftest import REPO
    from build_tools.print import build_documents, render_documents
    curriculum, problems = load_curriculum(REPO)
    assert curriculum is not None, problems.items
    cache = tmp_path_factory.mktemp("real-layout")
    docs = [d for d in build_documents(curriculum)
            if any(d.path.removeprefix("pdf/").startswith(name) for name in REAL)]
    assert len(docs) == len(REAL)
    results = render_documents(docs, cache, curriculum.root, workers=2)
    return {r.document.path: pdflayout.read(r.file) for r in results}


def test_real_documents_follow_every_layout_rule(real_layouts):
    h = hyphenator()
    for path, layout in real_layouts.items():
        assert pdflayout.split_tables(layout, pdflayout.is_dialogue) == [], path
        assert pdflayout.split_tables(layout, pdflayout.is_timetable) == [], path
        assert pdflayout.stranded_headings(layout) == [], path
        assert pdflayout.near_empty_pages(layout) == [], path
        assert pdflayout.misplaced_blank_pages(layout) == [], path
        assert pdflayout.soft_hyphen_bookmarks(layout) == [], path
        assert pdflayout.missing_links(layout) == [], path
        breaks = pdflayout.hyphen_breaks(layout)
        assert [(a, b) for a, b in breaks if len(a) not in h.points(a + b)] == [], path
    handout = real_layouts["pdf/teema-08-tyohaastattelu-osallistuja.pdf"]
    assert len(pdflayout.hyphen_breaks(handout)) > 5  # the reader sees the breaks (U+00AD in the text layer)
