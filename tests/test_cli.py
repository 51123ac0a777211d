"""The auroras command line: version, output formats, export, Finnish help and messages."""

import json
from importlib.metadata import version

import pytest

from build_tools.cli import github_annotation, main
from build_tools.diagnostics import Problem, format_report
from conftest import edit, line_of, run_auroras

THEME = "themes/01-alku/theme.yml"


def test_version(mini):
    result = run_auroras(mini, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"auroras {version('auroras-build-tools')}"


def test_help_is_finnish(capsys):
    for args in ([], ["check"], ["new"], ["new", "lesson"], ["export"], ["schema"]):
        with pytest.raises(SystemExit) as exit_:
            main([*args, "--help"])
        assert exit_.value.code == 0, args
        text = capsys.readouterr().out
        assert text.startswith("käyttö: auroras"), text
        assert "valinnat:" in text and "näytä tämä ohje ja lopeta" in text
        for english in ("usage:", "options:", "show this help message", "positional arguments"):
            assert english not in text, (args, english)


def test_argparse_is_english_again_after_main(capsys):
    import argparse
    with pytest.raises(SystemExit):
        main(["--help"])
    capsys.readouterr()
    parser = argparse.ArgumentParser(prog="other")
    assert parser.format_help().startswith("usage: other")


def test_argument_errors_are_finnish(mini):
    result = run_auroras(mini, "chek")
    assert result.returncode == 2
    assert "auroras: virhe: argumentti KOMENTO: tuntematon valinta 'chek'" in result.stderr
    assert "error" not in result.stderr
    result = run_auroras(mini, "new", "lesson", "a2-x", "--theme", "kaksi")
    assert "pitää olla kokonaisluku" in result.stderr
    result = run_auroras(mini, "new", "lesson", "a2-x")
    assert "nämä argumentit puuttuvat: --theme" in result.stderr


def break_theme(mini):
    path = mini / THEME
    edit(path, "    minutes: 20\n", "    minutes: 20\n    minuts: 5\n")
    return line_of(path, "minuts: 5")


def test_check_github_annotates_the_broken_line(mini):
    line = break_theme(mini)
    result = run_auroras(mini, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file={THEME},line={line},col=5,title=auroras check::"
        "tuntematon kenttä 'minuts' kohdassa activities › 1. Tarkoititko 'minutes'?"]
    assert "Löytyi 1 ongelma. Korjaa se ja aja tarkistus uudelleen." in result.stderr


def test_github_annotation_escapes_workflow_command_characters():
    problem = Problem("themes/a,b:c.yml", 3, 4, "50 % valmis\nseuraava rivi")
    assert github_annotation(problem) == (
        "::error file=themes/a%2Cb%3Ac.yml,line=3,col=4,title=auroras check::50 %25 valmis%0Aseuraava rivi")


def test_check_json_is_a_list_of_problems(mini):
    line = break_theme(mini)
    result = run_auroras(mini, "check", "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    assert rows == [{"path": THEME, "line": line, "column": 5,
                     "message": "tuntematon kenttä 'minuts' kohdassa activities › 1. Tarkoititko 'minutes'?"}]


def test_check_json_and_github_of_valid_content(mini):
    result = run_auroras(mini, "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    result = run_auroras(mini, "check", "--format", "github")
    assert result.returncode == 0 and result.stdout == ""
    assert "Kunnossa" in result.stderr


def test_export_prints_json_with_or_without_the_flag(mini):
    plain = run_auroras(mini, "export")
    flagged = run_auroras(mini, "export", "--json")
    assert plain.returncode == flagged.returncode == 0
    assert plain.stdout == flagged.stdout
    data = json.loads(plain.stdout)
    assert [theme["slug"] for theme in data["themes"]] == ["alku"]


def test_unknown_key_in_a_list_item_has_one_full_stop(mini):
    break_theme(mini)
    output = run_auroras(mini, "check").stderr
    assert "activities › 1. Tarkoititko" in output
    assert ".." not in output


def test_closing_line_singular_plural_and_preview():
    one = [Problem("a.yml", 1, 1, "x")]
    two = one + [Problem("a.yml", 2, 1, "y")]
    assert format_report(one).endswith("Löytyi 1 ongelma. Korjaa se ja aja tarkistus uudelleen.")
    assert format_report(two).endswith("Löytyi 2 ongelmaa. Korjaa ne ja aja tarkistus uudelleen.")
    preview = format_report(one, preview=True)
    assert "aja tarkistus" not in preview and "Korjaa se ja tallenna" in preview
