"""Every kind of bad content gives path:line:column, plain words, exit 1 and no traceback."""

import re

from conftest import edit, line_of, run_auroras

THEME = "themes/01-alku/theme.yml"
LESSON = "a2_lessons/01-tervehdys/lesson.yml"


def check_fails(root):
    result = run_auroras(root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    return result.stderr


def assert_problem(output: str, path: str, line: int, *words: str) -> str:
    pattern = re.compile(rf"^{re.escape(path)}:{line}:(\d+): (.*)$", re.M)
    matches = [m.group(2) for m in pattern.finditer(output)]
    assert matches, f"no problem at {path}:{line} in:\n{output}"
    for message in matches:
        if all(word in message for word in words):
            return message
    raise AssertionError(f"no message at {path}:{line} with {words}: {matches}")


def test_valid_project_passes(mini):
    result = run_auroras(mini, "check")
    assert result.returncode == 0, result.stderr
    assert "1 teemaa" in result.stdout


def test_yaml_syntax_error(mini):
    path = mini / THEME
    edit(path, "title: Alku\n", "title: Alku\n  bad: [unclosed\n")
    output = check_fails(mini)
    message = assert_problem(output, THEME, line_of(path, "bad: [unclosed") + 0, "YAML-virhe")
    assert "rakenne" in message or "sisennys" in message or "kaksoispiste" in message


def test_unknown_key_names_file_line_and_suggests(mini):
    path = mini / THEME
    edit(path, "    minutes: 20\n", "    minutes: 20\n    minuts: 5\n")
    output = check_fails(mini)
    line = line_of(path, "minuts: 5")
    message = assert_problem(output, THEME, line, "tuntematon kenttä 'minuts'")
    assert "Tarkoititko 'minutes'?" in message
    assert f"{THEME}:{line}:5:" in output  # the column of the key


def test_unknown_top_level_key(mini):
    path = mini / THEME
    edit(path, "summary:", "sumary: x\nsummary:")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "sumary: x"), "tuntematon kenttä 'sumary'", "summary")


def test_wrong_type(mini):
    path = mini / THEME
    edit(path, "minutes: 20", "minutes: kaksikymmentä")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "kaksikymmentä"), "minutes", "kokonaisluku", "kaksikymmentä")


def test_missing_field(mini):
    path = mini / THEME
    edit(path, "    instructions: Pidetään tauko.\n", "")
    output = check_fails(mini)
    # Points at the activity that lacks the field.
    message = assert_problem(output, THEME, line_of(path, "title: Tauko"), "instructions", "puuttuu")
    assert "activities › 2." in message


def test_minutes_do_not_add_up_says_by_how_much(mini):
    path = mini / THEME
    edit(path, "minutes: 20", "minutes: 25")
    output = check_fails(mini)
    message = assert_problem(output, THEME, line_of(path, "activities:"), "65", "60")
    assert "5 minuuttia liikaa" in message


def test_lesson_phase_minutes_too_few(mini):
    path = mini / LESSON
    edit(path, "{kind: goals, minutes: 5", "{kind: goals, minutes: 2")
    output = check_fails(mini)
    assert "3 minuuttia liian vähän" in assert_problem(output, LESSON, line_of(path, "phases:"), "minuutit")


def test_dangling_theme_reference(mini):
    path = mini / LESSON
    edit(path, "theme: 1", "theme: 9")
    output = check_fails(mini)
    assert_problem(output, LESSON, line_of(path, "theme: 9"), "teemaa 9 ei löydy")


def test_dangling_handout_file(mini):
    path = mini / THEME
    edit(path, "monisteet/mina.md", "monisteet/puuttuu.md")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "puuttuu.md"), "'monisteet/puuttuu.md' ei löydy")


def test_dangling_image(mini):
    path = mini / THEME
    edit(path, "path: kuva.svg", "path: kuvat/ei-ole.png")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "kuvat/ei-ole.png"), "kuvaa 'kuvat/ei-ole.png' ei löydy")


def test_image_needs_alt_text(mini):
    path = mini / THEME
    edit(path, "    alt: Tuolit piirissä.\n", "")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "path: kuva.svg"), "'alt' puuttuu")


def test_all_problems_in_one_run(mini):
    theme, lesson = mini / THEME, mini / LESSON
    edit(theme, "title: Alku", "titel: Alku")
    edit(theme, "url: https://www.suomi.fi/", "url: http://www.suomi.fi/")
    edit(lesson, "theme: 1", "theme: 99")
    (mini / "program.yml").write_text((mini / "program.yml").read_text() + "colour: red\n")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(theme, "titel"), "'titel'")
    assert_problem(output, THEME, line_of(theme, "http://"), "https://")
    assert_problem(output, LESSON, line_of(lesson, "theme: 99"), "enintään 14")
    assert_problem(output, "program.yml", line_of(mini / "program.yml", "colour"), "'colour'")
    assert "Löytyi 5 ongelmaa" in output  # titel unknown + title missing, url, theme, colour


def test_duplicate_key_is_reported(mini):
    path = mini / THEME
    edit(path, "slug: alku\n", "slug: alku\nslug: alku2\n")
    output = check_fails(mini)
    assert_problem(output, THEME, line_of(path, "slug: alku2"), "kahdesti", f"rivillä {line_of(path, 'slug: alku')}")


def test_toisto_phases_out_of_order(mini):
    path = mini / LESSON
    edit(path, "{kind: goals, minutes: 5, script: Kerro tavoite.}\n  - {kind: vocabulary,",
         "{kind: vocabulary, minutes: 5, script: Kerro tavoite.}\n  - {kind: goals,")
    output = check_fails(mini)
    assert_problem(output, LESSON, line_of(path, "{kind: vocabulary, minutes: 5"), "järjestyksessä", "'goals'")


def test_missing_toisto_phase(mini):
    path = mini / LESSON
    edit(path, "  - {kind: extra-task, minutes: 5, script: Lisätehtävä.}\n", "")
    edit(path, "{kind: closing, minutes: 5", "{kind: closing, minutes: 10")
    output = check_fails(mini)
    assert_problem(output, LESSON, line_of(path, "phases:"), "puuttuu vaihe", "extra-task")


def test_duplicate_theme_number(mini):
    import shutil
    shutil.copytree(mini / "themes/01-alku", mini / "themes/02-kopio")
    edit(mini / "themes/02-kopio/theme.yml", "slug: alku", "slug: kopio")
    output = check_fails(mini)
    assert_problem(output, "themes/02-kopio/theme.yml", 1, "teeman numero 1 on jo käytössä",
                   "themes/01-alku/theme.yml")


def test_tab_indentation_message(mini):
    path = mini / THEME
    edit(path, "  - Osaan kertoa nimeni.", "\t- Osaan kertoa nimeni.")
    output = check_fails(mini)
    assert "sarkainmerkki" in output or "YAML-virhe" in output


def test_not_utf8(mini):
    path = mini / THEME
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1"))
    output = check_fails(mini)
    first_bad = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert_problem(output, THEME, first_bad, f"rivillä {first_bad}", "UTF-8")


def test_empty_file_reports_missing_fields(mini):
    (mini / THEME).write_text("")
    output = check_fails(mini)
    assert_problem(output, THEME, 1, "pakollinen kenttä 'number' puuttuu")


def test_unknown_choice_suggests_the_closest(mini):
    path = mini / THEME
    edit(path, "kind: warm-up", "kind: warmup")
    output = check_fails(mini)
    message = assert_problem(output, THEME, line_of(path, "kind: warmup"), "pitää olla jokin näistä", "'warmup'")
    assert "Tarkoititko 'warm-up'?" in message


def test_an_invalid_theme_does_not_make_its_lessons_dangle(mini):
    path = mini / THEME
    edit(path, "summary:", "sumary: x\nsummary:")
    output = check_fails(mini)
    assert "teemaa 1 ei löydy" not in output
    assert "Löytyi 1 ongelma." in output
