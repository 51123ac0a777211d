"""Load and validate every content file, collecting all problems in one run."""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Problems
from .files import FileProblem, confined, image_problems, read_text
from .model import A2Lesson, Curriculum, ProgramSettings, Theme, TOISTO_STEPS
from .slugs import term_key
from .synonyms import check_synonyms
from .synonyms import check_synonyms
from .validation import validate_doc
from .yamlsource import MAX_FILE_BYTES, Pos, SourceDoc, SourceProblem, parse_yaml, prepare_text, read_source

SETTINGS_FILE = "program.yml"
THEMES_DIR = "themes"
LESSONS_DIR = "a2_lessons"
THEME_FILE = "theme.yml"
LESSON_FILE = "lesson.yml"


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder at or above ``start`` with program.yml."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return start


def source_files(root: Path) -> list[Path]:
    """Every file the curriculum is built from (for watching and hashing)."""
    files = [root / SETTINGS_FILE]
    for top in (THEMES_DIR, LESSONS_DIR):
        base = root / top
        if base.is_dir():
            files.extend(p for p in sorted(base.rglob("*")) if p.is_file())
    return files


def load_curriculum(root: Path) -> tuple[Curriculum | None, Problems]:
    """Load everything under ``root``. Returns the curriculum (None if any problem) and the problems."""
    problems = Problems(root)
    settings, settings_doc = _load_one(root / SETTINGS_FILE, ProgramSettings, problems)
    if settings is not None:
        _check_wordlist(root, settings, settings_doc, problems)

    themes: list[tuple[Theme, SourceDoc]] = []
    # Theme numbers in files, even invalid or unparsable ones: a broken theme must not also make its
    # lessons' theme references look dangling. ``unknown`` is set when a broken file's number is unknown.
    declared: set[int] = set()
    unknown = False
    for path in _content_files(root / THEMES_DIR, THEME_FILE, problems):
        doc = _parse(path, problems)
        if doc is None:
            number = _declared_number(path)
            unknown = unknown or number is None
            declared.update([number] if number is not None else [])
        elif isinstance(doc.data, dict) and isinstance(doc.data.get("number"), int):
            declared.add(doc.data["number"])
        if doc is not None and (theme := validate_doc(Theme, doc, problems)) is not None:
            themes.append((theme, doc))

    lessons: list[tuple[A2Lesson, SourceDoc]] = []
    for path in _content_files(root / LESSONS_DIR, LESSON_FILE, problems):
        doc = _parse(path, problems)
        if doc is not None and (lesson := validate_doc(A2Lesson, doc, problems)) is not None:
            lessons.append((lesson, doc))

    texts: dict[Path, str] = {}
    _check_unique(themes, "number", "teeman numero", problems)
    _check_unique(themes, "slug", "teeman tunnus (slug)", problems)
    _check_unique(lessons, "number", "tunnin numero", problems)
    _check_unique(lessons, "slug", "tunnin tunnus (slug)", problems)
    theme_numbers = {theme.number for theme, _ in themes} | declared
    for theme, doc in themes:
        if settings is not None:
            _check_minutes(doc, "activities", [a.minutes for a in theme.activities], settings, problems)
        for i, handout in enumerate(theme.handouts):
            _read_text(doc, ("handouts", i, "file"), handout.file, texts, problems)
        _check_images(doc, theme.images, problems)
        _check_terms(doc, theme.vocabulary, problems)
    for lesson, doc in lessons:
        if settings is not None:
            _check_minutes(doc, "phases", [p.minutes for p in lesson.phases], settings, problems)
        _check_toisto_order(doc, lesson, problems)
        if lesson.theme not in theme_numbers and themes and not unknown:
            pos = doc.value_pos(("theme",))
            known = ", ".join(str(n) for n in sorted(theme_numbers))
            problems.add(doc.path, pos.line, pos.column,
                         f"teemaa {lesson.theme} ei löydy; olemassa olevat teemat: {known}")
        if lesson.handout.file:
            _read_text(doc, ("handout", "file"), lesson.handout.file, texts, problems)
        _check_images(doc, lesson.images, problems)
        _check_terms(doc, lesson.vocabulary, problems)

    # Search synonyms (synonyms.yml, optional): checked against the words of the content above.
    check_synonyms(root, [t for t, _ in themes] + [lesson for lesson, _ in lessons], texts.values(), problems)

    # Search synonyms (synonyms.yml, optional): checked against the words of the content above.
    check_synonyms(root, [t for t, _ in themes] + [lesson for lesson, _ in lessons], texts.values(), problems)

    if problems or settings is None:
        return None, problems
    folders = {("theme", t.slug): d.path.parent for t, d in themes}
    folders.update({("lesson", lesson.slug): d.path.parent for lesson, d in lessons})
    sources = {("theme", t.slug): d for t, d in themes}
    sources.update({("lesson", lesson.slug): d for lesson, d in lessons})
    curriculum = Curriculum(
        root=root,
        settings=settings,
        themes=sorted((t for t, _ in themes), key=lambda t: t.number),
        lessons=sorted((lesson for lesson, _ in lessons), key=lambda lesson: lesson.number),
        folders=folders,
        texts=texts,
        sources=sources,
    )
    return curriculum, problems


def _content_files(base: Path, filename: str, problems: Problems) -> list[Path]:
    if not base.is_dir():
        return []
    found = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        path = folder / filename
        if path.is_file():
            found.append(path)
        else:
            problems.add(folder, 1, 1, f"kansiosta puuttuu tiedosto {filename}")
    return found


def _parse(path: Path, problems: Problems) -> SourceDoc | None:
    """Read and parse one YAML file; every problem (size, encoding, control character, syntax) is reported."""
    try:
        return parse_yaml(path)
    except SourceProblem as problem:
        problems.add(path, problem.pos.line, problem.pos.column, problem.message)
    except OSError as exc:
        problems.add(path, 1, 1, f"tiedostoa ei voi lukea ({exc.strerror or 'tuntematon syy'})")
    return None


_NUMBER_LINE = re.compile(rb"""^number:[ \t]*["']?([0-9]{1,3})["']?[ \t]*(?:#.*)?\r?$""", re.M)


def _declared_number(path: Path) -> int | None:
    """The number of a theme whose YAML cannot be parsed, from its top-level 'number:' line if it has one."""
    try:
        with open(path, "rb") as stream:
            found = _NUMBER_LINE.findall(stream.read(MAX_FILE_BYTES))
    except OSError:
        return None
    return int(found[0]) if len(found) == 1 else None


def _load_one(path: Path, model, problems: Problems):
    if not path.is_file():
        problems.add(path, 1, 1, f"asetustiedosto {path.name} puuttuu projektin juuresta")
        return None, None
    doc = _parse(path, problems)
    return (validate_doc(model, doc, problems) if doc is not None else None), doc


def _check_wordlist(root: Path, settings: ProgramSettings, doc: SourceDoc, problems: Problems) -> None:
    """The word list must be a readable file inside the repository (symlinks followed).

    A missing or misplaced word list is one error at program.yml's ``wordlist`` line (or its first line when
    the default name is used), instead of a spelling error for every word the list should have accepted.
    """
    name = settings.wordlist
    explicit = isinstance(doc.data, dict) and "wordlist" in doc.data
    pos = doc.value_pos(("wordlist",)) if explicit else Pos(1, 1)
    fix = ("korjaa polku kenttään wordlist" if explicit else
           f"lisää tiedosto {name} projektin juureen tai kirjoita sen paikka kenttään wordlist")
    try:
        real = confined(root, root, name, noun="sanalistaa")
    except FileProblem as problem:
        if problem.reason == "missing":
            message = f"sanalistaa '{name}' ei löydy projektin kansiosta; {fix}"
        elif problem.reason == "outside":
            message = (f"sanalistan '{name}' pitää olla projektin kansiossa, mutta polku osoittaa sen ulkopuolelle; "
                       f"{fix}")
        else:
            message = f"sanalista: {problem.message}"
        problems.add(doc.path, pos.line, pos.column, message)
        return
    try:
        read_source(real)
    except SourceProblem as problem:
        problems.add(real, problem.pos.line, problem.pos.column, f"sanalista: {problem.message}")
    except OSError as exc:
        problems.add(doc.path, pos.line, pos.column,
                     f"sanalistaa '{name}' ei voi lukea ({exc.strerror or 'tuntematon syy'})")


def _check_unique(items: list, attribute: str, label: str, problems: Problems) -> None:
    first: dict[object, SourceDoc] = {}
    for item, doc in items:
        value = getattr(item, attribute)
        if value in first:
            pos = doc.value_pos((attribute,))
            other = problems.display(first[value].path)
            problems.add(doc.path, pos.line, pos.column, f"{label} {value} on jo käytössä tiedostossa {other}")
        else:
            first[value] = doc


def _check_minutes(doc: SourceDoc, key: str, minutes: list[int], settings: ProgramSettings,
                   problems: Problems) -> None:
    total = sum(minutes)
    target = settings.session_minutes
    if total == target:
        return
    diff = total - target
    pos = doc.pos((key,))
    how = f"{diff} minuuttia liikaa" if diff > 0 else f"{-diff} minuuttia liian vähän"
    problems.add(doc.path, pos.line, pos.column,
                 f"kohdan '{key}' minuutit ovat yhteensä {total}, mutta tapaaminen kestää {target} minuuttia: "
                 f"{how}")


def _check_toisto_order(doc: SourceDoc, lesson: A2Lesson, problems: Problems) -> None:
    steps = list(TOISTO_STEPS)
    seen = [(i, p.kind) for i, p in enumerate(lesson.phases) if p.kind in TOISTO_STEPS]
    kinds = [kind for _, kind in seen]
    for kind in steps:
        if kinds.count(kind) > 1:
            index = [i for i, k in seen if k == kind][1]
            pos = doc.value_pos(("phases", index, "kind"))
            problems.add(doc.path, pos.line, pos.column, f"vaihe '{kind}' on tunnissa kahdesti")
    missing = [kind for kind in steps if kind not in kinds]
    if missing:
        pos = doc.pos(("phases",))
        problems.add(doc.path, pos.line, pos.column,
                     "Toisto-tunnista puuttuu vaihe: " + ", ".join(f"{k} ({TOISTO_STEPS[k]})" for k in missing))
    order = [kind for kind in dict.fromkeys(kinds)]
    expected = [kind for kind in steps if kind in order]
    if order != expected:
        for (index, kind), want in zip(seen, expected):
            if kind != want:
                pos = doc.value_pos(("phases", index, "kind"))
                problems.add(doc.path, pos.line, pos.column,
                             f"vaiheet ovat väärässä järjestyksessä: tässä kohdassa pitäisi olla '{want}', "
                             f"nyt '{kind}'. Järjestys on: " + ", ".join(steps))
                break


def _read_text(doc: SourceDoc, loc: tuple, relative: str, texts: dict[Path, str], problems: Problems) -> None:
    pos = doc.value_pos(loc)
    try:
        real = confined(problems.root, doc.path.parent, relative)
        texts[doc.path.parent / relative] = prepare_text(read_text(real))
    except FileProblem as problem:
        problems.add(doc.path, pos.line, pos.column, problem.message)
    except SourceProblem as problem:  # a control character, at its line in the Markdown file
        problems.add(doc.path.parent / relative, problem.pos.line, problem.pos.column, problem.message)
    except OSError as exc:
        problems.add(doc.path, pos.line, pos.column, f"tiedostoa '{relative}' ei voi lukea ({exc.strerror})")


def _check_images(doc: SourceDoc, images: list, problems: Problems) -> None:
    for i, image in enumerate(images):
        pos = doc.value_pos(("images", i, "path"))
        try:
            real = confined(problems.root, doc.path.parent, image.path, noun="kuvaa")
        except FileProblem as problem:
            problems.add(doc.path, pos.line, pos.column, problem.message)
            continue
        for message in image_problems(real, image.path):
            problems.add(doc.path, pos.line, pos.column, message)


def _check_terms(doc: SourceDoc, vocabulary: list, problems: Problems) -> None:
    """The same term twice in one vocabulary (NFC, case-insensitive): 'sää' and 'saa' are different words."""
    seen: dict[str, int] = {}
    for i, item in enumerate(vocabulary):
        key = term_key(item.term)
        if key in seen:
            pos = doc.value_pos(("vocabulary", i, "term"))
            first = doc.value_pos(("vocabulary", seen[key], "term"))
            problems.add(doc.path, pos.line, pos.column,
                         f"sana '{item.term}' on sanastossa jo rivillä {first.line}; poista toinen")
        else:
            seen[key] = i
