"""`auroras new`: a skeleton that passes the schema and leaves only its own TÄYDENNÄ items to fill in."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from build_tools.model import TOISTO_STEPS
from conftest import REPO, edit, run_auroras
from test_schema import SCHEMA_DIR, check_jsonschema

PROBLEM = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$", re.M)


def copy_repo(target: Path) -> Path:
    """The real curriculum's sources, without the site and caches."""
    target.mkdir()
    for name in ("program.yml", "wordlist.txt", "spoken_words.txt", "themes", "a2_lessons", "sessions"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def problems_of(output: str) -> list[dict]:
    return [m.groupdict() for m in PROBLEM.finditer(output)]


def assert_only_placeholders(root: Path, output: str, folders: list[str]) -> list[dict]:
    found = problems_of(output)
    assert found, output
    for problem in found:
        assert any(problem["path"].startswith(folder + "/") for folder in folders), problem
        assert problem["message"].startswith("täydennä"), problem
        line = (root / problem["path"]).read_text(encoding="utf-8").splitlines()[int(problem["line"]) - 1]
        assert "TÄYDENNÄ" in line[int(problem["column"]) - 1:], (problem, line)
    # ... and every placeholder of the skeleton is reported, at its own line.
    expected = set()
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if "TÄYDENNÄ" in line and not line.lstrip().startswith("#"):
                        expected.add((path.relative_to(root).as_posix(), number))
    assert {(p["path"], int(p["line"])) for p in found} == expected
    return found


def test_new_theme_and_lesson_in_a_copy_of_the_curriculum(tmp_path):
    root = copy_repo(tmp_path / "repo")
    # All 14 theme numbers are taken: the command says so instead of writing a theme that cannot pass.
    full = run_auroras(root, "new", "theme", "uusi-teema")
    assert full.returncode == 1
    assert "Kaikki numerot ovat käytössä" in full.stderr and "Traceback" not in full.stderr
    shutil.rmtree(next((root / "themes").glob("14-*")))
    shutil.rmtree(next((root / "a2_lessons").glob("14-*")))

    result = run_auroras(root, "new", "theme", "uusi-teema")
    assert result.returncode == 0, result.stderr
    theme = root / "themes" / "14-uusi-teema" / "theme.yml"
    assert "Luotu themes/14-uusi-teema/theme.yml" in result.stdout
    assert "Huom" not in result.stdout  # theme 14 is in the semester already
    assert theme.is_file() and (theme.parent / "monisteet" / "moniste.md").is_file()
    assert sorted(p.name for p in (root / "themes").iterdir() if p.name.startswith("14-")) == ["14-uusi-teema"]

    schema = check_jsonschema(SCHEMA_DIR / "theme.schema.json", theme)
    assert schema.returncode == 0, schema.stdout
    data = yaml.safe_load(theme.read_text(encoding="utf-8"))
    settings = yaml.safe_load((root / "program.yml").read_text(encoding="utf-8"))
    assert data["number"] == 14 and data["slug"] == "uusi-teema"
    assert sum(a["minutes"] for a in data["activities"]) == settings["session_minutes"]
    assert {"break", "closing"} <= {a["kind"] for a in data["activities"]}
    assert len(data["goals"]) >= 4 and len(data["vocabulary"]) >= 15 and len(data["links"]) >= 2
    assert all(item["translations"]["en"] for item in data["vocabulary"])

    check = run_auroras(root, "check")
    assert check.returncode == 1
    assert "Traceback" not in check.stderr
    found = assert_only_placeholders(root, check.stderr, ["themes/14-uusi-teema"])
    assert any(p["path"].endswith("monisteet/moniste.md") for p in found)
    assert any("linkin osoite" in p["message"] for p in found)

    lesson_run = run_auroras(root, "new", "lesson", "a2-uusi-tunti", "--theme", "14")
    assert lesson_run.returncode == 0, lesson_run.stderr
    lesson = root / "a2_lessons" / "14-a2-uusi-tunti" / "lesson.yml"
    schema = check_jsonschema(SCHEMA_DIR / "lesson.schema.json", lesson)
    assert schema.returncode == 0, schema.stdout
    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    assert [p["kind"] for p in data["phases"]] == list(TOISTO_STEPS)
    assert sum(p["minutes"] for p in data["phases"]) == settings["session_minutes"]
    assert data["theme"] == 14 and data["number"] == 14
    check = run_auroras(root, "check")
    assert_only_placeholders(root, check.stderr, ["themes/14-uusi-teema", "a2_lessons/14-a2-uusi-tunti"])


def test_new_in_the_small_project_follows_its_settings(mini):
    (mini / "wordlist.txt").touch()
    created = run_auroras(mini, "new", "theme", "toinen")
    assert created.returncode == 0
    # The small project's semester has theme 1 only: the command says where the new theme still has to go.
    assert "Huom: Teema 2 ei ole vielä puolen vuoden suunnitelmassa" in created.stdout
    assert "semester › main" in created.stdout
    theme = yaml.safe_load((mini / "themes" / "02-toinen" / "theme.yml").read_text(encoding="utf-8"))
    # tests/fixtures/mini: 60-minute sessions, fewer items required, no translations required.
    assert sum(a["minutes"] for a in theme["activities"]) == 60
    assert len(theme["vocabulary"]) == 2 and "translations" not in theme["vocabulary"][0]
    assert run_auroras(mini, "new", "lesson", "a2-toinen", "--theme", "2").returncode == 0
    lesson = yaml.safe_load((mini / "a2_lessons" / "02-a2-toinen" / "lesson.yml").read_text(encoding="utf-8"))
    assert sum(p["minutes"] for p in lesson["phases"]) == 60
    check = run_auroras(mini, "check")
    assert [(p["path"], p["message"].split(":")[0]) for p in problems_of(check.stderr)] == [
        ("program.yml", "semester › main"), ("program.yml", "semester › a2")], check.stderr
    # The editor follows the note; then only the skeleton's own items are left.
    edit(mini / "program.yml", "main: [1, review, 1, closing]", "main: [1, 2, review, closing]")
    edit(mini / "program.yml", "a2: [1, company-visit, review, closing]", "a2: [1, 2, company-visit, closing]")
    check = run_auroras(mini, "check")
    assert_only_placeholders(mini, check.stderr, ["themes/02-toinen", "a2_lessons/02-a2-toinen"])


@pytest.mark.parametrize("args, words", [
    (["new", "theme", "Iso Kirjain"], "tunnus saa sisältää vain"),
    (["new", "theme", "alku"], "tunnus 'alku' on jo"),
    (["new", "theme", "uusi", "--number", "1"], "numero 1 on jo käytössä"),
    (["new", "lesson", "a2-uusi", "--theme", "9"], "teemaa 9 ei ole"),
    (["new", "lesson", "a2-uusi", "--theme", "1"], "teemalla 1 on jo A2-tunti"),
])
def test_new_refuses_with_a_finnish_reason(mini, args, words):
    result = run_auroras(mini, *args)
    assert result.returncode == 1
    assert words in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (mini / "themes").iterdir()) == ["01-alku"]
