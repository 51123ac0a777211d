"""MkDocs engine: ``mkdocs build`` with the ``auroras`` plugin, which runs the build stages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from . import BuildFailed

NAME = "MkDocs"


def available() -> str | None:
    """None when the engine can run; otherwise why not, in Finnish."""
    try:
        import mkdocs  # noqa: F401
        import material  # noqa: F401
    except ImportError as exc:
        return f"MkDocs tai Material for MkDocs puuttuu ({exc.name}); aja `make venv`."
    return None


def build(root: Path, site_dir: Path, *, strict: bool = True) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        mkdocs_build(config)
    except MkDocsException as exc:
        raise BuildFailed(_finnish(str(exc).strip())) from None


def serve(root: Path, *, address: str) -> int:
    """Live preview: MkDocs' own server, with the plugin's preview hooks (build_tools/preview.py)."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address, "-f", str(root / "mkdocs.yml")]
    return subprocess.call(command, cwd=root)


def _finnish(message: str) -> str:
    """MkDocs' closing line in Finnish; the problems themselves were already logged above it."""
    if match := re.match(r"Aborted with (\d+) warnings? in strict mode", message):
        return f"Rakentaminen keskeytettiin: {match.group(1)} varoitusta (strict-tila). Varoitukset ovat yllä."
    if message.startswith("Aborted with a BuildError"):
        return "Rakentaminen keskeytettiin virheeseen. Virhe on yllä."
    return message or "Sivuston rakentaminen epäonnistui."
