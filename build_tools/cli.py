"""The ``auroras`` command: check and export the curriculum."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .diagnostics import format_report
from .loader import find_root, load_curriculum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="auroras", description="Auroras-materiaalin tarkistus ja vienti.")
    parser.add_argument("--root", type=Path, default=None,
                        help="projektin kansio (oletus: lähin kansio, jossa on program.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="tarkista kaikki sisältö")
    export = commands.add_parser("export", help="tulosta tarkistettu sisältö")
    export.add_argument("--json", action="store_true", required=True, help="JSON-muodossa")
    schema = commands.add_parser("schema", help="kirjoita sisältötiedostojen JSON Schemat kansioon")
    schema.add_argument("folder", type=Path, metavar="KANSIO", help="kansio, johon skeemat kirjoitetaan")
    args = parser.parse_args(argv)

    if args.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(args.folder):
            print(f"Kirjoitettu {path}")
        return 0

    root = args.root.resolve() if args.root else find_root()
    curriculum, problems = load_curriculum(root)
    if curriculum is None:
        print(format_report(sorted(set(problems.items))), file=sys.stderr)
        return 1
    if args.command == "check":
        from .quality import run_quality
        report = run_quality(curriculum, problems)
        if problems:
            print(format_report(sorted(set(problems.items))), file=sys.stderr)
            print("\n".join(report.summary()), file=sys.stderr)
            return 1
        print(f"Kunnossa: {len(curriculum.themes)} teemaa ja {len(curriculum.lessons)} A2-tuntia.")
        print("\n".join(report.summary()))
        return 0
    from .export import export_json
    try:
        json.dump(export_json(curriculum), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `auroras export --json | head`
        sys.stderr.close()
    return 0
