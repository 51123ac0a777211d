import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small valid project, safe to break."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def build(config_dir: Path, target: Path) -> subprocess.CompletedProcess:
    """mkdocs build --strict of a project, without PDFs."""
    env = dict(os.environ, AURORAS_PDF="0", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(target)],
                          cwd=config_dir, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real curriculum's website (without PDFs), built once per test run."""
    target = tmp_path_factory.mktemp("site")
    result = build(REPO, target)
    assert result.returncode == 0, result.stderr
    return target


def run_auroras(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "auroras"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
