"""Markdown normalisation: Python-Markdown renders the lists CommonMark (and GitHub) would."""

from __future__ import annotations

import random
import re
from functools import cache
from html.parser import HTMLParser

import markdown
import pytest

from build_tools.loader import load_curriculum
from build_tools.markup.markdown import EXTENSION_CONFIGS, EXTENSIONS
from build_tools.markup.normalize import (
    lint_markdown,
    normalize_markdown,
    normalize_markdown_with_map,
    number_list_items,
)
from conftest import REPO

class _Lists(HTMLParser):
    """Every <ol>/<ul> in document order as (depth, tag, start, items), and each <li value>."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list] = []
        self.lists: list[list] = []
        self.values: list[tuple[int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            entry = [len(self.open), tag, int(dict(attrs).get("start") or 1), 0]
            self.lists.append(entry)
            self.open.append(entry)
        elif tag == "li" and self.open:
            self.open[-1][3] += 1
            if (value := dict(attrs).get("value")) is not None:
                self.values.append((len(self.open) - 1, int(value)))

    def handle_endtag(self, tag):
        if tag in ("ol", "ul"):
            self.open.pop()


def lists(html: str) -> list[tuple]:
    parser = _Lists()
    parser.feed(html)
    return [tuple(entry) for entry in parser.lists]


def to_html(text: str) -> str:
    """The project's Markdown configuration (build_tools.markup.markdown), without the sanitiser."""
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


@cache
def render(text: str) -> str:
    return to_html(normalize_markdown(text))


def structure(text: str) -> list[tuple]:
    return lists(render(text))


# --- Lists after a line of text ---------------------------------------------------------------

def test_list_right_after_text_becomes_a_list():
    text = "**Sama kaava jokaisen sanan kanssa:**\n1. Ohjaaja näyttää\n2. Ryhmä toistaa\n3. Ohjaaja kehuu"
    assert normalize_markdown(text) == (
        "**Sama kaava jokaisen sanan kanssa:**\n\n1.  Ohjaaja näyttää\n2.  Ryhmä toistaa\n3.  Ohjaaja kehuu")
    assert structure(text) == [(0, "ol", 1, 3)]
    assert structure("Sanat:\n- nimi: osoita\n- hauska tavata: kättele") == [(0, "ul", 1, 2)]
    assert structure("Sanat:\n* yksi\n* kaksi") == [(0, "ul", 1, 2)]
    assert structure("Sanat:\n+ yksi\n+ kaksi") == [(0, "ul", 1, 2)]


def test_parenthesis_numbers_become_a_list():
    assert structure("Vaiheet:\n1) Kuuntele\n2) Toista") == [(0, "ol", 1, 2)]


def test_year_or_other_number_after_text_stays_text():
    # CommonMark: a numbered list interrupts a paragraph only when it starts with 1.
    for text in ("Laki muuttui\n2024. vuonna se uudistui.", "Tämä on\n2. kerta."):
        assert normalize_markdown(text) == text
        assert structure(text) == []


def test_lazy_continuation_line_stays_in_its_item():
    text = "- Ohjaaja sanoo\nhitaasti ja selvästi.\n- Ryhmä toistaa"
    html = render(text)
    assert lists(html) == [(0, "ul", 1, 2)]
    assert re.search(r"<li>Ohjaaja sanoo\s+hitaasti ja selvästi.</li>", html)


def test_year_inside_an_item_stays_text_of_the_item():
    text = "1. Laki muuttui\n   2024. vuonna se uudistui.\n2. Toinen"
    html = render(text)
    assert lists(html) == [(0, "ol", 1, 2)]
    assert "2024. vuonna se uudistui." in html


def test_empty_marker_after_text_is_not_a_list():
    assert structure("Otsikko\n-\n\n- kohta") == [(0, "ul", 1, 1)]


# --- Nesting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("indent", [2, 3, 4])
def test_nested_bullets_with_any_indent(indent):
    pad = " " * indent
    text = f"- yksi\n{pad}- a\n{pad}- b\n- kaksi"
    assert structure(text) == [(0, "ul", 1, 2), (1, "ul", 1, 2)]


def test_nested_list_under_numbered_item_lesson_8_goals():
    # a2_lessons/08: the goals read 1–7 instead of 1–4 with sub-points.
    text = ("1. Ohjaaja näyttää haastattelukorttia.\n   Ryhmä toistaa kuorossa.\n"
            "2. Ohjaaja näyttää kolme sormea.\n3. Ohjaaja osoittaa jokaista paperia:\n"
            "   - ihminen: \"Kerro itsestäsi.\"\n   - vahva käsivarsi: \"Mikä on sinun vahvuutesi?\"\n"
            "   - talo: \"Miksi haet tätä työtä?\"\n4. **Ohjaaja:** \"Tunnin lopussa sinä osaat vastata.\"")
    assert structure(text) == [(0, "ol", 1, 4), (1, "ul", 1, 3)]


def test_three_levels_from_marker_columns():
    text = "1. a\n   1. b\n      - c\n        - d\n2. e"
    assert structure(text) == [(0, "ol", 1, 2), (1, "ol", 1, 1), (2, "ul", 1, 1), (3, "ul", 1, 1)]


def test_one_space_is_not_nesting():
    # A child item starts at or after its parent's content column; " - b" does not reach column 2.
    assert structure("- a\n - b\n- c") == [(0, "ul", 1, 3)]


def test_paragraph_inside_item_keeps_the_numbering():
    # a2_lessons/01: a paragraph indented by 3 spaces inside item 3 ended the list; 4–6 restarted.
    text = ("3. Ohjaaja ja avustaja näyttävät mallin.\n   - Ohjaaja: \"Hei!\"\n   - Avustaja: \"Hei!\"\n\n"
            "   Tehkää malli kaksi kertaa.\n4. Ryhmä toistaa kuorossa.\n5. Kierros.")
    html = render(text)
    assert lists(html) == [(0, "ol", 3, 3), (1, "ul", 1, 2)]
    assert "<p>Tehkää malli kaksi kertaa.</p>" in html


def test_new_list_kind_after_a_list():
    assert structure("- a\n1. b") == [(0, "ul", 1, 1), (0, "ol", 1, 1)]
    assert structure("- a\n    - b\n2. c") == [(0, "ul", 1, 1), (1, "ul", 1, 1), (0, "ol", 2, 1)]


def test_item_after_code_inside_item_is_a_sibling():
    assert structure("- a\n\n        koodi\n- b") == [(0, "ul", 1, 2)]


def test_heading_after_list_is_not_swallowed():
    html = render("- a\n# Otsikko\nTeksti")
    assert "<h1" in html and lists(html) == [(0, "ul", 1, 1)]


# --- What is left alone ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Tavallinen kappale.\n\nToinen kappale, jossa on 2024. vuosi ja - viiva.",
    "```\nTeksti\n- ei luettelo\n1. ei luettelo\n```",
    "~~~\n- a\n~~~",
    "| Sana | Merkitys |\n|---|---|\n| - | tyhjä |\n| 1. | numero |",
    "<div>\nTeksti\n- raakaa HTML:ää\n</div>",
    "Kappale\n\n    sisennetty koodi\n    - ei luettelo",
    "# Otsikko { #vaihe-1 }\n\nTeksti.\n{: .huomio }",
    "---\n\n***\n\n- - -",
])
def test_text_without_lists_to_fix_is_unchanged(text):
    assert normalize_markdown(text) == text


def test_fenced_code_is_not_normalised():
    text = "Teksti\n```\nrivi\n- a\n```\n- b"
    out = normalize_markdown(text)
    assert "```\nrivi\n- a\n```" in out
    assert out.endswith("\n\n-   b")


def test_table_is_not_normalised_and_a_list_after_it_is():
    text = "| a | b |\n|---|---|\n| - x | y |\n- lista"
    assert normalize_markdown(text) == "| a | b |\n|---|---|\n| - x | y |\n\n-   lista"


def test_admonition_body_is_normalised():
    text = '!!! mentori "Oikeat vastaukset"\n    Vastaukset:\n    1. Totta.\n    2. Tarua.\n\nJälkeen.'
    out = normalize_markdown(text)
    assert out == '!!! mentori "Oikeat vastaukset"\n    Vastaukset:\n\n    1.  Totta.\n    2.  Tarua.\n\nJälkeen.'
    html = to_html(out)
    assert 'class="admonition mentori"' in html and lists(html) == [(0, "ol", 1, 2)]


def test_admonition_without_lists_is_unchanged():
    text = '!!! note "Huomio"\n\tSarkaimella sisennetty.\n\n    Toinen kappale.'
    assert normalize_markdown(text) == text


def test_md_in_html_block_survives():
    text = "<div markdown>\nTeksti\n- a\n- b\n</div>"
    html = render(text)
    assert html.startswith("<div>") and lists(html) == [(0, "ul", 1, 2)]


# --- Line map and idempotence ----------------------------------------------------------------

def test_line_map_points_to_source_lines():
    text = "Otsikko:\n- a\n  - b\n\n  lisää\n- c\nLoppu"
    out, mapping = normalize_markdown_with_map(text)
    lines = out.split("\n")
    assert len(lines) == len(mapping)
    first = mapping.index(2)  # the inserted blank line maps to the next source line
    assert lines[first] == "" and mapping[first + 1] == 2 and lines[first + 1].startswith("-")
    source = text.split("\n")
    for line, origin in zip(lines, mapping):
        if line.strip():
            words = re.sub(r"^[-*+\d.)\s]+", "", line)
            assert words in source[origin - 1]


def test_identity_map_for_unchanged_text():
    text = "Yksi\n\nKaksi\nKolme"
    assert normalize_markdown_with_map(text) == (text, [1, 2, 3, 4])


@pytest.mark.parametrize("text", [
    "Teksti\n- a\n  - b\n    - c\n- d", "1. a\n\n   kappale\n2. b", "- a\n\n        koodi\n- b",
    "10. a\n11. b\n    - c", "- a\nlaiska\n   - b\n2024. vuonna", '!!! note\n    Teksti\n    - a\n\n- b',
])
def test_idempotent(text):
    once = normalize_markdown(text)
    assert normalize_markdown(once) == once


def test_idempotent_on_generated_documents():
    """Seeded, so deterministic: odd indents, lazy lines, numbers that cannot start a list, code."""
    pieces = ["- sana", "1. sana", "2. sana", "Teksti", "", "jatkuu", "10. sana", "* sana", "# Otsikko",
              "2024. vuonna", "1) sana", "---", "    koodi", "> lainaus", "```", "+ sana"]
    rng = random.Random(10)
    for _ in range(1500):
        text = "\n".join(" " * rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 8]) + rng.choice(pieces)
                         for _ in range(rng.randint(2, 8)))
        once, mapping = normalize_markdown_with_map(text)
        assert normalize_markdown(once) == once, text
        assert len(mapping) == once.count("\n") + 1 and mapping == sorted(mapping), text


# --- The real curriculum ---------------------------------------------------------------------

@cache
def real_fields() -> tuple[tuple[str, str], ...]:
    """Every Markdown field and handout of the real curriculum, with a name for messages."""
    curriculum, problems = load_curriculum(REPO)
    assert curriculum is not None, problems
    fields: list[tuple[str, str]] = []
    for theme in curriculum.themes:
        name = f"teema {theme.number}"
        fields += [(f"{name} summary", theme.summary)]
        fields += [(f"{name} goal", goal) for goal in theme.goals]
        fields += [(f"{name} question", question) for question in theme.discussion_questions]
        fields += [(f"{name} tip", tip) for tip in theme.mentor_tips]
        for activity in theme.activities:
            fields += [(f"{name} {activity.title}", activity.instructions)]
            if activity.participant_task:
                fields += [(f"{name} {activity.title} task", activity.participant_task)]
        folder = curriculum.theme_folder(theme)
        fields += [(f"{name} {h.file}", curriculum.text(folder, h.file)) for h in theme.handouts]
    for lesson in curriculum.lessons:
        name = f"A2 {lesson.number}"
        fields += [(f"{name} {phase.kind}", phase.script) for phase in lesson.phases]
        if lesson.handout.file:
            fields += [(f"{name} {lesson.handout.file}",
                        curriculum.text(curriculum.lesson_folder(lesson), lesson.handout.file))]
    return tuple(fields)


def _commonmark_view(text: str) -> str:
    """The text as CommonMark sees admonitions: their body dedented (CommonMark has no admonitions)."""
    out, body = [], False
    for line in text.split("\n"):
        if re.match(r"(!!!|\?\?\?)", line):
            out.append("")
            body = True
            continue
        if body and line.strip() and not line.startswith("    "):
            body = False
        out.append(line[4:] if body else line)
    return "\n".join(out)


def test_real_content_lists_match_commonmark():
    """Every list of every field renders with CommonMark's items, nesting, kind and start numbers."""
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is the CommonMark reference")
    commonmark = markdown_it.MarkdownIt("commonmark").enable("table")
    mismatches = [name for name, text in real_fields()
                  if structure(text) != lists(commonmark.render(_commonmark_view(text)))]
    assert mismatches == []
    assert sum(len(structure(text)) for _, text in real_fields()) > 300


_MARKER_IN_TEXT = re.compile(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+\S")


def test_real_content_has_no_list_marker_left_in_text():
    """No rendered paragraph or item holds a line that starts like a list item (a run-on list)."""
    run_on = []
    for name, text in real_fields():
        html = render(text)
        for block in re.findall(r"<(?:p|li)>(.*?)(?=</?(?:p|li|ul|ol)\b)", html, flags=re.S):
            if _MARKER_IN_TEXT.search(block.split("\n", 1)[-1] if "\n" in block else ""):
                run_on.append(name)
    assert run_on == []


def test_real_content_keeps_nesting_and_numbers():
    nested = [name for name, text in real_fields() if any(depth for depth, *_ in structure(text))]
    assert len(nested) >= 10  # lesson goals, rules, model dialogues
    # Every ordered list continues the numbers its source writes.
    for name, text in real_fields():
        html = number_list_items(render(text))
        parser = _Lists()
        parser.feed(html)
        for depth, tag, start, count in parser.lists:
            assert start >= 1, name
        assert len(parser.values) == sum(count for _, tag, _, count in parser.lists if tag == "ol"), name


def test_real_content_is_idempotent_and_lint_clean():
    for name, text in real_fields():
        once, mapping = normalize_markdown_with_map(text)
        assert normalize_markdown(once) == once, name
        assert len(mapping) == once.count("\n") + 1, name
        assert lint_markdown(text) == [], name


# --- Lint ------------------------------------------------------------------------------------

def messages(text: str) -> list[tuple[int, int, str]]:
    return lint_markdown(text)


def test_lint_number_other_than_one_after_text():
    [(line, column, message)] = messages("Vaiheet:\n3. Kolmas\n")
    assert (line, column) == (2, 1)
    assert message == ("luettelo alkaa numerolla 3 heti tekstirivin perässä; se näkyy tavallisena tekstinä. "
                       "Lisää tyhjä rivi ennen luetteloa.")
    assert messages("Laki muuttui\n2024. vuonna.") == []


def test_lint_marker_without_space():
    problems = messages("Sanat:\n-nimi\n-osoite")
    assert [(line, column) for line, column, _ in problems] == [(2, 1), (3, 1)]
    assert "merkin '-' jälkeen puuttuu välilyönti" in problems[0][2]
    assert messages("Vaiheet:\n1. Kuuntele\n2.Toista")[0][:2] == (3, 1)
    assert messages("Päätteet -ssa ja -llä.\n-ssa on sisäpaikallissija.") == []  # no list around it


def test_lint_mixed_markers():
    [(line, _, message)] = messages("- yksi\n* kaksi")
    assert line == 2 and "'-' → '*'" in message


def test_lint_tab_indentation():
    [(line, column, message)] = messages("- a\n\t- b")
    assert (line, column) == (2, 1) and "sarkain" in message


def test_lint_indented_paragraph_becomes_code():
    [(line, column, message)] = messages("Kappale.\n\n    Sisennetty kappale.")
    assert (line, column) == (3, 5) and "koodilohkona" in message
    assert messages("Kappale\n    jatkuu sisennettynä.") == []
    assert messages("```\n    koodi\n```") == []


def test_lint_attribute_lists_shown_as_text():
    problems = messages("Kappale {: .huomio }\n\n{: .yksin }\n\n| a |\n|---|\n| b |\n{: .taulukko }")
    assert [(line, column) for line, column, _ in problems] == [(1, 9), (3, 1), (8, 1)]
    assert "näkyy sivulla tekstinä" in problems[0][2]
    ok = "# Otsikko { #vaihe-1 }\n\nKappale\n{: .huomio }\n\n- kohta\n{: .x }\n\n*korostus*{: .y }"
    assert messages(ok) == []


def test_fenced_code_inside_list_item_becomes_indented_code():
    # Python-Markdown's fenced_code only finds fences at the margin, not inside list items.
    text = "- kohta\n\n  ```\n  - ei luettelo\n\n  rivi\n  ```\n- toinen"
    out, mapping = normalize_markdown_with_map(text)
    assert out == "-   kohta\n\n\n        - ei luettelo\n\n        rivi\n\n-   toinen"
    assert mapping == [1, 2, 3, 4, 5, 6, 7, 8]
    html = to_html(out)
    assert lists(html) == [(0, "ul", 1, 2)] and "<pre><code>- ei luettelo\n\nrivi\n</code></pre>" in html
    assert messages(text) == []


def test_indented_fence_at_the_margin():
    out = normalize_markdown("Teksti\n\n  ```\n  koodi\n    sisennys\n  ```")
    assert out == "Teksti\n\n```\nkoodi\n  sisennys\n```"


def test_fence_ends_with_its_item():
    text = "- a\n  ```\n  koodi\nTeksti"
    assert "<p>Teksti</p>" in render(text) and "<pre><code>koodi" in render(text)


def test_lint_positions_inside_admonition():
    [(line, column, _)] = messages('!!! note\n    Vaiheet:\n    3. Kolmas')
    assert (line, column) == (3, 5)


# --- Numbers for print -----------------------------------------------------------------------

def test_number_list_items_counts_from_start():
    html = '<ol start="3">\n<li>a</li>\n<li\n  class="x">b</li>\n</ol>'
    assert number_list_items(html) == '<ol start="3">\n<li value="3">a</li>\n<li\n  class="x" value="4">b</li>\n</ol>'


def test_number_list_items_nested_existing_values_and_bullets():
    html = "<ol><li value=7>x<ol><li>y</li></ol></li><li>z</li></ol><ul><li>u</li></ul>"
    assert number_list_items(html) == ('<ol><li value=7>x<ol><li value="1">y</li></ol></li>'
                                       '<li value="8">z</li></ol><ul><li>u</li></ul>')
    assert number_list_items(number_list_items(html)) == number_list_items(html)


def test_number_list_items_leaves_other_html_alone():
    html = '<p>Ei luetteloa &amp; <code>&lt;ol&gt;</code></p><ol reversed><li>a</li></ol>'
    assert number_list_items(html) == html
