"""Mentor-only material in handouts: the !!! mentori block, where it goes, and where it never goes.

Also the two sentence fixes made at their source: no full stop after a title that ends in ? or !,
and a goals lead-in that agrees with first-person goals.
"""

import html
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, edit, line_of
from test_errors import assert_problem, check_fails

from build_tools.loader import load_curriculum
from build_tools.markup.audience import (DEFAULT_TITLE, blank_mentor_only, lint_audience, mentor_view,
                                         split_mentor_only)
from build_tools.markup.sentences import full_stop, sentence_end
from build_tools.print.documents import build_documents

HANDOUT = """Lue väitteet.

| Nro | Väite |
|---|---|
| 1 | Sopimuksen voi tehdä suullisesti. |

!!! mentori "Oikeat vastaukset"
    1. **Totta.** Kirjallinen sopimus on silti turvallisempi.

    ## Lisätieto
    Kerro tämä vasta pelin jälkeen.

## Mitä opin?

___
"""


# --- the block --------------------------------------------------------------------------------


def test_split_removes_the_block_and_returns_the_note():
    text, notes = split_mentor_only(HANDOUT)
    assert "Totta" not in text and "Lisätieto" not in text and "mentori" not in text
    assert text == ("Lue väitteet.\n\n| Nro | Väite |\n|---|---|\n| 1 | Sopimuksen voi tehdä suullisesti. |\n\n"
                    "## Mitä opin?\n\n___\n")
    (note,) = notes
    assert note.title == "Oikeat vastaukset"
    assert note.line == 7
    assert note.body == ("1. **Totta.** Kirjallinen sopimus on silti turvallisempi.\n\n## Lisätieto\n"
                         "Kerro tämä vasta pelin jälkeen.\n")


def test_split_leaves_no_blank_line_mess_at_start_middle_or_end():
    text = "!!! mentori\n    Alku.\n\n\nYksi.\n\n!!! mentori\n    Keski.\n\n\nKaksi.\n\n!!! mentori\n    Loppu.\n\n"
    participant, notes = split_mentor_only(text)
    assert participant == "Yksi.\n\nKaksi.\n"
    assert [n.title for n in notes] == [DEFAULT_TITLE] * 3
    assert [n.body for n in notes] == ["Alku.\n", "Keski.\n", "Loppu.\n"]
    assert [n.line for n in notes] == [1, 7, 13]


def test_text_without_blocks_is_unchanged():
    for text in ("", "Yksi.\n", "Yksi.\n\n\nKaksi.", "!!! tip \"Vinkki\"\n    Ei mentorille.\n"):
        assert split_mentor_only(text) == (text, [])
        assert mentor_view(text) == text
        assert blank_mentor_only(text) == text


def test_blocks_inside_fenced_code_are_text():
    text = "```\n!!! mentori \"Ei lohko\"\n    koodia\n```\n\n~~~~\n!!! mentori\n~~~~\n"
    assert split_mentor_only(text) == (text, [])
    assert mentor_view(text) == text
    assert lint_audience(text) == []


def test_tab_indented_body_and_curly_quoted_title():
    _, (note,) = split_mentor_only("!!! mentori ”Järjestely”\n\tTuolit piiriin.\n\t\tSisennetty.\n")
    assert note.title == "Järjestely"
    assert note.body == "Tuolit piiriin.\n\tSisennetty.\n"  # only the block's own indent goes


def test_mentor_view_labels_each_block_in_place_and_shifts_headings():
    view = mentor_view(HANDOUT, shift=2)
    assert '!!! mentor-only "Vain mentorille: Oikeat vastaukset"\n' in view
    assert "    1. **Totta.** Kirjallinen" in view
    assert "    #### Lisätieto\n" in view  # inside the note
    assert "\n#### Mitä opin?\n" in view  # outside it
    assert view.index("Sopimuksen voi") < view.index("mentor-only") < view.index("Mitä opin?")
    assert mentor_view("Teksti.\n!!! mentori\n    Vain.\nJatkuu.\n") == \
        'Teksti.\n\n!!! mentor-only "Vain mentorille"\n    Vain.\n\nJatkuu.\n'


def test_mentor_view_renders_as_a_mentor_only_admonition():
    from build_tools.markup.markdown import render
    out = render(mentor_view(HANDOUT))
    assert re.search(r'<div class="admonition mentor-only">\s*<p class="admonition-title">Vain mentorille: '
                     r"Oikeat vastaukset</p>", out)
    assert "<h2" in out and "Lisätieto</h2>" in out  # the note's heading stays inside the box
    assert out.index("Kerro tämä vasta") < out.index("Mitä opin?")


def test_blank_mentor_only_keeps_line_numbers():
    blanked = blank_mentor_only(HANDOUT)
    assert blanked.count("\n") == HANDOUT.count("\n")
    assert "Totta" not in blanked
    assert blanked.splitlines()[12] == "## Mitä opin?" == HANDOUT.splitlines()[12]


# --- the check --------------------------------------------------------------------------------


def test_lint_accepts_a_good_handout():
    assert lint_audience(HANDOUT) == []


@pytest.mark.parametrize("text, line, column, words", [
    ("Alku.\n\n!!! mentori \"Tyhjä\"\n\nLoppu.\n", 3, 1, ("tyhjä",)),
    ("!!! mentori\n  Kaksi välilyöntiä.\n", 2, 1, ("2 välilyönnillä", "neljällä", "näkyy osallistujille")),
    ("!!! mentori Oikeat vastaukset\n    1. Totta.\n", 1, 1, ("lainausmerkkeihin",)),
    ("!!! mentor \"Vastaukset\"\n    1. Totta.\n", 1, 1, ("tuntematon lohkon tyyppi 'mentor'",)),
    ("!!! mentor-only\n    1. Totta.\n", 1, 1, ("'mentor-only'",)),
    ("- kohta\n\n    !!! mentori\n        Sisennetty.\n", 3, 5, ("rivin alusta",)),
    ("!!! mentori\n    Ulompi.\n    !!! mentori\n        Sisempi.\n", 3, 5, ("toista mentorin lohkoa",)),
    ("## Oikeat vastaukset\n\n1. Totta.\n", 1, 4, ("'Oikeat vastaukset'", "!!! mentori")),
    ("Hyvä tietää.\nOhje mentorille: jaa kortit.\n", 2, 1, ("'Ohje mentorille'",)),
    ("Vastaukset: 1 totta, 2 tarua.\n", 1, 1, ("'Vastaukset:'",)),
    ("Katso istumajärjestystä.\n", 1, 7, ("'istumajärjestystä'",)),
])
def test_lint_reports_at_the_line_and_column_in_finnish(text, line, column, words):
    problems = lint_audience(text)
    assert any(p[0] == line and p[1] == column and all(w in p[2] for w in words) for p in problems), problems


def test_lint_ignores_mentor_words_inside_a_block_and_in_code():
    assert lint_audience('!!! mentori "Oikeat vastaukset"\n    Istumajärjestys ja vastaukset: alla.\n') == []
    assert lint_audience("```\nOikeat vastaukset\n```\n") == []
    assert lint_audience("Ohje mentorille.\n", participant=False) == []


def test_auroras_check_reports_audience_problems_with_path_line_and_column(mini):
    handout = "themes/01-alku/monisteet/mina.md"
    path = mini / handout
    edit(path, "Kirjoita nimesi.", "Kirjoita nimesi.\n\nOikeat vastaukset: Anna.\n\n!!! mentori\n  Väärin sisennetty.")
    output = check_fails(mini)
    assert_problem(output, handout, line_of(path, "Oikeat vastaukset: Anna"), "'Oikeat vastaukset'")
    assert_problem(output, handout, line_of(path, "!!! mentori"), "tyhjä")
    assert_problem(output, handout, line_of(path, "Väärin sisennetty"), "neljällä")
    assert f"{handout}:{line_of(path, 'Oikeat vastaukset: Anna')}:1:" in output


# --- sentences after titles -------------------------------------------------------------------


def test_full_stop_only_when_the_title_has_no_ending_mark():
    assert [full_stop(t) for t in ("Työhaastattelussa", "Katsotko ansioluetteloni?", "Hauska tavata!",
                                   "Ja niin edelleen…", "Loppu.", 'Hän kysyi: "Tuletko?"', "**Hei!**")] == \
        [".", "", "", "", "", "", ""]
    assert sentence_end("Hauska tavata!") == "Hauska tavata!"
    assert sentence_end("Lapsi on sairas ") == "Lapsi on sairas."


# --- the outputs of the real curriculum -------------------------------------------------------


def _text(markup: str) -> str:
    """Visible text of print or page HTML: no tags, soft hyphens or entities; whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'<span class="auroras-search-terms"[^>]*>.*?</span>', " ", markup, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\u00ad", "")
    return " ".join(text.split())


def _note_phrases(body: str) -> list[str]:
    """Distinctive plain phrases of a note: each line without Markdown marks, at least 20 letters."""
    phrases = []
    for line in body.splitlines():
        line = re.sub(r"^\s*(?:\d+\.|[-*+])\s+", "", line)
        line = re.sub(r"[*_`#>]", "", line).strip()
        if len(line) >= 20:
            phrases.append(" ".join(line.split()))
    return phrases


@pytest.fixture(scope="module")
def real():
    curriculum, problems = load_curriculum(REPO)
    assert curriculum is not None, problems.items
    return curriculum, build_documents(curriculum)


def _all_notes(curriculum):
    found = []
    for theme in curriculum.themes:
        folder = curriculum.theme_folder(theme)
        for handout in theme.handouts:
            found += [(theme, note) for note in split_mentor_only(curriculum.text(folder, handout.file))[1]]
    for lesson in curriculum.lessons:
        if lesson.handout.file:
            folder = curriculum.lesson_folder(lesson)
            found += [(lesson, note) for note in split_mentor_only(curriculum.text(folder, lesson.handout.file))[1]]
    return found


def _participant_sheet(markup: str) -> str:
    start = markup.index('class="appendix participant-sheet"')
    return markup[start:markup.index("</section>", start)]


def test_the_theme_10_answer_key_is_a_mentor_note(real):
    curriculum, _ = real
    notes = [(owner, note) for owner, note in _all_notes(curriculum) if getattr(owner, "number", None) == 10
             and hasattr(owner, "activities")]
    assert [note.title for _, note in notes] == ["Oikeat vastaukset"]
    assert len(re.findall(r"^\d+\. \*\*(?:Totta|Tarua)\.\*\*", notes[0][1].body, re.M)) == 12


def test_no_participant_document_contains_a_mentor_note(real):
    curriculum, docs = real
    notes = _all_notes(curriculum)
    assert notes, "the curriculum has mentor notes (theme 10's answer key at least)"
    phrases = [p for _, note in notes for p in _note_phrases(note.body)]
    assert phrases
    participant = [(d.path, _text(d.html)) for d in docs if d.kind == "participant"]
    participant += [(d.path, _text(_participant_sheet(d.html))) for d in docs if d.kind == "a2"]
    for path, text in participant:
        leaked = [p for p in phrases if p in text]
        assert not leaked, (path, leaked)
        assert "Vain mentorille" not in text, path


def test_mentor_pack_and_binder_carry_the_notes_in_a_labelled_part(real):
    curriculum, docs = real
    by_path = {d.path: d for d in docs}
    for owner, note in _all_notes(curriculum):
        if not hasattr(owner, "activities"):
            continue
        pack = by_path[f"pdf/teema-{owner.number:02d}-{owner.slug}-mentori.pdf"].html
        part = pack[pack.index('class="appendix mentor-notes"'):]
        assert "Vain mentorille" in _text(part)
        assert f"mentorin muistiinpanot: {note.title}" in _text(part)
        for phrase in _note_phrases(note.body):
            assert phrase in _text(part)
            assert phrase in _text(by_path["pdf/mentorin-kansio.pdf"].html)
        # The handout's copy page in the pack, which is photocopied, has the participant text only.
        copies = pack[pack.index('class="appendix handout-copy"'):pack.index('class="appendix mentor-notes"')]
        assert not any(phrase in _text(copies) for phrase in _note_phrases(note.body))


def test_theme_10_participant_handout_keeps_the_game_and_its_12_row_table(real):
    _, docs = real
    doc = next(d for d in docs if d.path == "pdf/teema-10-tyosopimus-ja-oikeudet-osallistuja.pdf")
    markup = doc.html.replace("\u00ad", "")
    text = _text(markup)
    assert "Totta vai tarua?" in text and "Meidän vastauksemme" in text
    assert "Oikeat vastaukset" not in text and "Leikkaa" not in text
    table = markup[markup.index("Meidän vastauksemme"):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == 13  # the header and one row per card


def test_the_seating_diagram_is_for_mentors_only(real):
    curriculum, docs = real
    theme = curriculum.themes[0]
    (image,) = [i for i in theme.images if "tuolit" in i.path]
    assert image.audience == "mentor"
    by_path = {d.path: html.unescape(d.html.replace("\u00ad", "")) for d in docs}
    participant = by_path[f"pdf/teema-01-{theme.slug}-osallistuja.pdf"]
    mentor = by_path[f"pdf/teema-01-{theme.slug}-mentori.pdf"]
    assert image.alt not in participant and "data:image/svg+xml" not in participant
    assert image.alt in mentor
    assert re.search(r'<figure class="image mentor-only">.*?Vain mentorille', mentor, re.S)


def test_goals_lead_in_agrees_with_first_person_goals(real, site):
    curriculum, docs = real
    mentor_docs = [d for d in docs if d.kind in ("mentor", "binder")]
    for doc in mentor_docs:
        assert "Tapaamisen jälkeen osallistuja voi sanoa:" in _text(doc.html), doc.path
        assert "Tapaamisen jälkeen osallistuja:" not in _text(doc.html), doc.path
    for theme in curriculum.themes:
        page = _text((site / "teemat" / theme.slug / "index.html").read_text(encoding="utf-8"))
        assert "Tapaamisen jälkeen osallistuja voi sanoa:" in page
        assert "Tapaamisen jälkeen osallistuja:" not in page


def test_mentor_web_page_shows_notes_in_place_labelled(real, site):
    curriculum, _ = real
    for owner, note in _all_notes(curriculum):
        folder = "teemat" if hasattr(owner, "activities") else "a2"
        markup = (site / folder / owner.slug / "index.html").read_text(encoding="utf-8")
        boxes = re.findall(r'<div class="admonition mentor-only">(.*?)</div>', markup, re.S)
        label = "Vain mentorille" if note.title == DEFAULT_TITLE else f"Vain mentorille: {note.title}"
        box = next(_text(b) for b in boxes if label in _text(b))
        for phrase in _note_phrases(note.body):
            assert phrase in box
    seating = _text((site / "teemat" / curriculum.themes[0].slug / "index.html").read_text(encoding="utf-8"))
    assert "Vain mentorille Näin järjestät tuolit" in seating


_DOUBLE = re.compile(r"[?!]\.(?!\.)")


def test_no_full_stop_after_a_title_that_ends_in_a_mark(real, site):
    _, docs = real
    for doc in docs:
        text = _text(doc.html)
        assert not _DOUBLE.search(text), (doc.path, _DOUBLE.findall(text))
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        text = _text(page.read_text(encoding="utf-8"))
        found = [text[max(0, m.start() - 30):m.end()] for m in _DOUBLE.finditer(text)]
        assert not found, (page, found)
    theme6 = _text((site / "teemat" / "ansioluettelo" / "index.html").read_text(encoding="utf-8"))
    assert "Toisto-menetelmän tunti: Katsotko ansioluetteloni?" in theme6


# --- a small project: an A2 handout with a note ----------------------------------------------


def test_a2_take_home_sheet_has_no_note_and_the_pack_has_it(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    lesson = root / "a2_lessons/01-tervehdys/lesson.yml"
    edit(lesson, "handout:\n  title: Sanasto\n", "handout:\n  title: Sanasto\n  file: moniste.md\n")
    (lesson.parent / "moniste.md").write_text(
        "**Sano ääneen kotona.**\n\n- Hei!\n\n!!! mentori \"Järjestely\"\n"
        "    Laita tuolit puolikaareen ennen tuntia.\n", encoding="utf-8")
    curriculum, problems = load_curriculum(root)
    assert curriculum is not None, problems.items
    (doc,) = [d for d in build_documents(curriculum) if d.kind == "a2"]
    sheet = _text(_participant_sheet(doc.html))
    assert "Sano ääneen kotona." in sheet and "puolikaareen" not in sheet
    notes = _text(doc.html[doc.html.index('class="appendix mentor-notes"'):])
    assert "Liite: Sanasto – mentorin muistiinpanot: Järjestely" in notes
    assert "Laita tuolit puolikaareen ennen tuntia." in notes
