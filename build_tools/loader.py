"""Load and validate every content file, collecting all problems in one run."""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Problems
from .files import FileProblem, confined, image_problems
from .model import A2Lesson, Curriculum, Group, ProgramSettings, Session, Theme, TOISTO_STEPS
from .slugs import term_key
from .synonyms import check_synonyms
from .validation import validate_doc
from .yamlsource import MAX_FILE_BYTES, Pos, SourceDoc, SourceProblem, parse_yaml, read_source

SETTINGS_FILE = "program.yml"
THEMES_DIR = "themes"
LESSONS_DIR = "a2_lessons"
SESSIONS_DIR = "sessions"
GROUPS_DIR = "groups"
THEME_FILE = "theme.yml"
LESSON_FILE = "lesson.yml"
SESSION_FILE = "session.yml"
MAX_HANDOUT_BYTES = 512 * 1024  # a handout is a few pages; the longest one today is about 6 kB


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
    for top in (THEMES_DIR, LESSONS_DIR, SESSIONS_DIR, GROUPS_DIR):
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
        if settings.spoken_wordlist is not None:
            _check_wordlist(root, settings, settings_doc, problems, key="spoken_wordlist")

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
        _check_plan(doc, theme, settings, texts, problems)
    for lesson, doc in lessons:
        if settings is not None:
            _check_minutes(doc, "phases", [p.minutes for p in lesson.phases], settings, problems)
        _check_toisto_order(doc, lesson, problems)
        _check_spoken_dialogue(doc, lesson, problems)
        if lesson.theme not in theme_numbers and themes and not unknown:
            pos = doc.value_pos(("theme",))
            known = ", ".join(str(n) for n in sorted(theme_numbers))
            problems.add(doc.path, pos.line, pos.column,
                         f"teemaa {lesson.theme} ei löydy; olemassa olevat teemat: {known}")
        if lesson.handout.file:
            _read_text(doc, ("handout", "file"), lesson.handout.file, texts, problems)
        _check_images(doc, lesson.images, problems)
        _check_terms(doc, lesson.vocabulary, problems)

    # The other meetings of the half-year, checked like themes.
    sessions: list[tuple[Session, SourceDoc]] = []
    for path in _content_files(root / SESSIONS_DIR, SESSION_FILE, problems):
        doc = _parse(path, problems)
        if doc is not None and (session := validate_doc(Session, doc, problems)) is not None:
            sessions.append((session, doc))
    _check_unique(sessions, "kind", "tapaamisen laji (kind)", problems)
    _check_unique(sessions, "slug", "tapaamisen tunnus (slug)", problems)
    for session, doc in sessions:
        _check_plan(doc, session, settings, texts, problems)
    group_docs: list[SourceDoc] = []
    groups = _load_groups(root / GROUPS_DIR, problems, group_docs)
    if groups and settings is not None and settings_doc is not None:  # the template matters once groups plan by it
        _check_semester(settings, settings_doc, theme_numbers, {s.kind for s, _ in sessions},
                        {lesson.theme for lesson, _ in lessons}, problems)

    # Search synonyms (synonyms.yml, optional): checked against the words of the content above.
    check_synonyms(root, [t for t, _ in themes] + [lesson for lesson, _ in lessons], texts.values(), problems)

    if problems or settings is None:
        return None, problems
    folders = {("theme", t.slug): d.path.parent for t, d in themes}
    folders.update({("lesson", lesson.slug): d.path.parent for lesson, d in lessons})
    folders.update({("session", session.slug): d.path.parent for session, d in sessions})
    sources = {("theme", t.slug): d for t, d in themes}
    sources.update({("lesson", lesson.slug): d for lesson, d in lessons})
    sources.update({("session", session.slug): d for session, d in sessions})
    kinds = list(Session.model_fields["kind"].annotation.__args__)
    curriculum = Curriculum(
        root=root,
        settings=settings,
        themes=sorted((t for t, _ in themes), key=lambda t: t.number),
        lessons=sorted((lesson for lesson, _ in lessons), key=lambda lesson: lesson.number),
        folders=folders,
        texts=texts,
        sources=sources,
        sessions=sorted((s for s, _ in sessions), key=lambda s: kinds.index(s.kind)),
        groups=groups,
        settings_sources=[settings_doc, *group_docs],
    )
    return curriculum, problems


def _check_plan(doc: SourceDoc, plan: Theme | Session, settings: ProgramSettings | None, texts: dict[Path, str],
                problems: Problems) -> None:
    """What a theme and another meeting share: minutes, handouts, images and vocabulary."""
    if settings is not None:
        _check_minutes(doc, "activities", [a.minutes for a in plan.activities], settings, problems)
    for i, handout in enumerate(plan.handouts):
        _read_text(doc, ("handouts", i, "file"), handout.file, texts, problems)
    _check_images(doc, plan.images, problems)
    _check_terms(doc, plan.vocabulary, problems)


def _check_semester(settings: ProgramSettings, doc: SourceDoc, themes: set[int], kinds: set[str],
                    lesson_themes: set[int], problems: Problems) -> None:
    """Every track's template: the right length, plans that exist, all 14 themes in ascending order."""
    from .model.session import SESSION_KINDS
    for track in ("main", "a2"):
        items = getattr(settings.semester, track)
        loc = ("semester", track)
        pos = doc.value_pos(loc) if loc in doc.values else doc.pos(("semester",))
        if len(items) != settings.meetings_per_group:
            problems.add(doc.path, pos.line, pos.column,
                         f"semester › {track}: {len(items)} tapaamista, mutta meetings_per_group on "
                         f"{settings.meetings_per_group}; lisää tai poista tapaamisia")
        firsts = [item for i, item in enumerate(items) if isinstance(item, int) and item not in items[:i]]
        for index, item in enumerate(items):
            where = doc.value_pos(loc + (index,)) if loc + (index,) in doc.values else pos
            if isinstance(item, int):
                known = lesson_themes if track == "a2" else themes
                if item not in known:
                    what = "A2-tuntia teemalle" if track == "a2" else "teemaa"
                    problems.add(doc.path, where.line, where.column, f"semester › {track} › {index + 1}.: "
                                 f"{what} {item} ei ole")
            elif item not in SESSION_KINDS:
                problems.add(doc.path, where.line, where.column,
                             f"semester › {track} › {index + 1}.: tuntematon tapaaminen '{item}'; sallitut: "
                             "teeman numero tai " + ", ".join(SESSION_KINDS))
            elif item not in kinds:
                problems.add(doc.path, where.line, where.column,
                             f"semester › {track} › {index + 1}.: tapaamiselle '{item}' ei ole suunnitelmaa; "
                             f"lisää tiedosto {SESSIONS_DIR}/<tunnus>/{SESSION_FILE}, jossa kind: {item}")
        missing = sorted(set(range(1, 15)) & (lesson_themes if track == "a2" else themes) - set(firsts))
        if missing or firsts != sorted(firsts):
            problems.add(doc.path, pos.line, pos.column,
                         f"semester › {track}: jokaisen teeman 1–14 pitää olla mukana nousevassa järjestyksessä"
                         + (f"; puuttuu: {', '.join(map(str, missing))}" if missing else ""))


_GROUP_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _load_groups(base: Path, problems: Problems, docs: list[SourceDoc]) -> dict[str, Group]:
    """groups/<slug>.yml: one file a group; the file name is the group's address on the site."""
    groups: dict[str, Group] = {}
    if not base.is_dir():
        return groups
    for path in sorted(p for p in base.iterdir() if not p.name.startswith((".", "_"))):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            problems.add(path, 1, 1, "ryhmäkansiossa saa olla vain ryhmien .yml-tiedostoja")
            continue
        if not _GROUP_SLUG.match(path.stem):
            problems.add(path, 1, 1, "tiedoston nimessä saa olla vain pieniä kirjaimia a–z, numeroita ja "
                                     f"väliviivoja (esimerkiksi oulu-kevat-2027.yml), nyt '{path.name}'")
            continue
        try:
            confined(base.parent, base, path.name)
        except FileProblem as problem:
            problems.add(path, 1, 1, problem.message)
            continue
        doc = _parse(path, problems)
        if doc is not None:
            docs.append(doc)
        if doc is not None and (group := validate_doc(Group, doc, problems)) is not None:
            for i, day in enumerate(group.skip_dates):
                if day < group.start_date:
                    pos = doc.value_pos(("skip_dates", i))
                    problems.add(path, pos.line, pos.column, f"päivä {day.isoformat()} on ennen ryhmän "
                                                             f"aloituspäivää {group.start_date.isoformat()}")
            groups[path.stem] = group
    return groups


def _content_files(base: Path, filename: str, problems: Problems) -> list[Path]:
    if not base.is_dir():
        return []
    found = []
    root = base.parent
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        path = folder / filename
        if not path.is_file():
            problems.add(folder, 1, 1, f"kansiosta puuttuu tiedosto {filename}")
            continue
        try:  # a content file or its folder symlinked outside the repository is never read
            confined(root, base, f"{folder.name}/{filename}")
        except FileProblem as problem:
            problems.add(path, 1, 1, problem.message)
            continue
        found.append(path)
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


def _check_wordlist(root: Path, settings: ProgramSettings, doc: SourceDoc, problems: Problems,
                    key: str = "wordlist") -> None:
    """A word list must be a readable file inside the repository (symlinks followed).

    A missing or misplaced word list is one error at program.yml's ``wordlist`` (or ``spoken_wordlist``) line, or
    its first line when the default name is used, instead of a spelling error for every word the list should have
    accepted.
    """
    name = getattr(settings, key)
    noun, noun_genitive = ("sanalista", "sanalistan") if key == "wordlist" else (
        "puhekielen sanalista", "puhekielen sanalistan")
    explicit = isinstance(doc.data, dict) and key in doc.data
    pos = doc.value_pos((key,)) if explicit else Pos(1, 1)
    fix = (f"korjaa polku kenttään {key}" if explicit else
           f"lisää tiedosto {name} projektin juureen tai kirjoita sen paikka kenttään {key}")
    try:
        real = confined(root, root, name, noun=noun + "a")
    except FileProblem as problem:
        if problem.reason == "missing":
            message = f"{noun}a '{name}' ei löydy projektin kansiosta; {fix}"
        elif problem.reason == "outside":
            message = (f"{noun_genitive} '{name}' pitää olla projektin kansiossa, mutta polku osoittaa sen "
                       f"ulkopuolelle; {fix}")
        else:
            message = f"{noun}: {problem.message}"
        problems.add(doc.path, pos.line, pos.column, message)
        return
    try:
        read_source(real)
    except SourceProblem as problem:
        problems.add(real, problem.pos.line, problem.pos.column, f"{noun}: {problem.message}")
    except OSError as exc:
        problems.add(doc.path, pos.line, pos.column,
                     f"{noun}a '{name}' ei voi lukea ({exc.strerror or 'tuntematon syy'})")


def _check_spoken_dialogue(doc: SourceDoc, lesson: A2Lesson, problems: Problems) -> None:
    """``dialogue_spoken`` is the written dialogue line by line: as many lines, the same speakers in order."""
    spoken, written = lesson.dialogue_spoken, lesson.dialogue
    if not spoken:
        return
    for i, (said, line) in enumerate(zip(spoken, written)):
        if said.speaker != line.speaker:
            pos = doc.value_pos(("dialogue_spoken", i, "speaker"))
            problems.add(doc.path, pos.line, pos.column,
                         f"puhekielisen dialogin {i + 1}. repliikin puhuja on '{said.speaker}', mutta kirjoitetussa "
                         f"dialogissa '{line.speaker}'; puhujat ovat samat samassa järjestyksessä")
    if len(spoken) != len(written):
        where = ("dialogue_spoken", min(len(spoken), len(written)))
        pos = doc.pos(where)  # the first extra line, or the field itself when lines are missing
        problems.add(doc.path, pos.line, pos.column,
                     f"puhekielisessä dialogissa on {len(spoken)} repliikkiä, kirjoitetussa {len(written)}; "
                     "kirjoita sama dialogi repliikki repliikiltä puhekielellä")


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
        texts[doc.path.parent / relative] = read_source(real, limit=MAX_HANDOUT_BYTES)
    except FileProblem as problem:
        problems.add(doc.path, pos.line, pos.column, problem.message)
    except SourceProblem as problem:  # too large, not UTF-8 or a control character: at its line in the file
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
