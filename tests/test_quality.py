"""Completeness, spelling and readability checks in `auroras check`."""

from conftest import edit, line_of, run_auroras
from test_errors import assert_problem, check_fails

from build_tools.quality.spelling import WordList
from build_tools.quality.words import sentences, words_in_line

THEME = "themes/01-alku/theme.yml"
HANDOUT = "themes/01-alku/monisteet/mina.md"
LESSON = "a2_lessons/01-tervehdys/lesson.yml"


def test_words_skip_urls_code_and_digits():
    words = [w.text for w in words_in_line("Katso [sivu](https://x.fi/sana) ja `koodi`, 5-vuotias H1 CV:n", 1)]
    assert words == ["Katso", "sivu", "ja", "CV:n"]


def test_sentences_split_on_punctuation_lines_and_table_cells():
    found = sentences("## Otsikko\n\nYksi lause. Toinen lause!\n\n- kohta\n\n| a b | c |\n|---|---|\n")
    assert [len(s) for s in found] == [1, 2, 2, 1, 2, 1]


def test_a_wrapped_paragraph_is_one_text():
    found = sentences("Tämä virke jatkuu\nseuraavalle riville asti. Toinen.\n- kohta\n  jatkuu")
    assert [len(s) for s in found] == [6, 1, 2]


def test_wordlist_exact_and_prefix(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("# kommentti\nLinkedIn*  # nimi\nSTTK\n")
    words = WordList.read(path)
    assert "LinkedInissä" in words and "sttk" in words and "STTKn" not in words


def test_unknown_word_is_reported_with_line_column_and_suggestions(mini):
    path = mini / THEME
    edit(path, "instructions: Toivota kaikki tervetulleiksi.", "instructions: Toivota kaikki tervetulleiksii.")
    output = check_fails(mini)
    line = line_of(path, "tervetulleiksii")
    message = assert_problem(output, THEME, line, "tuntematon sana 'tervetulleiksii'", "tervetulleiksi")
    column = path.read_text().splitlines()[line - 1].index("tervetulleiksii") + 1
    assert f"{THEME}:{line}:{column}:" in output, message


def test_unknown_word_in_markdown_handout(mini):
    path = mini / HANDOUT
    edit(path, "Kirjoita nimesi.", "Kirjoita nimmesi.")
    output = check_fails(mini)
    assert_problem(output, HANDOUT, line_of(path, "nimmesi"), "'nimmesi'")


def test_word_list_accepts_a_name(mini):
    path = mini / THEME
    edit(path, "instructions: Pidetään tauko.", "instructions: Pidetään tauko ja avataan Zoomblix.")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "Zoomblix"), "'Zoomblix'", "sanalistaan")
    (mini / "wordlist.txt").write_text("Zoomblix*\n")
    assert run_auroras(mini, "check").returncode == 0


def test_translations_and_identifiers_are_not_spell_checked(mini):
    path = mini / THEME
    edit(path, "en: morning", "en: mornnning")
    assert run_auroras(mini, "check").returncode == 0


def test_long_sentence_in_participant_handout(mini):
    path = mini / HANDOUT
    long = "Tämä lause on aivan liian pitkä, koska siinä on paljon sanoja, joita osallistuja ei jaksa lukea " \
           "yhdellä kertaa ilman taukoa ja selitystä."
    edit(path, "Kirjoita nimesi.", long)
    output = check_fails(mini)
    assert_problem(output, HANDOUT, line_of(path, "Tämä lause"), "moniste 'Minä'", "22 sanaa", "enintään 20")


def test_average_sentence_length_of_goals(mini):
    path = mini / THEME
    goal = "Osaan kertoa nimeni ja kotimaani sekä ammattini ja kaikki työkokemukseni ryhmälle."
    edit(path, "  - Osaan kertoa nimeni.", f"  - {goal}")
    edit(mini / "program.yml", "session_minutes: 60", "session_minutes: 60\nreadability:\n  max_average_words: 8")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "goals:"), "tavoitteet", "keskimäärin 11.0 sanaa", "raja on 8")


def test_a2_dialogue_is_held_to_the_stricter_average(mini):
    path = mini / LESSON
    edit(path, "line: Hei!}", 'line: "Hei, kuka sinä olet ja missä sinä asut nyt?"}')
    edit(path, "line: Hei! Minä olen Anna.", 'line: "Hei, minä olen Anna ja asun Espoossa aivan meren lähellä."')
    output = check_fails(mini)
    assert_problem(output, LESSON, line_of(path, "dialogue:"), "dialogi", "raja on 8")


def test_theme_must_be_complete(mini):
    edit(mini / "program.yml", "  min_vocabulary: 2\n  required_translations: []",
         "  min_vocabulary: 15\n  required_translations: [en]")
    output = check_fails(mini)
    path = mini / THEME
    assert_problem(output, THEME, line_of(path, "vocabulary:"), "sanoja: 4, vähintään 15")
    assert_problem(output, THEME, line_of(path, "- term: zeniitti"), "'zeniitti'", "käännös 'en'")


def test_vocabulary_term_must_be_used_in_the_material(mini):
    path = mini / THEME
    edit(path, "term: zeniitti", "term: horisontti")
    edit(path, "example: Aurinko on zeniitissä.", "example: Horisontti on kaukana.")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "term: horisontti"), "'horisontti' ei käytetä")


def test_check_reports_figures(mini):
    result = run_auroras(mini, "check")
    assert result.returncode == 0, result.stderr
    assert "Voikko hylkää 0" in result.stdout and "Luettavuus, teemat" in result.stdout
