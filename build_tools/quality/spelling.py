"""Spelling with Voikko and the project's reviewed word list."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..voikko import MISSING, voikko
from ..yamlsource import read_source
from .words import Word


class VoikkoMissing(RuntimeError):
    """Spelling cannot be checked without Voikko."""


@dataclass
class WordList:
    """Accepted words: one a line, '#' starts a comment, 'LinkedIn*' accepts every inflection."""

    exact: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()

    @classmethod
    def read(cls, path: Path) -> "WordList":
        """The word list file, read like every source (UTF-8, BOM dropped, NFC); a missing file is an empty list.

        The loader has already checked that the file is inside the repository and readable; reading it again
        raises :class:`~build_tools.yamlsource.SourceProblem` only if it changed in between.
        """
        return cls.parse(read_source(path)) if path.is_file() else cls()

    @classmethod
    def parse(cls, text: str) -> "WordList":
        exact, prefixes = set(), []
        for line in text.splitlines():
            entry = unicodedata.normalize("NFC", line.split("#", 1)[0].strip())
            if entry.endswith("*"):
                prefixes.append(entry[:-1].casefold())
            elif entry:
                exact.add(entry.casefold())
        return cls(exact, tuple(sorted(prefixes, key=len, reverse=True)))

    def __contains__(self, word: str) -> bool:
        folded = word.casefold()
        return folded in self.exact or any(folded.startswith(p) for p in self.prefixes)


class Speller:
    def __init__(self, wordlist: WordList, spoken: WordList | None = None):
        self.voikko = voikko()
        if self.voikko is None:
            raise VoikkoMissing(MISSING.format(error="libvoikko"))
        self.wordlist = wordlist
        self.spoken = spoken if spoken is not None else WordList()

    @functools.lru_cache(maxsize=None)
    def voikko_knows(self, word: str) -> bool:
        return bool(self.voikko.spell(word))

    @functools.lru_cache(maxsize=None)
    def known(self, word: str) -> bool:
        if self.voikko_knows(word) or word in self.wordlist:
            return True
        # A hyphenated compound is right when every part is (LinkedIn-profiili).
        parts = word.split("-")
        return len(parts) > 1 and all(part and self.known(part) for part in parts)

    @functools.lru_cache(maxsize=None)
    def known_spoken(self, word: str) -> bool:
        """A word of spoken Finnish: known to Voikko or the word list (mä and sä are not), or a reviewed spoken form."""
        if self.known(word) or word in self.spoken:
            return True
        parts = word.split("-")
        return len(parts) > 1 and all(part and self.known_spoken(part) for part in parts)

    @functools.lru_cache(maxsize=None)
    def suggestions(self, word: str) -> tuple[str, ...]:
        return tuple(self.voikko.suggest(word)[:4])

    @functools.lru_cache(maxsize=None)
    def base_forms(self, word: str) -> frozenset[str]:
        forms = {word.casefold()}
        for analysis in self.voikko.analyze(word):
            if "BASEFORM" in analysis:
                forms.add(analysis["BASEFORM"].casefold())
        return frozenset(forms)


@dataclass
class SpellingStats:
    """Voikko alone (without the word list) over ordinary words: not capitalised, no digits."""

    words: int = 0
    rejected: int = 0
    listed: int = 0  # of the rejected: accepted by the reviewed word list (mentori, names, terms)

    def add(self, word: Word, speller: Speller) -> None:
        if word.text[:1].isupper():
            return
        self.words += 1
        if not speller.voikko_knows(word.text):
            self.rejected += 1
            self.listed += speller.known(word.text)

    @property
    def unlisted_rate(self) -> float:
        """Words neither Voikko nor the reviewed word list accepts."""
        return (self.rejected - self.listed) / self.words if self.words else 0.0

    @property
    def rate(self) -> float:
        return self.rejected / self.words if self.words else 0.0
