"""The curriculum-wide glossary: every vocabulary item and where it is taught."""

from __future__ import annotations

from dataclasses import dataclass, field

from .collation import initial, sort_key
from .model import Curriculum, VocabItem
from .slugs import term_anchor


@dataclass(frozen=True)
class Place:
    """One place a term is taught: a theme or an A2 lesson page."""

    label: str
    page: str  # source path of the generated page, e.g. teemat/cv.md
    anchor: str


@dataclass
class Entry:
    term: str
    word_classes: list[str] = field(default_factory=list)
    translations: dict[str, list[str]] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)

    @property
    def letter(self) -> str:
        return initial(self.term)


def build_glossary(curriculum: Curriculum, theme_page, lesson_page) -> list[Entry]:
    """Entries in Finnish alphabetical order. Terms that differ only by case are one entry."""
    entries: dict[str, Entry] = {}

    def add(item: VocabItem, place: Place) -> None:
        entry = entries.setdefault(item.term.casefold(), Entry(term=item.term))
        if item.word_class and item.word_class not in entry.word_classes:
            entry.word_classes.append(item.word_class)
        for lang, text in item.translations.items():
            known = entry.translations.setdefault(lang, [])
            if text not in known:
                known.append(text)
        if place not in entry.places:
            entry.places.append(place)

    for theme in curriculum.themes:
        for item in theme.vocabulary:
            add(item, Place(f"{theme.number}. {theme.title}", theme_page(theme),
                            term_anchor(item.term, theme.vocabulary)))
    for lesson in curriculum.lessons:
        for item in lesson.vocabulary:
            add(item, Place(f"A2: {lesson.title}", lesson_page(lesson), term_anchor(item.term, lesson.vocabulary)))
    return sorted(entries.values(), key=lambda e: sort_key(e.term))


def by_letter(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    groups: list[tuple[str, list[Entry]]] = []
    for entry in entries:
        if not groups or groups[-1][0] != entry.letter:
            groups.append((entry.letter, []))
        groups[-1][1].append(entry)
    return groups

