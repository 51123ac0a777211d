"""Spoken Finnish: an A2 lesson's dialogue_spoken and a theme's spoken_finnish, their checks and their output."""

import html
import json

import pytest

from conftest import REPO, edit, line_of, run_auroras
from test_errors import assert_problem, check_fails

from build_tools.loader import load_curriculum
from build_tools.print.documents import build_documents
from build_tools.web.pages import _finalize, lesson_page, render_site

THEME = "themes/01-alku/theme.yml"
LESSON = "a2_lessons/01-tervehdys/lesson.yml"
WRITTEN = "dialogue:\n  - {speaker: A, line: Hei!}\n  - {speaker: B, line: Hei! Minä olen Anna.}\n"


def _spoken(mini, *lines: tuple[str, str]) -> None:
    block = "".join(f"  - {{speaker: {speaker}, line: \"{line}\"}}\n" for speaker, line in lines)
    edit(mini / LESSON, WRITTEN, WRITTEN + "dialogue_spoken:\n" + block)


def _spoken_list(mini, *words: str) -> None:
    (mini / "spoken_words.txt").write_text("# puhekieli\n" + "".join(f"{w}\n" for w in words), encoding="utf-8")
    edit(mini / "program.yml", "session_minutes: 60\n", "session_minutes: 60\nspoken_wordlist: spoken_words.txt\n")


def test_spoken_dialogue_keeps_the_speakers_in_order(mini):
    _spoken(mini, ("A", "Moi!"), ("A", "Moi! Mä oon Anna."))
    _spoken_list(mini, "mä", "oon")
    output = check_fails(mini)
    line = line_of(mini / LESSON, "speaker: A, line: \"Moi! Mä")
    assert_problem(output, LESSON, line, "2. repliikin puhuja on 'A'", "'B'")


def test_spoken_dialogue_has_as_many_lines_as_the_written_one(mini):
    _spoken(mini, ("A", "Moi!"), ("B", "Moi! Mä oon Anna."), ("A", "Kiitti!"))
    _spoken_list(mini, "mä", "oon")
    output = check_fails(mini)
    assert_problem(output, LESSON, line_of(mini / LESSON, "Kiitti!"), "3 repliikkiä, kirjoitetussa 2")


def test_spoken_dialogue_minimum_from_program_settings(mini):
    edit(mini / "program.yml", "  min_dialogue_lines: 2\n", "  min_dialogue_lines: 2\n  min_dialogue_spoken_lines: 2\n")
    output = check_fails(mini)
    assert_problem(output, LESSON, 1, "puhekielisen dialogin repliikkejä: 0, vähintään 2")
    _spoken(mini, ("A", "Moi!"), ("B", "Moi! Mä oon Anna."))
    _spoken_list(mini, "mä", "oon")
    result = run_auroras(mini, "check")
    assert result.returncode == 0, result.stderr


def test_spoken_word_unknown_to_voikko_and_the_list_fails_at_its_line(mini):
    _spoken(mini, ("A", "Moi!"), ("B", "Moi! Mä oon Anna."))
    _spoken_list(mini, "mä")  # 'oon' is missing from the list
    output = check_fails(mini)
    line = line_of(mini / LESSON, "Mä oon Anna")
    message = assert_problem(output, LESSON, line, "puhekielen sana 'oon'", "spoken_words.txt")
    assert "'Mä'" not in output, message
    column = (mini / LESSON).read_text().splitlines()[line - 1].index("oon") + 1
    assert f"{LESSON}:{line}:{column}:" in output


def test_listed_spoken_words_pass_but_stay_wrong_in_written_text(mini):
    _spoken(mini, ("A", "Moi!"), ("B", "Moi! Mä oon Anna."))
    _spoken_list(mini, "mä", "oon")
    assert run_auroras(mini, "check").returncode == 0
    # The same word in an ordinary field is still a spelling mistake.
    edit(mini / LESSON, "line: Hei! Minä olen Anna.}", "line: Hei! Mä olen Anna.}")
    output = check_fails(mini)
    assert_problem(output, LESSON, line_of(mini / LESSON, "line: Hei! Mä olen"), "tuntematon sana 'Mä'")


def test_spoken_expressions_check_the_standard_form_with_voikko(mini):
    _spoken_list(mini, "onks", "sul")
    anchor = "activities:"
    edit(mini / THEME, anchor, "spoken_finnish:\n"
         "  - spoken: Onks sul hetki?\n"
         "    standard: Onks sinulla hetki?\n"
         "    note: Työkaverille, kun tarvitset apua.\n" + anchor)
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(mini / THEME, "standard: Onks"), "tuntematon sana 'Onks'")
    assert f"{THEME}:{line_of(mini / THEME, 'spoken: Onks')}:" not in output
    edit(mini / THEME, "standard: Onks sinulla", "standard: Onko sinulla")
    assert run_auroras(mini, "check").returncode == 0


def test_spoken_expressions_minimum_from_program_settings(mini):
    edit(mini / "program.yml", "  min_links: 1\n", "  min_links: 1\n  min_spoken_finnish: 1\n")
    output = check_fails(mini)
    assert_problem(output, THEME, 1, "puhekielisiä ilmauksia", "0, vähintään 1")


def test_spoken_wordlist_must_be_in_the_repository(mini):
    edit(mini / "program.yml", "session_minutes: 60\n", "session_minutes: 60\nspoken_wordlist: ../puhe.txt\n")
    output = check_fails(mini)
    assert_problem(output, "program.yml", line_of(mini / "program.yml", "spoken_wordlist:"),
                   "puhekielen sanalistan", "ulkopuolelle")


def test_export_has_both_fields(mini):
    _spoken(mini, ("A", "Moi!"), ("B", "Moi! Mä oon Anna."))
    _spoken_list(mini, "mä", "oon")
    result = run_auroras(mini, "export")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    lesson = data["a2_lessons"][0]
    assert lesson["dialogue_spoken"] == [{"speaker": "A", "line": "Moi!"}, {"speaker": "B", "line": "Moi! Mä oon Anna."}]
    assert data["themes"][0]["spoken_finnish"] == []


@pytest.fixture(scope="module")
def curriculum():
    loaded, problems = load_curriculum(REPO)
    assert loaded is not None, problems
    return loaded


def test_every_real_lesson_has_a_spoken_dialogue_that_mostly_differs(curriculum):
    for lesson in curriculum.lessons:
        assert len(lesson.dialogue_spoken) >= 6, lesson.slug
        differing = sum(s.line != w.line for s, w in zip(lesson.dialogue_spoken, lesson.dialogue))
        assert differing > len(lesson.dialogue) / 2, lesson.slug


def test_every_lesson_page_shows_the_spoken_dialogue(curriculum):
    pages = {f.path: f.content for f in render_site(curriculum).files}
    for lesson in curriculum.lessons:
        page = pages[lesson_page(lesson)]
        spoken = page.index("### Näin se sanotaan puhekielellä")
        assert page.index("## Dialogi") < spoken, lesson.slug
        for line in lesson.dialogue_spoken:
            assert f"**{_finalize(line.speaker)}:** {_finalize(line.line)}" in page[spoken:], (lesson.slug, line)


def test_every_a2_pack_prints_the_spoken_dialogue(curriculum):
    packs = {d.page: d.html.replace("\xad", "") for d in build_documents(curriculum) if d.kind == "a2"}  # soft hyphens
    for lesson in curriculum.lessons:
        pack = packs[lesson_page(lesson)]
        section = pack[pack.index('class="dialogue-page dialogue-spoken"'):]
        assert "Näin se sanotaan puhekielellä" in section, lesson.slug
        assert pack.index('<section class="dialogue-page">') < pack.index("dialogue-spoken"), lesson.slug
        for line in lesson.dialogue_spoken:
            assert html.escape(line.speaker, quote=False) in section
            assert line.line.split()[0].rstrip("!,.?") in section, (lesson.slug, line)


def test_every_real_theme_has_five_spoken_expressions_with_both_forms(curriculum):
    for theme in curriculum.themes:
        complete = [s for s in theme.spoken_finnish if s.spoken.strip() and s.standard.strip()]
        assert len(complete) >= 5, theme.slug
        assert sum(s.spoken != s.standard for s in complete) >= 5, theme.slug


def test_every_theme_page_shows_the_spoken_box_after_the_vocabulary(curriculum):
    from build_tools.web.pages import theme_page
    pages = {f.path: f.content for f in render_site(curriculum).files}
    for theme in curriculum.themes:
        page = pages[theme_page(theme)]
        box = page.index("## Näin töissä puhutaan")
        assert page.index("## Sanasto") < box, theme.slug
        for item in theme.spoken_finnish:
            row = f"| **{_finalize(item.spoken)}** | {_finalize(item.standard)} |"
            assert row in page[box:], (theme.slug, item.spoken)


def test_every_theme_pack_handout_and_the_binder_print_the_spoken_box(curriculum):
    documents = build_documents(curriculum)
    binder = "".join(d.html for d in documents if d.kind.startswith("binder")).replace("\xad", "")
    assert binder
    for theme in curriculum.themes:
        from build_tools.web.pages import theme_page
        mine = {d.kind: d.html.replace("\xad", "") for d in documents if d.page == theme_page(theme)}
        for kind in ("mentor", "participant"):
            section = mine[kind][mine[kind].index('<section class="box spoken-finnish">'):]
            section = section[:section.index("</section>")]
            for item in theme.spoken_finnish:
                assert html.escape(item.spoken, quote=False) in section, (theme.slug, kind, item.spoken)
                assert html.escape(item.standard, quote=False) in section, (theme.slug, kind, item.standard)
        assert html.escape(theme.spoken_finnish[0].spoken, quote=False) in binder, theme.slug
