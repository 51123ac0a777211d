"""Editor settings and licence files; the content follows .editorconfig."""

import re

from conftest import REPO

CONTENT = ["themes", "a2_lessons", "sessions", "groups"]
CONTENT_FILES = ["program.yml", "wordlist.txt", "synonyms.yml"]
TEXT_SUFFIXES = {".yml", ".yaml", ".md", ".txt"}


def editorconfig() -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {"": {}}
    current = ""
    for line in (REPO / ".editorconfig").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if match := re.fullmatch(r"\[(.+)\]", line):
            current = match.group(1)
            sections[current] = {}
        else:
            key, value = (part.strip() for part in line.split("=", 1))
            sections[current][key] = value
    return sections


def test_editorconfig_rules():
    config = editorconfig()
    assert config[""]["root"] == "true"
    everything = config["*"]
    assert everything["charset"] == "utf-8" and everything["end_of_line"] == "lf"
    assert everything["insert_final_newline"] == "true" and everything["indent_style"] == "space"
    assert everything["trim_trailing_whitespace"] == "true"
    yaml_section = next(v for k, v in config.items() if "yml" in k)
    assert yaml_section["indent_size"] == "2"
    assert config["*.md"]["trim_trailing_whitespace"] == "false"  # two trailing spaces are a line break


def content_files():
    for name in CONTENT:
        base = REPO / name
        if base.is_dir():
            yield from (p for p in sorted(base.rglob("*")) if p.is_file() and p.suffix in TEXT_SUFFIXES)
    for name in CONTENT_FILES:
        if (REPO / name).is_file():
            yield REPO / name


def test_content_follows_editorconfig():
    files = list(content_files())
    assert len(files) > 30
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("utf-8")  # UTF-8
        where = path.relative_to(REPO)
        assert b"\r" not in raw, f"{where}: CRLF line ends"
        assert text.endswith("\n"), f"{where}: no final newline"
        if path.suffix in {".yml", ".yaml"}:
            assert "\t" not in text, f"{where}: tab"


def test_licences():
    mit = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert mit.startswith("MIT License") and "Permission is hereby granted, free of charge" in mit
    content = (REPO / "LICENSE-content.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International" in content
    assert "https://creativecommons.org/licenses/by/4.0/" in content
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "LICENSE-content.md" in readme and "CC BY 4.0" in readme and "MIT" in readme
