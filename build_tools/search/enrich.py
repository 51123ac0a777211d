"""Voikko base forms and compound parts of a page's words, for search, kept out of the page text.

Pagefind 1.5 searches metadata fields alongside the body text, and builds
excerpts from the body only.  So the words we add (työsopimuksen ->
työsopimus, työ, sopimus) go into one metadata field of the page, on an empty
hidden element: they are found, they weigh in the ranking, and they can
never show in an excerpt.  The enricher also records every visible word and
its base forms; ``lexicon.py`` turns that into the small query-side data file.
"""

from __future__ import annotations

import functools
import html as htmllib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..voikko import voikko

META_FIELD = "auroras_terms"  # the Pagefind metadata field with the added words
_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(span|div)\b[^>]*\bhidden\b[^>]*>.*?</\1>", re.S)
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Readings of these word classes are never what a search means: pronouns (siitä -> se), adverbs (noin),
# conjunctions, adpositions, interjections, negation.  A word with such a reading gets no added forms.
FUNCTION_CLASSES = {"asemosana", "seikkasana", "sidesana", "suhdesana", "huudahdussana", "kieltosana"}
NAME_CLASSES = {"nimi", "etunimi", "sukunimi", "paikannimi"}
# Sections whose words should weigh more: what the page teaches.
KEY_CLASSES = {"auroras-key": "5"}


def fold(word: str) -> str:
    """The search key of a word: NFC, case-folded, soft hyphens removed."""
    return unicodedata.normalize("NFC", word.replace("\u00ad", "")).casefold()


def visible_words(html: str) -> list[str]:
    """The words of an HTML fragment as a reader sees them (hidden elements left out)."""
    text = htmllib.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", html)))
    return [fold(w) for w in WORD.findall(text.replace("\u00ad", ""))]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@dataclass
class EnrichStats:
    """What the enrichment kept and left out, over all pages (for the benchmark's report)."""
    words: int = 0  # distinct visible words analysed
    readings: int = 0  # Voikko readings seen
    dropped_function: int = 0  # words whose readings were dropped as pronoun/adverb/...
    dropped_name: int = 0  # proper-name readings of lower-case words
    dropped_far: int = 0  # readings whose base form shares less of the word than another reading
    added: int = 0  # added words over all pages (page-level, after removing visible words)


@dataclass
class Lexicon:
    """Every visible word of the site with its frequency and chosen base forms (filled while enriching)."""
    counts: Counter = field(default_factory=Counter)
    bases: dict[str, frozenset[str]] = field(default_factory=dict)


class SearchEnricher:
    def __init__(self) -> None:
        self._voikko = voikko()  # None: Pagefind's stemmer still works, less well
        self.stats = EnrichStats()
        self.lexicon = Lexicon()

    @functools.lru_cache(maxsize=100_000)
    def terms(self, word: str) -> frozenset[str]:
        """The base forms and compound parts a search for this word's topic would use.

        Of Voikko's readings we keep those that make sense for search: no pronoun or adverb readings,
        no proper-name readings of lower-case words, and only the readings whose base form shares the
        most of the word's beginning (tapa -> tapa, not tappaa).  Compound parts come from the compound
        boundaries in STRUCTURE, never from derivational pieces (haastattelu gives no 'haastat').
        """
        if self._voikko is None:
            return frozenset()
        self.stats.words += 1
        analyses = self._voikko.analyze(word)
        self.stats.readings += len(analyses)
        if not analyses and "-" in word.strip("-"):  # TE-toimistoon: Voikko knows the parts, not the whole
            pieces = [p for p in word.split("-") if p]
            found = {fold(p) for p in pieces}.union(*(self.terms(p) for p in pieces))
            return frozenset(t for t in found if len(t) > 1)
        if any(a.get("CLASS") in FUNCTION_CLASSES for a in analyses):
            self.stats.dropped_function += len(analyses)
            return frozenset()
        lower = word[:1].islower()
        kept = []
        for analysis in analyses:
            if lower and analysis.get("CLASS") in NAME_CLASSES:
                self.stats.dropped_name += 1
            elif analysis.get("BASEFORM"):
                kept.append(analysis)
        folded = fold(word)
        best = max((_common_prefix(folded, fold(a["BASEFORM"])) for a in kept), default=0)
        found: set[str] = set()
        for analysis in kept:
            base = fold(analysis["BASEFORM"])
            if _common_prefix(folded, base) < best:
                self.stats.dropped_far += 1
                continue
            found.add(base)
            found.update(_compound_parts(folded, analysis, self._is_lemma))
        return frozenset(t for t in found if len(t) > 1)

    @functools.lru_cache(maxsize=100_000)
    def _is_lemma(self, word: str) -> bool:
        """Is this a word in its base form, as Voikko knows it (työterveys yes, työhyvin no)?"""
        return any(fold(a.get("BASEFORM", "")) == word and a.get("CLASS") not in FUNCTION_CLASSES | NAME_CLASSES
                   for a in self._voikko.analyze(word))

    def enrich(self, html: str) -> str:
        """The page HTML with its added words in one hidden Pagefind metadata element at the end."""
        words = visible_words(html)
        present = set(words)
        self.lexicon.counts.update(words)
        added: set[str] = set()
        originals = {fold(w): w for w in WORD.findall(htmllib.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", html))))}
        for key, written in originals.items():
            terms = self.terms(written)
            if terms - {key}:
                self.lexicon.bases[key] = terms - {key}
            added |= terms
        added -= present
        if not added:
            return html
        self.stats.added += len(added)
        listing = htmllib.escape(" ".join(sorted(added)), quote=True)
        return f'{html}\n<span hidden data-pagefind-meta="{META_FIELD}:{listing}"></span>'


def _compound_parts(folded: str, analysis: dict, is_lemma=None) -> set[str]:
    """Compound parts of a word from Voikko's STRUCTURE ('=ppp=pppp'), the last one in its base form.

    With three parts or more, the runs of neighbouring parts that are words of their own count too
    (työ=terveys=huolto: työterveys, terveyshuolto; työ=hyvin=vointi: hyvinvointi, not työhyvin).
    """
    structure = analysis.get("STRUCTURE", "")
    # STRUCTURE has one letter per character of the word (hyphens and colons included) and '=' before parts.
    marks = structure[1:] if structure.startswith("=") else structure
    pieces, current = [], []
    letters = iter(folded)
    for mark in marks:
        if mark == "=":
            pieces.append("".join(current))
            current = []
            continue
        current.append(next(letters, ""))
    pieces.append("".join(current))
    pieces = [p.strip("-") for p in pieces if p.strip("-")]
    if len(pieces) < 2:
        return set()
    parts = set(pieces[:-1])
    # The last part in its base form: the word's base form after the written first parts.
    base = fold(analysis.get("BASEFORM", ""))
    head = "".join(pieces[:-1])
    flat = base.replace("-", "")
    tail = flat[len(head):] if flat.startswith(head) and len(flat) > len(head) else None
    if tail:
        parts.add(tail)
    if is_lemma is not None and len(pieces) > 2:
        whole = pieces[:-1] + [tail] if tail else pieces[:-1]
        for start in range(len(whole)):
            for end in range(start + 2, len(whole) + 1):
                if end - start < len(pieces):
                    span = "".join(whole[start:end])
                    if is_lemma(span):
                        parts.add(span)
    return parts


def weight_key_sections(html: str) -> str:
    """Give elements marked as key content (goals, vocabulary) a higher search weight."""
    for cls, weight in KEY_CLASSES.items():
        html = html.replace(f'class="{cls}"', f'class="{cls}" data-pagefind-weight="{weight}"')
    return html
