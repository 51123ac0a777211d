"""``auroras new``: the skeleton of a new theme or A2 lesson, ready to fill in.

The skeleton has every section, the number of items ``program.yml`` asks for,
activities (or the nine Toisto phases) whose minutes add up to the session
length, and Finnish comments saying what belongs where.  Every text to write
is a ``TÄYDENNÄ`` placeholder, which ``auroras check`` reports at its line
(:mod:`.placeholders`) until it is replaced.  The templates are the ``*.j2``
files beside this module.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import annotated_types
import jinja2

from ..diagnostics import Problems, format_report
from ..loader import LESSON_FILE, LESSONS_DIR, SETTINGS_FILE, THEME_FILE, THEMES_DIR
from ..model import A2Lesson, ProgramSettings, Theme
from ..model.common import WORD_CLASSES, _SLUG
from ..model.lesson import TOISTO_STEPS
from ..model.theme import ACTIVITY_KINDS, Activity
from ..validation import validate_doc
from ..yamlsource import YamlProblem, parse_yaml
from .placeholders import MARKER, check_placeholders, is_placeholder

__all__ = ["MARKER", "ScaffoldError", "check_placeholders", "is_placeholder", "new_lesson", "new_theme"]

TEMPLATES = Path(__file__).parent
THEME_HANDOUT = "monisteet/moniste.md"
LESSON_HANDOUT = "moniste.md"

# Relative length of each part of a session; scaled to program.yml's session_minutes.
ACTIVITY_PLAN = [("warm-up", 15), ("mentor-talk", 20), ("discussion", 25), ("break", 15), ("pair-work", 30),
                 ("closing", 15)]
EXTRA_ACTIVITY = ("group-work", 20)
PHASE_PLAN = {"greetings": 10, "goals": 5, "vocabulary": 20, "talking-dictionary": 15, "dialogue": 25,
              "extra-task": 15, "expansion": 15, "closing": 10, "goodbyes": 5}


class ScaffoldError(Exception):
    """The skeleton cannot be made; the message is for the editor, in Finnish."""


@dataclass
class Created:
    files: list[Path]
    notes: list[str]  # what the editor still has to do elsewhere, in Finnish


@dataclass
class _Project:
    root: Path
    settings: ProgramSettings
    themes: dict[int, Path]  # number -> theme.yml
    theme_slugs: set[str]
    lessons: dict[int, Path]  # number -> lesson.yml
    lesson_slugs: set[str]
    lessons_by_theme: dict[int, Path]


def new_theme(root: Path, slug: str, number: int | None = None) -> Created:
    """Create ``themes/NN-slug/`` with theme.yml and a handout."""
    project = _read_project(root)
    _check_slug(slug, project.theme_slugs, "teema")
    number = _number(number, project.themes, Theme, "teeman")
    need = project.settings.theme_requirements
    folder = project.root / THEMES_DIR / f"{number:02d}-{slug}"
    handouts = [THEME_HANDOUT if i == 0 else f"monisteet/moniste-{i + 1}.md" for i in range(max(1, need.min_handouts))]
    context = dict(
        number=number, slug=slug, session_minutes=project.settings.session_minutes,
        activities=_activities(project.settings), activity_kinds=", ".join(ACTIVITY_KINDS),
        word_classes=", ".join(WORD_CLASSES), goals=max(1, need.min_goals),
        vocabulary=need.min_vocabulary, translations=need.required_translations,
        questions=need.min_discussion_questions, handouts=handouts, tips=need.min_mentor_tips,
        links=min(need.min_links, need.max_links), spoken=need.min_spoken_finnish,
    )
    files = {folder / THEME_FILE: _render("theme.yml.j2", context)}
    for handout in handouts:
        files[folder / handout] = _render("handout.md.j2", {})
    return Created(_write(folder, files), _semester_notes(project.settings, number, ["main"]))


def new_lesson(root: Path, slug: str, theme: int, number: int | None = None) -> Created:
    """Create ``a2_lessons/NN-slug/`` with lesson.yml and its handout."""
    project = _read_project(root)
    _check_slug(slug, project.lesson_slugs, "A2-tunti")
    if theme not in project.themes:
        known = ", ".join(str(n) for n in sorted(project.themes)) or "ei yhtään"
        raise ScaffoldError(f"teemaa {theme} ei ole; olemassa olevat teemat: {known}")
    if theme in project.lessons_by_theme:
        other = _display(project.root, project.lessons_by_theme[theme])
        raise ScaffoldError(f"teemalla {theme} on jo A2-tunti ({other}); jokaisella teemalla on yksi A2-tunti")
    number = _number(number, project.lessons, A2Lesson, "tunnin")
    need = project.settings.lesson_requirements
    folder = project.root / LESSONS_DIR / f"{number:02d}-{slug}"
    minutes = _share(project.settings.session_minutes, list(PHASE_PLAN.values()))
    phases = [dict(kind=kind, label=TOISTO_STEPS[kind], minutes=m) for kind, m in zip(PHASE_PLAN, minutes)]
    context = dict(
        number=number, theme=theme, slug=slug, session_minutes=project.settings.session_minutes,
        word_classes=", ".join(WORD_CLASSES), vocabulary=max(1, need.min_vocabulary),
        min_vocabulary=need.min_vocabulary, max_vocabulary=need.max_vocabulary,
        translations=project.settings.theme_requirements.required_translations,
        structures=need.min_structures, min_structures=need.min_structures, max_structures=need.max_structures,
        phases=phases, dialogue_lines=max(2, need.min_dialogue_lines, need.min_dialogue_spoken_lines), handout=LESSON_HANDOUT,
    )
    files = {folder / LESSON_FILE: _render("lesson.yml.j2", context),
             folder / LESSON_HANDOUT: _render("lesson-handout.md.j2", {})}
    return Created(_write(folder, files), _semester_notes(project.settings, theme, ["a2"]))


def _semester_notes(settings: ProgramSettings, theme: int, tracks: list[str]) -> list[str]:
    """Where a group meets the new theme is the editor's choice: say where to write it."""
    notes = []
    for track in tracks:
        if theme not in getattr(settings.semester, track):
            notes.append(f"Teema {theme} ei ole vielä puolen vuoden suunnitelmassa: lisää numero {theme} "
                         f"tiedoston {SETTINGS_FILE} kohtaan semester › {track} siihen kohtaan, jossa ryhmä "
                         "käsittelee teeman.")
    return notes


def _activities(settings: ProgramSettings) -> list[dict]:
    need = settings.theme_requirements
    plan = list(ACTIVITY_PLAN)
    for kind in need.required_activity_kinds:
        if kind in ACTIVITY_KINDS and kind not in {k for k, _ in plan}:
            plan.insert(-1, (kind, EXTRA_ACTIVITY[1]))
    most = _bound(Activity.model_fields["minutes"], annotated_types.Le) or settings.session_minutes
    while True:
        minutes = _share(settings.session_minutes, [w for _, w in plan])
        if len(plan) >= need.min_activities and max(minutes) <= most:
            break
        plan.insert(-1, EXTRA_ACTIVITY)
    activities = []
    for (kind, _), share in zip(plan, minutes):
        label = ACTIVITY_KINDS[kind]
        if kind == "break":
            activities.append(dict(kind=kind, minutes=share, title=label, materials=None,
                                   instructions="Pidetään tauko. Kerro, mihin aikaan jatketaan."))
            continue
        activities.append(dict(
            kind=kind, minutes=share,
            title=label if kind == "closing" else f"{MARKER}: vaiheen nimi",
            instructions=f"{MARKER}: ohjeet, mitä sanot ja teet.",
            materials=f"{MARKER}: tarvike (tai poista koko kohta)" if not activities else None,
        ))
    return activities


def _share(total: int, weights: list[int]) -> list[int]:
    """Whole minutes in proportion to ``weights`` that add up to ``total`` exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    minutes = [max(1, math.floor(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - math.floor(raw[i])), i))
    for i in order[:max(0, total - sum(minutes))]:
        minutes[i] += 1
    while sum(minutes) > total:  # only when many tiny shares were raised to one minute
        minutes[minutes.index(max(minutes))] -= 1
    return minutes


def _bound(field, kind) -> int | None:
    for item in field.metadata:
        if isinstance(item, kind):
            return getattr(item, "le", None) if kind is annotated_types.Le else getattr(item, "ge", None)
    return None


def _number(number: int | None, used: dict[int, Path], model, label: str) -> int:
    field = model.model_fields["number"]
    lowest = _bound(field, annotated_types.Ge) or 1
    highest = _bound(field, annotated_types.Le)
    if number is None:
        number = next(n for n in range(lowest, len(used) + lowest + 1) if n not in used)
    if number < lowest or (highest is not None and number > highest):
        detail = f"{lowest}–{highest}" if highest is not None else f"vähintään {lowest}"
        full = " Kaikki numerot ovat käytössä." if highest is not None and len(used) >= highest - lowest + 1 else ""
        raise ScaffoldError(f"{label} numero on {number}, mutta sen pitää olla {detail}.{full}")
    if number in used:
        raise ScaffoldError(f"{label} numero {number} on jo käytössä: {used[number].parent.name}")
    return number


def _check_slug(slug: str, used: set[str], label: str) -> None:
    if not _SLUG.match(slug) or len(slug) > 60:
        raise ScaffoldError(f"tunnus saa sisältää vain pieniä kirjaimia a–z, numeroita ja väliviivoja "
                            f"(esimerkiksi 'tyohaastattelu'), nyt '{slug}'")
    if slug in used:
        raise ScaffoldError(f"tunnus '{slug}' on jo toisella: valitse uudelle, jonka {label} on, oma tunnus")


def _read_project(root: Path) -> _Project:
    problems = Problems(root)
    settings_path = root / SETTINGS_FILE
    if not settings_path.is_file():
        raise ScaffoldError(f"{SETTINGS_FILE} puuttuu kansiosta {root}; aja komento projektin kansiossa")
    settings = None
    try:
        settings = validate_doc(ProgramSettings, parse_yaml(settings_path), problems)
    except YamlProblem as problem:
        problems.add(settings_path, problem.pos.line, problem.pos.column, problem.message)
    if settings is None:
        raise ScaffoldError("program.yml on korjattava ensin:\n" + format_report(sorted(set(problems.items))))
    themes, theme_slugs = _scan(root / THEMES_DIR, THEME_FILE)
    lessons, lesson_slugs = _scan(root / LESSONS_DIR, LESSON_FILE)
    by_theme = {}
    for path in lessons.values():
        data = _data(path)
        if isinstance(data.get("theme"), int):
            by_theme.setdefault(data["theme"], path)
    return _Project(root, settings, themes, theme_slugs, lessons, lesson_slugs, by_theme)


def _scan(base: Path, filename: str) -> tuple[dict[int, Path], set[str]]:
    """Numbers and slugs in use: from each file, and from folder names (NN-slug) when a file is broken."""
    numbers: dict[int, Path] = {}
    slugs: set[str] = set()
    if not base.is_dir():
        return numbers, slugs
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        path = folder / filename
        data = _data(path)
        prefix, _, rest = folder.name.partition("-")
        number = data.get("number")
        if not isinstance(number, int) and prefix.isdigit():
            number = int(prefix)
        if isinstance(number, int):
            numbers.setdefault(number, path)
        slug = data.get("slug")
        slugs.add(slug if isinstance(slug, str) else rest)
    return numbers, slugs


def _data(path: Path) -> dict:
    try:
        data = parse_yaml(path).data
    except (OSError, UnicodeDecodeError, YamlProblem):
        return {}
    return data if isinstance(data, dict) else {}


_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                          undefined=jinja2.StrictUndefined, autoescape=False)
# A YAML double-quoted scalar (JSON strings are valid YAML).
_ENV.filters["q"] = lambda text: json.dumps(text, ensure_ascii=False)


def _render(name: str, context: dict) -> str:
    return _ENV.get_template(name).render(**context)


def _write(folder: Path, files: dict[Path, str]) -> list[Path]:
    if folder.exists():
        raise ScaffoldError(f"kansio {folder.name} on jo olemassa")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return list(files)


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
