"""Problems found in content, reported as ``path:line:column: message``.

Content editors read these, so every message is plain Finnish and points at
the exact place in the source file.  A :class:`Problems` collector gathers
every problem of a run so that all of them are reported at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        super().__init__(f"{len(problems)} ongelmaa sisällössä")

    def report(self) -> str:
        return format_report(self.problems)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass
class Problems:
    """Collects problems; relative paths are shown from ``root``."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int, column: int, message: str) -> None:
        self.items.append(Problem(self.display(path), line, column, message))

    def display(self, path: Path | str) -> str:
        """The path as the editor knows it: relative to the project, symlinks not followed."""
        path = Path(path)
        for here, top in ((Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),
                          (path.resolve(), self.root.resolve())):
            try:
                return here.relative_to(top).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(sorted(set(self.items)))


def format_report(problems: list[Problem], *, preview: bool = False) -> str:
    """Every problem on its own line, then a closing line; ``preview`` for `mkdocs serve`, which re-checks itself."""
    lines = [str(p) for p in problems]
    lines.append(closing_line(len(problems), preview=preview))
    return "\n".join(lines)


def closing_line(count: int, *, preview: bool = False) -> str:
    if count == 1:
        found, fix = "Löytyi 1 ongelma.", "Korjaa se"
    else:
        found, fix = f"Löytyi {count} ongelmaa.", "Korjaa ne"
    if preview:
        return f"{found} {fix} ja tallenna: esikatselu tarkistaa sisällön uudelleen itsestään."
    return f"{found} {fix} ja aja tarkistus uudelleen."
