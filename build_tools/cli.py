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
    new = commands.add_parser("new", help="luo uuden teeman tai A2-tunnin runko")
    kinds = new.add_subparsers(dest="kind", required=True)
    new_theme = kinds.add_parser("theme", help="uusi teema kansioon themes/")
    new_theme.add_argument("slug", metavar="TUNNUS", help="teeman tunnus, esimerkiksi tyohaastattelu")
    new_theme.add_argument("--number", type=int, metavar="N", help="teeman numero (oletus: seuraava vapaa)")
    new_lesson = kinds.add_parser("lesson", help="uusi A2-tunti kansioon a2_lessons/")
    new_lesson.add_argument("slug", metavar="TUNNUS", help="tunnin tunnus, esimerkiksi a2-tyohaastattelu")
    new_lesson.add_argument("--theme", type=int, required=True, metavar="N", help="teema, johon tunti kuuluu")
    new_lesson.add_argument("--number", type=int, metavar="N", help="tunnin numero (oletus: seuraava vapaa)")
    args = parser.parse_args(argv)

    if args.command == "new":
        return _new(args)
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


def _new(args) -> int:
    from .scaffold import ScaffoldError, new_lesson, new_theme
    root = args.root.resolve() if args.root else find_root()
    try:
        if args.kind == "theme":
            created = new_theme(root, args.slug, args.number)
        else:
            created = new_lesson(root, args.slug, args.theme, args.number)
    except ScaffoldError as error:
        print(f"auroras new: {error}", file=sys.stderr)
        return 1
    for path in created:
        print(f"Luotu {path.relative_to(root).as_posix()}")
    print("Korvaa TÄYDENNÄ-kohdat omalla tekstilläsi. `auroras check` näyttää jäljellä olevat kohdat.")
    return 0
