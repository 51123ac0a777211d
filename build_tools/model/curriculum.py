"""The whole validated curriculum: the one model every output is a view of."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .group import Group
from .lesson import A2Lesson
from .session import Session
from .settings import ProgramSettings
from .theme import Theme


@dataclass
class Curriculum:
    root: Path
    settings: ProgramSettings
    themes: list[Theme]  # sorted by number
    lessons: list[A2Lesson]  # sorted by number
    # Folder of each theme and lesson, keyed by ("theme" | "lesson", slug).
    folders: dict[tuple[str, str], Path] = field(default_factory=dict)
    # Markdown files referenced by the content (handouts), read once: path -> text.
    texts: dict[Path, str] = field(default_factory=dict)
    # The parsed source of each theme and lesson, same keys as ``folders`` (for positions).
    sources: dict[tuple[str, str], Any] = field(default_factory=dict)
    # The other meetings of the half-year (sessions/<slug>/session.yml), in the order of their kinds.
    sessions: list[Session] = field(default_factory=list)
    # The groups (groups/<slug>.yml), by slug in alphabetical order; unpublished ones included.
    groups: dict[str, Group] = field(default_factory=dict)
    # The parsed program.yml and group files (for checks that scan every text value at its line).
    settings_sources: list[Any] = field(default_factory=list)

    def theme(self, number: int) -> Theme | None:
        return next((t for t in self.themes if t.number == number), None)

    def lessons_for(self, theme: Theme) -> list[A2Lesson]:
        return [lesson for lesson in self.lessons if lesson.theme == theme.number]

    def session(self, kind: str) -> Session | None:
        return next((s for s in self.sessions if s.kind == kind), None)

    def session_folder(self, session: Session) -> Path:
        return self.folders[("session", session.slug)]

    def plan_folder(self, plan) -> Path:
        """The folder of a theme, a session or an A2 lesson."""
        kind = "lesson" if isinstance(plan, A2Lesson) else "session" if isinstance(plan, Session) else "theme"
        return self.folders[(kind, plan.slug)]

    @property
    def published_groups(self) -> dict[str, Group]:
        return {slug: group for slug, group in self.groups.items() if group.publish}

    def theme_folder(self, theme: Theme) -> Path:
        return self.folders[("theme", theme.slug)]

    def lesson_folder(self, lesson: A2Lesson) -> Path:
        return self.folders[("lesson", lesson.slug)]

    def text(self, folder: Path, relative: str) -> str:
        return self.texts[folder / relative]
