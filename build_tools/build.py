"""Build the site so that a failed build never leaves a broken ``site/`` behind.

The engine writes into a fresh folder next to the target; only a build that
succeeded replaces the target, by two renames.  Until then, the previous
site stays exactly as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .loader import find_root


class BuildFailed(Exception):
    """The engine failed; the message is for the person who ran the build."""


def swap_into(built: Path, target: Path) -> None:
    """Replace ``target`` by ``built``; the old site is removed only after the new one is in place."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(built, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_with_mkdocs(config_file: Path, site_dir: Path, *, strict: bool = True) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
        build(config)
    except MkDocsException as exc:
        raise BuildFailed(_finnish(str(exc).strip())) from None


def _finnish(message: str) -> str:
    """MkDocs' closing line in Finnish; the problems themselves were already logged above it."""
    if match := re.match(r"Aborted with (\d+) warnings? in strict mode", message):
        return f"Rakentaminen keskeytettiin: {match.group(1)} varoitusta (strict-tila). Varoitukset ovat yllä."
    if message.startswith("Aborted with a BuildError"):
        return "Rakentaminen keskeytettiin virheeseen. Virhe on yllä."
    return message or "Sivuston rakentaminen epäonnistui."


def build_site(root: Path, target: Path, *, strict: bool = True) -> None:
    """Build the site of ``root`` into ``target`` atomically."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        build_with_mkdocs(root / "mkdocs.yml", staging, strict=strict)
        swap_into(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.build",
                                     description="Rakenna sivusto ja PDF-tulosteet kansioon site/.")
    parser.add_argument("--root", type=Path, default=None, help="projektin kansio")
    parser.add_argument("--site-dir", type=Path, default=None, help="kohdekansio (oletus: site/)")
    args = parser.parse_args(argv)
    root = (args.root or find_root()).resolve()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    try:
        build_site(root, args.site_dir or root / "site")
    except BuildFailed as exc:
        print(f"Sivustoa ei rakennettu; edellinen versio jäi ennalleen.\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
