"""Load and check synonyms.yml, the search synonym list staff can edit.

The file is optional.  Its problems are reported like every other content
problem, as ``path:line:column: message`` in Finnish: unknown keys, empty
lists and texts, a word listed twice, and a target word that does not occur
anywhere in the curriculum (a search for it would find nothing).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel

from .diagnostics import Problems
from .model.synonyms import SynonymList
from .validation import validate_doc
from .yamlsource import SourceDoc, SourceProblem, parse_yaml, read_source

SYNONYMS_FILE = "synonyms.yml"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def key(text: str) -> str:
    """How a typed word or phrase is compared: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def load_synonyms(root: Path, problems: Problems | None = None) -> tuple[SynonymList | None, SourceDoc | None]:
    """The synonym list (an empty one when the file does not exist) and its parsed source."""
    path = root / SYNONYMS_FILE
    if not path.is_file():
        return SynonymList(), None
    problems = problems if problems is not None else Problems(root)
    try:
        doc = parse_yaml(path, read_source(path))
    except SourceProblem as problem:
        problems.add(path, problem.pos.line, problem.pos.column, problem.message)
        return None, None
    except OSError as exc:
        problems.add(path, 1, 1, f"tiedostoa ei voi lukea ({exc.strerror or 'tuntematon syy'})")
        return None, None
    if doc.data is None:
        return SynonymList(), doc
    return validate_doc(SynonymList, doc, problems), doc


def check_synonyms(root: Path, contents: Iterable[BaseModel], texts: Iterable[str], problems: Problems) -> None:
    """Validate synonyms.yml against the curriculum (themes and lessons as models, handout texts)."""
    synonyms, doc = load_synonyms(root, problems)
    if synonyms is None or doc is None:
        return
    words = curriculum_words(contents, texts)
    seen: dict[str, int] = {}
    for i, entry in enumerate(synonyms.synonyms):
        for j, typed in enumerate(entry.words):
            k = key(typed)
            if k in seen:
                pos = doc.value_pos(("synonyms", i, "words", j))
                first = doc.value_pos(("synonyms", seen[k], "words"))
                problems.add(doc.path, pos.line, pos.column,
                             f"hakusana '{typed}' on synonyymeissä jo rivillä {first.line}; poista toinen")
            else:
                seen[k] = i
        for j, target in enumerate(entry.means):
            missing = [w for w in _WORD.findall(target) if not words.contains(w)]
            if missing or not _WORD.search(target):
                pos = doc.value_pos(("synonyms", i, "means", j))
                what = ", ".join(f"'{w}'" for w in missing) if missing else f"'{target}'"
                problems.add(doc.path, pos.line, pos.column,
                             f"sana {what} ei esiinny materiaalissa missään muodossa, joten haku sillä ei löydä "
                             "mitään; kirjoita kohtaan means sana, jota teemoissa tai A2-tunneissa käytetään")


def synonym_map(synonyms: SynonymList) -> dict[str, list[str]]:
    """Typed word or phrase (see ``key``) -> the curriculum's words, for the query-side data file."""
    found: dict[str, list[str]] = {}
    for entry in synonyms.synonyms:
        targets = [key(t) for t in entry.means]
        for typed in entry.words:
            found.setdefault(key(typed), [])
            found[key(typed)].extend(t for t in targets if t not in found[key(typed)] and t != key(typed))
    return dict(sorted((typed, targets) for typed, targets in found.items() if targets))


class _Words:
    """The curriculum's words; a target counts if it occurs as written or as the base form of a word."""

    def __init__(self, words: set[str]):
        self.words = words
        self._bases: dict[str, bool] = {}

    def contains(self, word: str) -> bool:
        word = key(word)
        if word in self.words:
            return True
        if word not in self._bases:
            self._bases[word] = self._base_of_some_word(word)
        return self._bases[word]

    def _base_of_some_word(self, target: str) -> bool:
        from .voikko import voikko
        engine = voikko()
        if engine is None:
            return any(w.startswith(target[:max(3, len(target) - 2)]) for w in self.words)
        stem = target[:3]
        for word in self.words:
            if word.startswith(stem) or target in word:
                for analysis in engine.analyze(word):
                    base = key(analysis.get("BASEFORM", ""))
                    if base == target or base.endswith(target):
                        return True
        return False


def curriculum_words(contents: Iterable[BaseModel], texts: Iterable[str]) -> _Words:
    words: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            words.update(key(w) for w in _WORD.findall(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for content in contents:
        walk(content.model_dump())
    for text in texts:
        walk(text)
    return _Words(words)
