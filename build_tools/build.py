"""Build the site so that a failed build never leaves a broken ``site/`` behind.

The engine writes into a fresh folder next to the target; only a build that
succeeded replaces the target, by two renames.  Until then, the previous
site stays exactly as it was.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .engines import DEFAULT_ENGINE, ENGINES, BuildFailed, engine_module
from .loader import find_root


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


def build_site(root: Path, target: Path, *, strict: bool = True, engine: str = DEFAULT_ENGINE) -> None:
    """Build the site of ``root`` into ``target`` atomically, with the named site engine."""
    module = engine_module(engine)
    if (missing := module.available()) is not None:
        raise BuildFailed(missing)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        module.build(root, staging, strict=strict)
        swap_into(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.build",
                                     description="Rakenna sivusto ja PDF-tulosteet kansioon site/.")
    parser.add_argument("--root", type=Path, default=None, help="projektin kansio")
    add_build_arguments(parser)
    args = parser.parse_args(argv)
    return run_build(args)


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", type=Path, default=None, help="kohdekansio (oletus: site/)")
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                        help=f"sivustomoottori (oletus: {DEFAULT_ENGINE})")


def run_build(args) -> int:
    root = (args.root or find_root()).resolve()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    for chatty in ("weasyprint", "fontTools"):  # their INFO lines are every step of every PDF
        logging.getLogger(chatty).setLevel(logging.WARNING)
    try:
        build_site(root, args.site_dir or root / "site", engine=args.engine)
    except BuildFailed as exc:
        print(f"Sivustoa ei rakennettu; edellinen versio jäi ennalleen.\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
