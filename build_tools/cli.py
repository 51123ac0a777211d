"""The ``auroras`` command: check, export, schemas and new content, all in Finnish."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from . import __version__
from .diagnostics import Problem, closing_line, format_report

# The loader (and with it the content model) is imported by the commands that read content, not here:
# every PDF render worker imports the `auroras` script again as it starts (Python 3.11's fork server
# does not preload it, see print/render.py), and the script imports this module.

FORMATS = ("text", "github", "json")

# argparse's own words, which it looks up with gettext.
_ARGPARSE_FI = {
    "usage: ": "käyttö: ",
    "options": "valinnat",
    "positional arguments": "argumentit",
    "show this help message and exit": "näytä tämä ohje ja lopeta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: virhe: %(message)s\n",
    "the following arguments are required: %s": "nämä argumentit puuttuvat: %s",
    "unrecognized arguments: %s": "tuntemattomat argumentit: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "tuntematon valinta %(value)r (vaihtoehdot: %(choices)s)",
    "invalid %(type)s value: %(value)r": "virheellinen arvo %(value)r: pitää olla %(type)s",
    "argument %(argument_name)s: %(message)s": "argumentti %(argument_name)s: %(message)s",
    "expected one argument": "tarvitsee yhden arvon",
    "expected at least one argument": "tarvitsee vähintään yhden arvon",
    "expected at most one argument": "saa olla enintään yksi arvo",
    "ambiguous option: %(option)s could match %(matches)s": "epäselvä valinta %(option)s: sopii näihin: %(matches)s",
    "not allowed with argument %s": "ei käy yhdessä argumentin %s kanssa",
    "one of the arguments %s is required": "jokin näistä tarvitaan: %s",
    "ignored explicit argument %r": "ylimääräinen arvo %r",
    "unexpected option string: %s": "odottamaton valinta: %s",
}


@contextlib.contextmanager
def _finnish_argparse():
    """Translate argparse's fixed English strings while the parser is built and used."""
    original = argparse._, argparse.ngettext

    def translate(message: str) -> str:
        return _ARGPARSE_FI.get(message, message)

    def ntranslate(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    argparse._, argparse.ngettext = translate, ntranslate
    try:
        yield
    finally:
        argparse._, argparse.ngettext = original


def kokonaisluku(text: str) -> int:
    """An int argument; argparse shows this function's name in its error ("pitää olla kokonaisluku")."""
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="auroras", description="Auroras-materiaalin tarkistus, vienti ja uuden sisällön pohjat.")
    parser.add_argument("--version", action="version", version=f"auroras {__version__}",
                        help="näytä ohjelman versio ja lopeta")
    parser.add_argument("--root", type=Path, default=None, metavar="KANSIO",
                        help="projektin kansio (oletus: lähin kansio, jossa on program.yml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMENTO",
                                     title="komennot")
    check = commands.add_parser("check", help="tarkista kaikki sisältö",
                                description="Tarkistaa kaiken sisällön: rakenteen, täydellisyyden, "
                                            "oikeinkirjoituksen ja luettavuuden.")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="tulosteen muoto: text (rivi kerrallaan, oletus), github (huomautukset "
                            "pull requestin riveille) tai json (luettelo olioita)")
    export = commands.add_parser("export", help="tulosta tarkistettu sisältö JSON-muodossa")
    export.add_argument("--json", action="store_true", help="JSON-muodossa (oletus; ainoa muoto)")
    schema = commands.add_parser("schema", help="kirjoita sisältötiedostojen JSON Schemat kansioon")
    schema.add_argument("folder", type=Path, metavar="KANSIO", help="kansio, johon skeemat kirjoitetaan")
    plan = commands.add_parser("plan", help="näytä ryhmän puolen vuoden suunnitelma (myös julkaisemattoman)",
                               description="Tulostaa ryhmän tapaamiset päivämäärineen ja kellonaikoineen. "
                                           "Toimii myös ryhmälle, jota ei julkaista (publish: false).")
    plan.add_argument("group", metavar="RYHMÄ", help="ryhmän tunnus: tiedoston groups/<tunnus>.yml nimi")
    plan.add_argument("--ics", type=Path, metavar="TIEDOSTO", help="kirjoita myös kalenteri (.ics) tiedostoon")
    build = commands.add_parser("build", help="rakenna sivusto ja PDF-tulosteet kansioon site/",
                                description="Tarkistaa sisällön, tekee PDF-tulosteet ja sivut, rakentaa sivuston "
                                            "valitulla sivustomoottorilla ja tekee hakemiston. Epäonnistunut "
                                            "rakentaminen jättää edellisen sivuston ennalleen.")
    from .build import add_build_arguments
    from .engines import DEFAULT_ENGINE, ENGINES
    add_build_arguments(build)
    serve = commands.add_parser("serve", help="esikatselu, joka päivittyy, kun sisältö muuttuu",
                                description="Rakentaa sivuston, näyttää sen osoitteessa http://127.0.0.1:8000/ ja "
                                            "rakentaa uudelleen, kun themes/, a2_lessons/, sessions/, groups/, "
                                            "docs/ tai program.yml muuttuu. Sisältövirheet näkyvät selaimessa. "
                                            "PDF-tulosteet ovat pois päältä, ellei AURORAS_PDF=1.")
    serve.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                       help=f"sivustomoottori (oletus: {DEFAULT_ENGINE})")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="OSOITE:PORTTI",
                       help="osoite ja portti (oletus: 127.0.0.1:8000)")
    new = commands.add_parser("new", help="luo uuden teeman tai A2-tunnin runko")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="LAJI", title="lajit")
    new_theme = kinds.add_parser("theme", help="uusi teema kansioon themes/")
    new_theme.add_argument("slug", metavar="TUNNUS", help="teeman tunnus, esimerkiksi tyohaastattelu")
    new_theme.add_argument("--number", type=kokonaisluku, metavar="N", help="teeman numero (oletus: seuraava vapaa)")
    new_lesson = kinds.add_parser("lesson", help="uusi A2-tunti kansioon a2_lessons/")
    new_lesson.add_argument("slug", metavar="TUNNUS", help="tunnin tunnus, esimerkiksi a2-tyohaastattelu")
    new_lesson.add_argument("--theme", type=kokonaisluku, required=True, metavar="N",
                            help="teema, johon tunti kuuluu")
    new_lesson.add_argument("--number", type=kokonaisluku, metavar="N", help="tunnin numero (oletus: seuraava vapaa)")
    return parser


def run() -> int:
    """The `auroras` command: :func:`main`, and then the process exits (stages.before_exit)."""
    try:
        return main()
    finally:
        from . import stages
        stages.before_exit()


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # e.g. `auroras check | head`: the reader stopped reading
        sys.stderr.close()
        return 0


def _main(argv: list[str] | None) -> int:
    with _finnish_argparse():
        parser = _parser()
        args = parser.parse_args(argv)

    if args.command == "new":
        return _new(args)
    if args.command == "build":
        from .build import run_build
        return run_build(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(args.folder):
            print(f"Kirjoitettu {path}")
        return 0

    from .loader import find_root, load_curriculum
    root = args.root.resolve() if args.root else find_root()
    output = getattr(args, "format", "text")
    curriculum, problems = load_curriculum(root)
    if curriculum is None:
        _report(sorted(set(problems.items)), output)
        return 1
    if args.command == "check":
        from .quality import run_quality
        report = run_quality(curriculum, problems)
        if problems:
            _report(sorted(set(problems.items)), output)
            print("\n".join(report.summary()), file=sys.stderr)
            return 1
        if output == "json":
            print("[]")
        ok = f"Kunnossa: {len(curriculum.themes)} teemaa ja {len(curriculum.lessons)} A2-tuntia."
        hidden = len(curriculum.groups) - len(curriculum.published_groups)
        plans = (f"Muita tapaamisia {len(curriculum.sessions)}, ryhmiä {len(curriculum.groups)}"
                 + (f" (julkaisemattomia {hidden})." if hidden else "."))
        print("\n".join([ok, plans, *report.summary()]), file=sys.stdout if output == "text" else sys.stderr)
        return 0
    if args.command == "plan":
        return _plan(curriculum, args)
    from .export import export_json
    try:
        json.dump(export_json(curriculum), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `auroras export | head`
        sys.stderr.close()
    return 0


def _serve(args) -> int:
    import os
    from .engines import BuildFailed, engine_module
    from .loader import find_root
    os.environ.setdefault("AURORAS_PDF", "0")
    root = args.root.resolve() if args.root else find_root()
    try:
        module = engine_module(args.engine)
        if (missing := module.available()) is not None:
            raise BuildFailed(missing)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    return module.serve(root, address=args.dev_addr)


def _report(problems: list[Problem], output: str) -> None:
    """Text on stderr; github and json on stdout (machine-read), with the closing line on stderr."""
    if output == "text":
        print(format_report(problems), file=sys.stderr)
        return
    if output == "github":
        for problem in problems:
            print(github_annotation(problem))
    else:
        rows = [{"path": p.path, "line": p.line, "column": p.column, "message": p.message} for p in problems]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    print(closing_line(len(problems)), file=sys.stderr)


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command: an error annotation on the problem's line of the pull request."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return (f"::error file={prop(problem.path)},line={problem.line},col={problem.column},"
            f"title={prop('auroras check')}::{data(problem.message)}")


def _new(args) -> int:
    from .loader import find_root
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
    for path in created.files:
        print(f"Luotu {path.relative_to(root).as_posix()}")
    print("Korvaa TÄYDENNÄ-kohdat omalla tekstilläsi. `auroras check` näyttää jäljellä olevat kohdat.")
    for note in created.notes:
        print(f"Huom: {note}")
    return 0


def _plan(curriculum, args) -> int:
    """A group's plan on the terminal (and optionally as .ics), for its mentors, published or not."""
    from urllib.parse import urlsplit

    from .calendar_ics import extra_events, meeting_events, write_calendar
    from .semester import finnish_date, plan_group
    group = curriculum.groups.get(args.group)
    if group is None:
        known = ", ".join(curriculum.groups) or "ei yhtään"
        print(f"auroras plan: ryhmää '{args.group}' ei löydy kansiosta groups/; ryhmät: {known}", file=sys.stderr)
        return 1
    plan = plan_group(args.group, group, curriculum)
    print(f"{group.name} – {group.city}, {group.venue}" + ("" if group.publish else " (ei julkaista)"))
    for meeting in plan.meetings:
        print(f"{meeting.number:>3}  {finnish_date(meeting.date):<14} {meeting.time_label}  {meeting.title}")
    for day in plan.skipped:
        print(f"     {finnish_date(day.date):<14} ei tapaamista ({day.reason})")
    for item in sorted(group.events, key=lambda e: (e.date, e.title)):
        print(f"     {finnish_date(item.date):<14} {item.start_time or '':<11} {item.title}")
    if args.ics:
        domain = urlsplit(curriculum.settings.site_url).hostname or "auroras"
        events = meeting_events(plan, domain, lambda meeting: None)
        events += extra_events(plan, domain, curriculum.settings.session_minutes)
        args.ics.write_bytes(write_calendar(group.name, events))
        print(f"Kalenteri kirjoitettu: {args.ics}")
    return 0
