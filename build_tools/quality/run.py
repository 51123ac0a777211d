"""Run every quality check and collect the figures the closing report needs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..diagnostics import Problems
from ..markup.audience import blank_mentor_only, lint_audience
from ..model import A2Lesson, Curriculum, Session, Theme
from ..model.settings import ReadabilityLimits
from .links import check_links
from .spelling import Speller, SpellingStats, VoikkoMissing, WordList
from .markup import check_markdown_file, check_yaml_doc
from .texts import Readable, yaml_words
from ..scaffold.placeholders import check_placeholders, is_placeholder
from .words import WORD, markdown_words, sentences


@dataclass
class ReadabilityFigures:
    sentences: int = 0
    words: int = 0
    longest: int = 0
    long_words: int = 0

    def add(self, sentence_lengths: list[int], long_words: int) -> None:
        self.sentences += len(sentence_lengths)
        self.words += sum(sentence_lengths)
        self.longest = max([self.longest, *sentence_lengths])
        self.long_words += long_words

    @property
    def average(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0


@dataclass
class QualityReport:
    spelling: dict[str, SpellingStats] = field(default_factory=dict)
    spoken: dict[str, SpellingStats] = field(default_factory=dict)  # spoken Finnish, outside the rate above
    readability: dict[str, ReadabilityFigures] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> list[str]:
        lines = []
        for folder, stats in self.spelling.items():
            lines.append(f"Oikeinkirjoitus {folder}/: {stats.words} sanaa, Voikko hylkää {stats.rejected} "
                         f"({100 * stats.rate:.2f} %; isolla alkavat ja numerolliset eivät ole mukana), "
                         f"joista sanalista hyväksyy {stats.listed}; muita {stats.rejected - stats.listed} "
                         f"({100 * stats.unlisted_rate:.2f} %)")
        for folder, stats in ((f, s) for f, s in self.spoken.items() if s.words):
            lines.append(f"Puhekieli {folder}/: {stats.words} sanaa, Voikko ei tunne {stats.rejected} "
                         f"({100 * stats.rate:.2f} %); ne tarkistetaan puhekielen sanalistasta")
        for track, fig in self.readability.items():
            lines.append(f"Luettavuus, {track}: {fig.sentences} virkettä, keskimäärin {fig.average:.1f} sanaa, "
                         f"pisin {fig.longest} sanaa, pitkiä sanoja {100 * fig.long_share:.1f} %")
        lines.append(f"Laatutarkistukset kestivät {self.seconds:.2f} s.")
        return lines


def run_quality(curriculum: Curriculum, problems: Problems) -> QualityReport:
    start = time.perf_counter()
    report = QualityReport()
    settings = curriculum.settings
    # TÄYDENNÄ placeholders left by `auroras new`, each at its line.
    check_placeholders(curriculum, problems)
    # Links need no Voikko: a dangerous or broken link is reported even without it.
    check_links(curriculum, problems)
    # Mentor-only material in handouts: well-formed blocks, nothing for mentors left outside them.
    for path, text in curriculum.texts.items():
        for line, column, message in lint_audience(text):
            problems.add(path, line, column, message)
    spoken_list = (WordList.read(curriculum.root / settings.spoken_wordlist)
                   if settings.spoken_wordlist is not None else WordList())
    try:
        speller = Speller(WordList.read(curriculum.root / settings.wordlist), spoken_list)
    except VoikkoMissing as exc:
        problems.add(curriculum.root / settings.wordlist, 1, 1, str(exc))
        return report

    for theme in curriculum.themes + curriculum.sessions:  # the other meetings meet the themes' standard
        _check_theme_complete(curriculum, theme, problems)
    for lesson in curriculum.lessons:
        _check_lesson_complete(curriculum, lesson, problems)

    # Spelling: every YAML text value and every Markdown file, word by word.
    for kind, folder in (("theme", "themes"), ("lesson", "a2_lessons"), ("session", "sessions")):
        stats = report.spelling.setdefault(folder, SpellingStats())
        for key, doc in curriculum.sources.items():
            if key[0] != kind:
                continue
            _spell(doc.path, yaml_words(doc), speller, stats, problems)
            _spell_spoken(doc.path, yaml_words(doc, spoken=True), speller,
                          report.spoken.setdefault(folder, SpellingStats()), settings.spoken_wordlist, problems)
            base = curriculum.folders[key]
            for path, text in curriculum.texts.items():
                if base in path.parents:
                    _spell(path, markdown_words(text), speller, stats, problems)

    # Raw HTML and attribute syntax: neutralised by the build, but the editor hears of it here.
    for doc in [*curriculum.sources.values(), *curriculum.settings_sources]:
        check_yaml_doc(doc, problems)
    for path, text in curriculum.texts.items():
        check_markdown_file(path, text, problems)

    # Readability of everything participants read.
    for unit in _readables(curriculum):
        _check_readability(unit, settings.readability, report, problems)

    # Every vocabulary term is used in its theme's material.
    for theme in curriculum.themes + curriculum.sessions:
        _check_terms_used(curriculum, theme, speller, problems)

    report.seconds = time.perf_counter() - start
    return report


def _spell(path, words, speller: Speller, stats: SpellingStats, problems: Problems) -> None:
    for word in words:
        stats.add(word, speller)
        if not speller.known(word.text):
            hints = speller.suggestions(word.text)
            hint = f" – Voikon ehdotuksia: {', '.join(hints)}" if hints else ""
            problems.add(path, word.line, word.column,
                         f"tuntematon sana '{word.text}'{hint}. Jos sana on oikein, lisää se sanalistaan.")


def _spell_spoken(path, words, speller: Speller, stats: SpellingStats, listname: str | None,
                  problems: Problems) -> None:
    """Spoken Finnish, word by word: a word is right if Voikko or the word list knows it, or the spoken list has it."""
    for word in words:
        stats.add(word, speller)
        if not speller.known_spoken(word.text):
            where = (f"puhekielen sanalistaan {listname}" if listname else
                     "puhekielen sanalistaan (kenttä spoken_wordlist tiedostossa program.yml)")
            problems.add(path, word.line, word.column,
                         f"tuntematon puhekielen sana '{word.text}'. Jos se on oikein puhekieltä, lisää se "
                         f"pienillä kirjaimilla {where}.")


def _plan_key(plan: Theme | Session) -> tuple[str, str]:
    return ("session" if isinstance(plan, Session) else "theme", plan.slug)


def _readables(curriculum: Curriculum):
    for theme in curriculum.themes + curriculum.sessions:
        doc = curriculum.sources[_plan_key(theme)]
        folder = curriculum.plan_folder(theme)
        yield Readable(doc.path, doc, ("goals",), "tavoitteet", "\n".join(theme.goals), False, False)
        for i, activity in enumerate(theme.activities):
            if activity.participant_task:
                yield Readable(doc.path, doc, ("activities", i, "participant_task"), f"tehtävä '{activity.title}'",
                               activity.participant_task, True, False)
        yield Readable(doc.path, doc, ("vocabulary",), "sanaston esimerkit",
                       "\n".join(v.example for v in theme.vocabulary), False, False)
        for handout in theme.handouts:
            yield Readable(folder / handout.file, None, (), f"moniste '{handout.title}'",
                           blank_mentor_only(curriculum.text(folder, handout.file)), True, False)
    for lesson in curriculum.lessons:
        doc = curriculum.sources[("lesson", lesson.slug)]
        folder = curriculum.lesson_folder(lesson)
        examples = [v.example for v in lesson.vocabulary] + [e for s in lesson.structures for e in s.examples]
        yield Readable(doc.path, doc, ("vocabulary",), "sanaston esimerkit", "\n".join(examples), False, True)
        lines = [line.line for line in lesson.dialogue + lesson.dialogue_expansion]
        yield Readable(doc.path, doc, ("dialogue",), "dialogi", "\n".join(lines), False, True)
        if lesson.handout.file:
            yield Readable(folder / lesson.handout.file, None, (), "sanastomoniste",
                           blank_mentor_only(curriculum.text(folder, lesson.handout.file)), True, True)


def _check_readability(unit: Readable, limits: ReadabilityLimits, report: QualityReport,
                       problems: Problems) -> None:
    found = sentences(unit.text, unit.markdown)
    if not found:
        return
    lengths = [len(s) for s in found]
    long_words = sum(1 for s in found for w in s if len(w) > limits.long_word_letters)
    track = "A2-tunnit" if unit.a2 else "teemat"
    report.readability.setdefault(track, ReadabilityFigures()).add(lengths, long_words)
    average = sum(lengths) / len(lengths)
    max_average = limits.a2_max_average_words if unit.a2 else limits.max_average_words
    line, column = _position(unit)
    if average > max_average:
        problems.add(unit.path, line, column,
                     f"{unit.label}: virkkeissä on keskimäärin {average:.1f} sanaa, raja on {max_average:g}. "
                     "Jaa pitkät virkkeet lyhyemmiksi.")
    longest = max(found, key=len)
    if len(longest) > limits.max_sentence_words:
        where = _find_line(unit, longest)
        problems.add(unit.path, where or line, 1 if where else column,
                     f"{unit.label}: virkkeessä on {len(longest)} sanaa, enintään {limits.max_sentence_words}: "
                     f"\"{' '.join(longest[:8])} …\"")


def _position(unit: Readable) -> tuple[int, int]:
    if unit.doc is None:
        return 1, 1
    pos = unit.doc.pos(unit.loc)
    return pos.line, pos.column


def _find_line(unit: Readable, sentence: list[str]) -> int | None:
    """Line of a Markdown file where a sentence starts."""
    if unit.doc is not None:
        return None
    head = " ".join(sentence[:3])
    for number, line in enumerate(unit.text.splitlines(), 1):
        if head in " ".join(WORD.findall(line)):
            return number
    return None


def _requirement(problems, doc, key, count, minimum=None, maximum=None, label=""):
    pos = doc.pos((key,)) if (key,) in doc.keys else doc.value_pos(())
    if minimum is not None and count < minimum:
        problems.add(doc.path, pos.line, pos.column, f"{label}: {count}, vähintään {minimum} tarvitaan")
    if maximum is not None and count > maximum:
        problems.add(doc.path, pos.line, pos.column, f"{label}: {count}, enintään {maximum} sallitaan")


def _check_theme_complete(curriculum: Curriculum, theme: Theme, problems: Problems) -> None:
    need = curriculum.settings.theme_requirements
    doc = curriculum.sources[_plan_key(theme)]
    _requirement(problems, doc, "goals", len(theme.goals), need.min_goals, label="tavoitteita")
    _requirement(problems, doc, "activities", len(theme.activities), need.min_activities, label="vaiheita")
    kinds = {a.kind for a in theme.activities}
    for kind in need.required_activity_kinds:
        if kind not in kinds:
            pos = doc.pos(("activities",))
            problems.add(doc.path, pos.line, pos.column, f"tapaamisesta puuttuu vaihe, jonka tyyppi on '{kind}'")
    _requirement(problems, doc, "vocabulary", len(theme.vocabulary), need.min_vocabulary, label="sanoja")
    for i, item in enumerate(theme.vocabulary):
        for lang in need.required_translations:
            if lang not in item.translations:
                pos = doc.pos(("vocabulary", i))
                problems.add(doc.path, pos.line, pos.column, f"sanalta '{item.term}' puuttuu käännös '{lang}'")
    _requirement(problems, doc, "discussion_questions", len(theme.discussion_questions),
                 need.min_discussion_questions, label="keskustelukysymyksiä")
    _requirement(problems, doc, "handouts", len(theme.handouts), need.min_handouts, label="monisteita")
    _requirement(problems, doc, "mentor_tips", len(theme.mentor_tips), need.min_mentor_tips,
                 label="vinkkejä mentoreille")
    _requirement(problems, doc, "links", len(theme.links), need.min_links, need.max_links, label="linkkejä")
    if isinstance(theme, Theme):  # the other meetings have no spoken expressions of their own
        _requirement(problems, doc, "spoken_finnish", len(theme.spoken_finnish), need.min_spoken_finnish,
                     label="puhekielisiä ilmauksia (Näin töissä puhutaan)")


def _check_lesson_complete(curriculum: Curriculum, lesson: A2Lesson, problems: Problems) -> None:
    need = curriculum.settings.lesson_requirements
    doc = curriculum.sources[("lesson", lesson.slug)]
    _requirement(problems, doc, "vocabulary", len(lesson.vocabulary), need.min_vocabulary, need.max_vocabulary,
                 label="sanoja")
    _requirement(problems, doc, "structures", len(lesson.structures), need.min_structures, need.max_structures,
                 label="rakenteita")
    _requirement(problems, doc, "dialogue", len(lesson.dialogue), need.min_dialogue_lines,
                 label="dialogin repliikkejä")
    _requirement(problems, doc, "dialogue_spoken", len(lesson.dialogue_spoken), need.min_dialogue_spoken_lines,
                 label="puhekielisen dialogin repliikkejä")
    others = [other for other in curriculum.lessons if other.theme == lesson.theme and other is not lesson]
    if others and lesson.number > min(o.number for o in others):
        pos = doc.value_pos(("theme",))
        problems.add(doc.path, pos.line, pos.column, f"teemalla {lesson.theme} on jo A2-tunti "
                     f"'{others[0].title}'; jokaisella teemalla on yksi A2-tunti")


def _check_terms_used(curriculum: Curriculum, theme: Theme, speller: Speller, problems: Problems) -> None:
    """Each term appears, in some inflected form, in the theme's material besides its own example."""
    doc = curriculum.sources[_plan_key(theme)]
    folder = curriculum.plan_folder(theme)
    parts = [theme.summary, *theme.goals, *theme.discussion_questions, *theme.mentor_tips]
    for activity in theme.activities:
        parts += [activity.title, activity.instructions, activity.participant_task or ""]
    parts += [curriculum.text(folder, h.file) for h in theme.handouts]
    material = "\n".join(parts)
    folded = material.casefold()
    bases: set[str] = set()
    for word in set(WORD.findall(material)):
        bases |= speller.base_forms(word)
    for i, item in enumerate(theme.vocabulary):
        term_words = WORD.findall(item.term)
        if item.term.casefold() in folded or is_placeholder(item.term):
            continue
        if term_words and all(bases & speller.base_forms(w) for w in term_words):
            continue
        pos = doc.value_pos(("vocabulary", i, "term"))
        problems.add(doc.path, pos.line, pos.column,
                     f"sanaa '{item.term}' ei käytetä teeman ohjeissa, tehtävissä eikä monisteissa")
