"""Every YAML or text-loading mistake: exit 1, the file and the real line, plain Finnish with a hint, no traceback.

Each case breaks one file of a copy of the mini project and runs ``auroras check``. The expected line is found
in the broken file itself (the line the editor has to fix), so the cases say where the mistake really is.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import edit, line_of, run_auroras

from build_tools.loader import load_curriculum
from build_tools.slugs import term_anchor, term_anchors, term_key
from build_tools.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, Pos, YamlProblem, parse_yaml

THEME = "themes/01-alku/theme.yml"
LESSON = "a2_lessons/01-tervehdys/lesson.yml"
PROGRAM = "program.yml"
HANDOUT = "themes/01-alku/monisteet/mina.md"
FINNISH = re.compile(r"[äöÄÖ]|\b(?:on|ei|tai|ja|laita|rivillä|kohdassa)\b")


def check(root: Path):
    result = run_auroras(root, "check")
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result, result.stderr


def problem_at(root: Path, path: str, line: int, *words: str) -> str:
    result, output = check(root)
    assert result.returncode == 1, output
    pattern = re.compile(rf"^{re.escape(path)}:{line}:(\d+): (.*)$", re.M)
    messages = [m.group(2) for m in pattern.finditer(output)]
    assert messages, f"no problem at {path}:{line} in:\n{output}"
    for message in messages:
        if all(word in message for word in words):
            assert FINNISH.search(message), message
            return message
    raise AssertionError(f"no message at {path}:{line} with {words}: {messages}")


# --- Syntax mistakes: (file, old text, new text, the text on the line to report, words of the message) ----------

SYNTAX = {
    "unclosed double quote": (THEME, "title: Alku", 'title: "Alku', 'title: "Alku', ["lainausmerkki", "sulkematta"]),
    "unclosed single quote": (THEME, "summary: Ryhmä", "summary: 'Ryhmä", "summary: 'Ryhmä",
                              ["lainausmerkki", "sulkematta"]),
    "missing colon after a key": (THEME, "summary: Ryhmä", "summary Ryhmä", "summary Ryhmä",
                                  ["kaksoispiste", "puuttuu"]),
    "missing colon in a list item": (THEME, "    minutes: 30", "    minutes 30", "minutes 30",
                                     ["kaksoispiste", "puuttuu"]),
    "missing colon in the first key of a list item": (THEME, "  - term: aamu", "  - term aamu", "term aamu",
                                                      ["kaksoispiste", "puuttuu", "'term: …'"]),
    "colon inside text": (THEME, "instructions: Pidetään tauko.", "instructions: Huom: pidetään tauko.",
                          "Huom: pidetään", ["kaksoispiste", "lainausmerkkeihin"]),
    "unclosed flow list": (THEME, "  - Osaan kertoa nimeni.", "  - [Osaan, kertoa", "[Osaan, kertoa",
                           ["'['", "sulkematta", "']'"]),
    "unclosed flow map": (LESSON, "{kind: goals, minutes: 5, script: Kerro tavoite.}",
                          "{kind: goals, minutes: 5, script: Kerro tavoite.", "{kind: goals",
                          ["'{'", "sulkematta", "'}'"]),
    "colon in a flow map": (LESSON, "script: Kerro tavoite.}", "script: Kerro: tavoite.}", "Kerro: tavoite",
                            ["kaksoispiste", "lainausmerkkeihin"]),
    "stray closing bracket": (THEME, "  - Osaan kertoa nimeni.", "  - [Osaan kertoa nimeni.]]", "nimeni.]]",
                              ["sulkumerkki", "']'"]),
    "text after a closing quote": (THEME, "title: Alku", 'title: "Alku" ja loppu', '"Alku" ja loppu',
                                   ["lainausmerkeissä", "perässä"]),
    "markdown emphasis starts a list item": (THEME, "  - Osaan kertoa nimeni.", "  - *tärkeää* asia",
                                             "*tärkeää* asia", ["'*'", "lainausmerkkeihin"]),
    "ascii emphasis starts a list item": (THEME, "  - Osaan kertoa nimeni.", "  - *tarkeaa* asia",
                                          "*tarkeaa* asia", ["'*'", "lainausmerkkeihin"]),
    "emphasis starts a value": (THEME, "summary: Ryhmä", "summary: *Ryhmä* on", "*Ryhmä* on",
                                ["'*'", "lainausmerkkeihin"]),
    "undefined alias": (THEME, "summary: Ryhmä tutustuu toisiinsa.", "summary: *yhteenveto",
                        "*yhteenveto", ["'*'", "viittauksia", "lainausmerkkeihin"]),
    "anchor": (THEME, "  - Osaan kertoa nimeni.", "  - &x Osaan kertoa nimeni.", "&x Osaan",
               ["'&'", "lainausmerkkeihin"]),
    "two documents": (THEME, "mentor_tips:", "---\nmentor_tips:", "---", ["yksi YAML-dokumentti", "---"]),
    "document end marker": (THEME, "mentor_tips:", "...\nmentor_tips:", "...", ["'...'", "Poista"]),
    "unknown escape in double quotes": (THEME, "title: Alku", 'title: "C:\\polku"', "C:\\polku",
                                        ["kenoviiva", "heittomerkkejä"]),
    "at sign starts a value": (THEME, "title: Alku", "title: @alku", "@alku", ["'@'", "lainausmerkkeihin"]),
    "tab indentation": (THEME, "  - Osaan kertoa nimeni.", "\t- Osaan kertoa nimeni.", "\t- Osaan",
                        ["sarkainmerkki", "välilyöntejä"]),
    "wrong indentation": (THEME, "    kind: break", "   kind: break", "   kind: break", ["sisennys"]),
    "block scalar indicator with text": (THEME, "summary: Ryhmä", "summary: |Ryhmä", "summary: |Ryhmä",
                                         ["'|'", "rivinvaihto"]),
    "python tag": (THEME, "summary: Ryhmä tutustuu toisiinsa.", "summary: !!python/name:os.system",
                   "!!python/name", ["tunniste '!!python/name:os.system' ei ole sallittu"]),
    "python object tag": (THEME, "summary: Ryhmä tutustuu toisiinsa.",
                          'summary: !!python/object/apply:os.system ["echo hi"]', "!!python/object",
                          ["tunniste '!!python/object/apply:os.system' ei ole sallittu"]),
    "binary tag": (THEME, "summary: Ryhmä tutustuu toisiinsa.", "summary: !!binary aGVsbG8=", "!!binary",
                   ["tunniste '!!binary' ei ole sallittu"]),
    "set tag": (THEME, "summary: Ryhmä tutustuu toisiinsa.", "summary: !!set {a, b}", "!!set",
                ["tunniste '!!set' ei ole sallittu"]),
    "timestamp tag": (THEME, "summary: Ryhmä tutustuu toisiinsa.", "summary: !!timestamp 2026-01-01",
                      "!!timestamp", ["tunniste '!!timestamp' ei ole sallittu"]),
    "local tag": (THEME, "summary: Ryhmä tutustuu toisiinsa.", "summary: !foo x", "!foo",
                  ["tunniste '!foo' ei ole sallittu"]),
    "tag on a mapping": (LESSON, "handout:\n  title: Sanasto", "handout: !!omap\n  title: Sanasto", "!!omap",
                         ["tunniste '!!omap' ei ole sallittu"]),
    "exclamation mark starts a value": (THEME, "title: Alku", "title: !tärkeää", "!tärkeää",
                                        ["'!'", "lainausmerkkeihin"]),
    "program.yml broken": (PROGRAM, "organisation: Testiyhdistys", "organisation: 'Testiyhdistys",
                           "organisation: 'Testi", ["lainausmerkki", "sulkematta"]),
}


@pytest.mark.parametrize("case", list(SYNTAX), ids=list(SYNTAX))
def test_syntax_mistake_at_its_line(mini, case):
    path, old, new, needle, words = SYNTAX[case]
    edit(mini / path, old, new)
    problem_at(mini, path, line_of(mini / path, needle), *words)


def test_unclosed_quote_is_reported_where_it_opens_not_at_the_next_quote(mini):
    """The quote runs on to the next quote, 18 lines later; the error is at the quote that is not closed."""
    path = mini / THEME
    edit(path, "title: Alku", 'title: "Alku')
    edit(path, "  - Mikä on nimesi?", '  - "Mikä on nimesi?"')
    message = problem_at(mini, THEME, line_of(path, 'title: "Alku'), "lainausmerkki", "sulkematta")
    assert f"rivin {line_of(path, 'Mikä on nimesi')}" in message  # and says where the text now ends


def test_unclosed_quote_that_still_parses_is_reported(mini):
    """Two unmatched quotes can make valid YAML that swallows fields; that is still the unclosed quote."""
    path = mini / THEME
    edit(path, "title: Alku", 'title: "Alku')
    edit(path, "summary: Ryhmä tutustuu toisiinsa.", 'summary: Ryhmä tutustuu toisiinsa."')
    problem_at(mini, THEME, line_of(path, 'title: "Alku'), "lainausmerkki", "sulkematta")


def test_multiline_quoted_text_is_still_fine():
    doc = parse_yaml(Path("x.yml"), 'a: "Alku\n  jatkuu"\nb:\n  - \'x\n    y\'\n')
    assert doc.data == {"a": "Alku jatkuu", "b": ["x y"]}


# --- Characters ----------------------------------------------------------------------------------------------

CONTROL = {
    "vertical tab (Word's Shift+Enter)": ("\x0b", "pystysarkain (U+000B)", "Vaihto+Enter"),
    "NUL": ("\x00", "nollamerkki (U+0000)", "Poista"),
    "escape": ("\x1b", "Esc-merkki (U+001B)", "Poista"),
    "form feed": ("\x0c", "sivunvaihtomerkki (U+000C)", "Poista"),
    "backspace": ("\x08", "askelpalautin (U+0008)", "Poista"),
    "C1 control": ("\x85", "(U+0085)", "Poista"),
    "line separator": ("\u2028", "rivierotin (U+2028)", "Poista"),
}


@pytest.mark.parametrize("case", list(CONTROL), ids=list(CONTROL))
def test_control_character_is_named_at_its_line_and_column(mini, case):
    char, name, hint = CONTROL[case]
    path = mini / THEME
    edit(path, "summary: Ryhmä tutustuu", f"summary: Ryhmä{char}tutustuu")
    line = line_of(path, "summary: Ryhmä")
    column = len("summary: Ryhmä") + 1
    message = problem_at(mini, THEME, line, name, hint)
    assert f"{THEME}:{line}:{column}:" in check(mini)[1]
    assert f"rivillä {line} sarakkeessa {column}" in message


def test_control_character_counts_every_occurrence(mini):
    path = mini / THEME
    edit(path, "summary: Ryhmä tutustuu", "summary: Ryhmä\x0btutustuu\x0b")
    edit(path, "instructions: Pidetään tauko.", "instructions: Pidetään\x0btauko.")
    message = problem_at(mini, THEME, line_of(path, "summary: Ryhmä"), "pystysarkain")
    assert "3 tällaista merkkiä" in message


def test_control_character_from_an_escape_in_quotes(mini):
    path = mini / THEME
    edit(path, "summary: Ryhmä tutustuu toisiinsa.", 'summary: "Ryhmä\\vtutustuu"')
    problem_at(mini, THEME, line_of(path, "summary:"), "pystysarkain (U+000B)", "kenoviivakoodilla")


def test_control_character_in_a_handout(mini):
    path = mini / HANDOUT
    path.write_text(path.read_text(encoding="utf-8").replace("Kirjoita nimesi.", "Kirjoita\x0bnimesi."),
                    encoding="utf-8")
    problem_at(mini, HANDOUT, line_of(path, "Kirjoita"), "pystysarkain (U+000B)", "Vaihto+Enter")


def test_not_utf8_names_the_first_bad_line(mini):
    path = mini / THEME
    text = path.read_text(encoding="utf-8")
    bad = line_of(path, "Ryhmä tutustuu")
    lines = text.split("\n")
    lines[bad - 1] = lines[bad - 1].encode("utf-8").decode("utf-8")  # unchanged, for clarity
    data = "\n".join(lines[:bad - 1]).encode("utf-8") + b"\n" + lines[bad - 1].encode("cp1252") + b"\n" + \
        "\n".join(lines[bad:]).encode("utf-8")
    path.write_bytes(data)
    message = problem_at(mini, THEME, bad, f"rivillä {bad} on merkki, joka ei ole UTF-8:aa",
                         "tallenna tiedosto UTF-8-muodossa")
    assert "'ä'" in message  # the likely character in Windows encoding


def test_utf16_file(mini):
    path = mini / LESSON
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    problem_at(mini, LESSON, 1, "UTF-16", "UTF-8-muodossa")


# --- Valid variants: BOM, CRLF, NFD, clock times ------------------------------------------------------------

def test_bom_crlf_and_nfd_are_accepted_everywhere(mini):
    import unicodedata
    for relative in (THEME, LESSON, PROGRAM, HANDOUT):
        path = mini / relative
        text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8"))
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result, output = check(mini)
    assert result.returncode == 0, output
    curriculum, problems = load_curriculum(mini)
    assert not problems
    theme = curriculum.themes[0]
    assert theme.summary == "Ryhmä tutustuu toisiinsa."  # NFC: 'ä' is one character
    assert theme.vocabulary[0].term == "\u00c4iti"
    handout = curriculum.text(curriculum.theme_folder(theme), theme.handouts[0].file)
    assert handout.startswith("## Kerro itsestäsi\n")  # no BOM before the heading, LF line ends, NFC
    exported = run_auroras(mini, "export", "--json").stdout
    assert "Ryhm\u00e4" in exported and "a\u0308" not in exported and "\\u0308" not in exported


def test_crlf_keeps_line_numbers(mini):
    path = mini / THEME
    edit(path, "    minutes: 30", "    minuts: 30")
    line = line_of(path, "minuts: 30")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    problem_at(mini, THEME, line, "tuntematon kenttä 'minuts'")


def test_bom_with_a_syntax_error_keeps_positions(mini):
    path = mini / THEME
    edit(path, "title: Alku", 'title: "Alku')
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    problem_at(mini, THEME, line_of(path, 'title: "Alku'), "lainausmerkki")


def test_nfd_words_are_known_to_spelling(mini):
    import unicodedata
    path = mini / THEME
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    result, output = check(mini)
    assert result.returncode == 0, output
    assert "tuntematon sana" not in output


@pytest.mark.parametrize("written", ["17.00", "17:00", '"17.00"', "'17:00'", "9.30"])
def test_start_time_with_or_without_quotes(mini, written):
    edit(mini / PROGRAM, 'start_time: "17.00"', f"start_time: {written}")
    result, output = check(mini)
    assert result.returncode == 0, output
    settings = json.loads(run_auroras(mini, "export", "--json").stdout).get("settings")
    if settings is not None:
        assert settings["start_time"] == ("09.30" if written == "9.30" else "17.00")


def test_clock_looking_scalars_stay_text():
    doc = parse_yaml(Path("x.yml"), "a: 17.00\nb: 9.30\nc: 17:00\nd: 12.5\ne: 24.00\nf: 17.000\n")
    assert doc.data == {"a": "17.00", "b": "9.30", "c": "17:00", "d": 12.5, "e": 24.0, "f": 17.0}


def test_a_number_where_text_belongs_says_to_quote_it(mini):
    edit(mini / PROGRAM, 'start_time: "17.00"', "start_time: 17.5")
    problem_at(mini, PROGRAM, line_of(mini / PROGRAM, "start_time"), "pitää olla tekstiä", "lainausmerkkeihin")


# --- Nesting, size and length limits -----------------------------------------------------------------------

@pytest.mark.parametrize("shape", ["flow lists", "flow maps", "block lists", "block maps"])
def test_deep_nesting_is_a_finnish_error(mini, shape):
    depth = 5000 if shape.startswith("flow") else 1000
    if shape == "flow lists":
        value = "[" * depth + "]" * depth
    elif shape == "flow maps":
        value = "{a: " * depth + "x" + "}" * depth
    elif shape == "block lists":
        value = "\n" + "".join(" " * (i + 2) + "-\n" for i in range(depth))
    else:
        value = "\n" + "".join(" " * (i + 2) + f"k{i}:\n" for i in range(depth))
    path = mini / THEME
    edit(path, "mentor_tips:\n  - Hymyile.\n", f"mentor_tips: {value}\n")
    result, output = check(mini)
    assert result.returncode == 1
    match = re.search(rf"^{re.escape(THEME)}:(\d+):\d+: (.*liian syvä rakenne.*)$", output, re.M)
    assert match, output
    start = line_of(path, "mentor_tips:")
    if shape.startswith("flow"):
        assert int(match.group(1)) == start
    else:  # the line where the 51st level starts
        assert start + MAX_DEPTH - 2 <= int(match.group(1)) <= start + MAX_DEPTH
    assert f"yli {MAX_DEPTH} tasoa" in match.group(2)


def test_deep_nesting_unit():
    with pytest.raises(YamlProblem) as info:
        parse_yaml(Path("x.yml"), "a: " + "[" * 5000 + "]" * 5000)
    assert "liian syvä rakenne" in info.value.message
    assert info.value.pos == Pos(1, 4 + MAX_DEPTH - 1)
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert parse_yaml(Path("x.yml"), ok).data["a"]


def test_oversized_yaml_file(mini):
    path = mini / THEME
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(("# " + "x" * 98 + "\n") * (MAX_FILE_BYTES // 100 + 1))
    size = path.stat().st_size
    problem_at(mini, THEME, 1, "tiedosto on liian suuri", f"{size / 1000:.0f} kt", "enintään 1000 kt")


def test_oversized_program_file(mini):
    path = mini / PROGRAM
    path.write_text(path.read_text(encoding="utf-8") + "#" * (MAX_FILE_BYTES + 10) + "\n", encoding="utf-8")
    problem_at(mini, PROGRAM, 1, "liian suuri")


@pytest.mark.parametrize("field,old,limit", [
    ("title", "title: Alku", 200),
    ("summary", "summary: Ryhmä tutustuu toisiinsa.", 2000),
    ("instructions", "instructions: Pidetään tauko.", 20000),
    ("term", "  - term: aamu", 200),
])
def test_text_length_limits(mini, field, old, limit):
    path = mini / THEME
    indent = old[:len(old) - len(old.lstrip(" -"))]
    length = limit + 7
    edit(path, old, f"{indent}{field}: {'a' * length}")
    message = problem_at(mini, THEME, line_of(path, "a" * length), field, "liian pitkä",
                         f"enintään {limit} merkkiä", f"nyt {length} merkkiä")
    assert len(message) < 300  # the message does not repeat the pasted text


def test_current_content_is_within_the_limits():
    from conftest import REPO
    curriculum, problems = load_curriculum(REPO)
    assert curriculum is not None, problems.items


def test_very_long_number_does_not_crash(mini):
    edit(mini / THEME, "number: 1", "number: " + "1" * 5000)
    problem_at(mini, THEME, 1, "number", "kokonaisluku", "liian pitkä luku")


# --- Vocabulary terms ----------------------------------------------------------------------------------------

def add_term(path: Path, term: str, example: str) -> None:
    edit(path, "vocabulary:\n", f"vocabulary:\n  - term: {term}\n    example: {example}\n")


def test_words_that_differ_only_by_umlauts_are_different_words(mini):
    path = mini / THEME
    add_term(path, "sää", "Sää on kaunis.")
    add_term(path, "saa", "Saa tulla.")
    result, output = check(mini)
    assert "on sanastossa jo" not in output
    curriculum, problems = load_curriculum(mini)
    assert curriculum is not None, problems.items


@pytest.mark.parametrize("first,second", [("aamu", "Aamu"), ("Äiti", "ÄITI"), ("Äiti", "A\u0308iti")])
def test_the_same_word_twice_is_reported(mini, first, second):
    path = mini / THEME
    add_term(path, second, "Esimerkki.")  # the new term comes first; the existing one is the second
    message = problem_at(mini, THEME, line_of(path, f"term: {first}"), "on sanastossa jo")
    assert f"rivillä {line_of(path, f'term: {second}')}" in message


def test_term_key_is_nfc_casefold():
    assert term_key("A\u0308iti") == term_key("äiti") == term_key("ÄITI")
    assert term_key("sää") != term_key("saa")


def test_term_anchors_are_distinct_and_stable():
    # Alone, every term keeps its existing anchor.
    assert term_anchor("työhaastattelu") == "sana-tyohaastattelu"
    assert term_anchor("sää") == "sana-saa"
    assert term_anchor("aamu", ["hei", "aamu"]) == "sana-aamu"
    # Together, the plain spelling keeps the folded anchor, the other spells its letters out.
    page = ["sää", "saa", "hei"]
    assert term_anchor("saa", page) == "sana-saa"
    assert term_anchor("sää", page) == "sana-saeae"
    assert term_anchor("hei", page) == "sana-hei"
    # The order of the page does not matter, nor case or normalisation of the term.
    assert term_anchor("sää", list(reversed(page))) == term_anchor("SÄÄ", page) == term_anchor("sa\u0308a\u0308", page)
    # Still equal after spelling out: numbered in alphabetical order.
    anchors = term_anchors(["a-b", "a b", "a.b"])
    assert sorted(anchors.values()) == ["sana-a-b", "sana-a-b-2", "sana-a-b-3"]
    assert len(set(term_anchors(["säa", "saä", "sää", "saa"]).values())) == 4


def test_glossary_links_distinct_anchors_for_such_words(mini):
    from build_tools.glossary import build_glossary
    path = mini / THEME
    add_term(path, "sää", "Sää on kaunis.")
    add_term(path, "saa", "Saa tulla.")
    curriculum, problems = load_curriculum(mini)
    assert curriculum is not None, problems.items
    entries = build_glossary(curriculum, lambda theme: "teemat/x.md", lambda lesson: "a2/y.md")
    anchors = {entry.term: entry.places[0].anchor for entry in entries}
    assert anchors["saa"] == "sana-saa" and anchors["sää"] == "sana-saeae"
    assert anchors["aamu"] == "sana-aamu"  # unchanged for every other word


# --- Cascade: a broken theme does not make its lesson's theme reference dangle ---------------------------------

@pytest.fixture
def two_themes(mini):
    shutil.copytree(mini / "themes/01-alku", mini / "themes/02-toinen")
    edit(mini / "themes/02-toinen/theme.yml", "number: 1", "number: 2")
    edit(mini / "themes/02-toinen/theme.yml", "slug: alku", "slug: toinen")
    return mini


@pytest.mark.parametrize("breakage", ["syntax", "unclosed quote", "not utf-8", "invalid", "no number line"])
def test_broken_theme_does_not_cascade_to_its_lesson(two_themes, breakage):
    mini = two_themes
    path = mini / THEME
    if breakage == "syntax":
        edit(path, "summary: Ryhmä", "summary Ryhmä")
    elif breakage == "unclosed quote":
        edit(path, "title: Alku", 'title: "Alku')
    elif breakage == "not utf-8":
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    elif breakage == "invalid":
        edit(path, "minutes: 20", "minutes: paljon")
    else:
        edit(path, "number: 1\n", "")
        edit(path, "summary: Ryhmä", "summary Ryhmä")
    result, output = check(mini)
    assert result.returncode == 1
    assert "teemaa 1 ei löydy" not in output, output
    assert f"{LESSON}:" not in output, output  # the lesson itself is fine
    assert f"{THEME}:" in output


def test_dangling_reference_is_still_reported_when_the_broken_theme_has_another_number(two_themes):
    mini = two_themes
    edit(mini / "themes/02-toinen/theme.yml", "summary: Ryhmä", "summary Ryhmä")
    edit(mini / LESSON, "theme: 1", "theme: 3")
    result, output = check(mini)
    assert re.search(rf"^{re.escape(LESSON)}:\d+:\d+: teemaa 3 ei löydy", output, re.M), output


# --- The word list --------------------------------------------------------------------------------------------

def test_wordlist_outside_the_repository(mini, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("zoomblix\n", encoding="utf-8")
    edit(mini / PROGRAM, "session_minutes: 60", f"session_minutes: 60\nwordlist: ../outside.txt")
    message = problem_at(mini, PROGRAM, line_of(mini / PROGRAM, "wordlist:"), "sanalista")
    assert "ulkopuolelle" in message or "'..'" in message


def test_wordlist_symlink_outside_the_repository(mini, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("zoomblix\n", encoding="utf-8")
    (mini / "wordlist.txt").unlink()
    os.symlink(outside, mini / "wordlist.txt")
    edit(mini / PROGRAM, "session_minutes: 60", "session_minutes: 60\nwordlist: wordlist.txt")
    problem_at(mini, PROGRAM, line_of(mini / PROGRAM, "wordlist:"), "sanalistan 'wordlist.txt'", "ulkopuolelle")


def test_wordlist_absolute_path(mini):
    edit(mini / PROGRAM, "session_minutes: 60", "session_minutes: 60\nwordlist: /etc/passwd")
    problem_at(mini, PROGRAM, line_of(mini / PROGRAM, "wordlist:"), "sanalista", "absoluuttinen")


def test_misplaced_wordlist_gives_one_error_at_its_line(mini):
    """A word list that is not where program.yml says: one error, not one per unknown word."""
    (mini / "wordlist.txt").write_text("Zoomblix*\n", encoding="utf-8")
    edit(mini / THEME, "Kerro nimesi.", "Kerro Zoomblixille nimesi.")
    edit(mini / PROGRAM, "session_minutes: 60", "session_minutes: 60\nwordlist: sanat/wordlist.txt")
    message = problem_at(mini, PROGRAM, line_of(mini / PROGRAM, "wordlist:"), "sanalistaa 'sanat/wordlist.txt'",
                         "ei löydy", "wordlist")
    output = check(mini)[1]
    assert "Löytyi 1 ongelma." in output, output
    assert "tuntematon sana" not in output
    assert message


def test_missing_default_wordlist_is_one_error_in_program_yml(mini):
    (mini / "wordlist.txt").unlink()
    problem_at(mini, PROGRAM, 1, "sanalistaa 'wordlist.txt' ei löydy", "wordlist")
    assert "Löytyi 1 ongelma." in check(mini)[1]


def test_wordlist_is_read_like_every_source(mini):
    path = mini / "wordlist.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Zoomblix*\r\n".encode("utf-8"))
    edit(mini / THEME, "Kerro nimesi.", "Kerro Zoomblixille nimesi.")
    result, output = check(mini)
    assert result.returncode == 0, output
    path.write_bytes("# sanat\nZoomblix*\nk\u00e4ve\n".encode("utf-8").replace("ä".encode("utf-8"), b"\xe4"))
    problem_at(mini, "wordlist.txt", 3, "rivillä 3", "UTF-8")


def test_pages_and_glossary_use_the_same_distinct_anchors(mini):
    from build_tools.web.pages import render_site
    path = mini / THEME
    add_term(path, "sää", "Sää on kaunis.")
    add_term(path, "saa", "Saa tulla.")
    curriculum, problems = load_curriculum(mini)
    assert curriculum is not None, problems.items
    pages = {f.path: f.content for f in render_site(curriculum).files if f.content is not None}
    theme = pages["teemat/alku.md"]
    assert theme.count('id="sana-saa"') == 1 and theme.count('id="sana-saeae"') == 1
    assert theme.count('id="sana-aamu"') == 1
    glossary = pages["sanasto.md"]
    assert "alku.md#sana-saa)" in glossary and "alku.md#sana-saeae)" in glossary
