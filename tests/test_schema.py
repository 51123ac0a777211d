"""JSON Schemas for editors: generated from the model, kept in schemas/, accepted by check-jsonschema."""

import json
import subprocess
from pathlib import Path

import pytest

from build_tools.schema import SCHEMAS
from conftest import BIN, FIXTURES, REPO, run_auroras

SCHEMA_DIR = REPO / "schemas"


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def content_files(*roots: Path, pattern: str) -> list[Path]:
    files = [path for root in roots for path in sorted(root.glob(pattern))]
    assert files, f"no {pattern} under {roots}"
    return files


def test_schema_command_writes_the_committed_schemas(tmp_path):
    result = run_auroras(REPO, "schema", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert {"theme.schema.json", "lesson.schema.json", "program.schema.json"} <= set(written)
    assert written == sorted(entry.name for entry in SCHEMAS)
    assert written == sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
    for name in written:
        fresh = (tmp_path / "out" / name).read_text(encoding="utf-8")
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert fresh == committed, f"schemas/{name} is stale: run `auroras schema schemas`"


def _objects(node, where="$"):
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


@pytest.mark.parametrize("entry", SCHEMAS, ids=lambda e: e.name)
def test_schema_rejects_unknown_keys_and_helps_in_finnish(entry):
    schema = json.loads((SCHEMA_DIR / entry.name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    models = [(where, node) for where, node in _objects(schema) if "properties" in node]
    assert len(models) >= 2
    for where, node in models:
        assert node.get("additionalProperties") is False, where
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{where}/properties/{name} has no description"
            assert "title" not in prop, f"{where}/properties/{name}: English title from pydantic"
            # draft-07 ignores keywords beside $ref
            assert "$ref" not in prop or len(prop) == 1, f"{where}/properties/{name}"
    if entry.name not in ("program.schema.json", "synonyms.schema.json"):
        assert '"enum"' in json.dumps(schema)
    assert '"examples"' in json.dumps(schema)


def test_theme_schema_choices_and_patterns():
    schema = json.loads((SCHEMA_DIR / "theme.schema.json").read_text(encoding="utf-8"))
    kind = schema["definitions"]["Activity"]["properties"]["kind"]
    assert "discussion" in kind["enum"] and "break" in kind["enum"]
    assert kind["enumDescriptions"][kind["enum"].index("break")] == "Tauko"
    assert schema["properties"]["slug"]["pattern"].startswith("^[a-z0-9]")
    translations = schema["definitions"]["VocabItem"]["properties"]["translations"]
    assert translations["propertyNames"]["pattern"] == "^[a-z]{2,3}$"


@pytest.mark.parametrize("entry", SCHEMAS, ids=lambda e: e.name)
def test_every_content_file_passes_its_schema(entry):
    files = content_files(REPO, FIXTURES / "mini", pattern=entry.files)
    result = check_jsonschema(SCHEMA_DIR / entry.name, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schemas_are_valid_draft7():
    result = subprocess.run([str(BIN / "check-jsonschema"), "--check-metaschema",
                             *map(str, sorted(SCHEMA_DIR.glob("*.schema.json")))],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name, pattern, old, new, unexpected", [
    ("theme.schema.json", "themes/*/theme.yml", "summary:", "sumary:", "'sumary' was unexpected"),
    ("theme.schema.json", "themes/*/theme.yml", "    minutes:", "    minuts:", "'minuts' was unexpected"),
    ("lesson.schema.json", "a2_lessons/*/lesson.yml", "subtitle:", "subtitel:", "'subtitel' was unexpected"),
    ("program.schema.json", "program.yml", "session_minutes:", "sesion_minutes:", "'sesion_minutes' was unexpected"),
])
def test_misspelt_key_fails(tmp_path, name, pattern, old, new, unexpected):
    source = content_files(REPO, pattern=pattern)[0]
    text = source.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / source.name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check_jsonschema(SCHEMA_DIR / name, broken)
    assert result.returncode == 1
    assert unexpected in result.stdout


def test_misspelt_choice_fails(tmp_path):
    source = content_files(REPO, pattern="themes/*/theme.yml")[0]
    text = source.read_text(encoding="utf-8")
    broken = tmp_path / "theme.yml"
    broken.write_text(text.replace("kind: break", "kind: brake", 1), encoding="utf-8")
    result = check_jsonschema(SCHEMA_DIR / "theme.schema.json", broken)
    assert result.returncode == 1
    assert "'brake' is not one of" in result.stdout


def test_vscode_maps_every_kind_of_file_to_its_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./schemas/{entry.name}": [entry.files] for entry in SCHEMAS}
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
