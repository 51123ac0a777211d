"""Stable ASCII identifiers for anchors and file names."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable

# How Finnish and Swedish letters are spelt in ASCII when folding them to a, o would be ambiguous.
_SPELT = str.maketrans({"ä": "ae", "ö": "oe", "å": "aa", "ü": "ue", "æ": "ae", "ø": "oe", "ß": "ss"})


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def term_key(term: str) -> str:
    """What makes two vocabulary terms the same word: NFC text, case-insensitive ('Sää' = 'sää' != 'saa')."""
    return unicodedata.normalize("NFC", term).strip().casefold()


def term_anchors(terms: Iterable[str]) -> dict[str, str]:
    """Anchors of the vocabulary terms of one page, keyed by :func:`term_key`; distinct for distinct words.

    A term's anchor is 'sana-' and its ASCII slug ('sää' -> 'sana-saa'), so it stays the same as long as no
    other word on the page folds to the same slug. When several do ('saa' and 'sää'), the one that is already
    spelt that way keeps it, the others spell ä, ö and å out ('sana-saeae'); any still equal get -2, -3 in
    alphabetical order. The result depends only on the set of terms, not on their order.
    """
    groups: dict[str, list[str]] = {}
    for term in terms:
        key = term_key(term)
        group = groups.setdefault(ascii_slug(key), [])
        if key not in group:
            group.append(key)
    anchors: dict[str, str] = {}
    for slug, keys in groups.items():
        if len(keys) == 1:
            anchors[keys[0]] = "sana-" + slug
            continue
        taken: set[str] = set()
        for key in sorted(keys, key=lambda k: (ascii_slug(k.translate(_SPELT)) != slug, k)):
            candidate = base = "sana-" + ascii_slug(key.translate(_SPELT))
            number = 2
            while candidate in taken:
                candidate, number = f"{base}-{number}", number + 1
            taken.add(candidate)
            anchors[key] = candidate
    return anchors


def term_anchor(term: str, among: Iterable = ()) -> str:
    """Anchor of a vocabulary item on its page, shared by the page and the glossary.

    ``among`` is the page's vocabulary (terms or items with a ``term``), so that two words that fold to the same
    slug get different anchors; see :func:`term_anchors`.
    """
    terms = tuple(getattr(item, "term", item) for item in among)
    key = term_key(term)
    anchors = _page_anchors(terms)  # a page asks for every one of its terms: its anchors are made once
    return anchors[key] if key in anchors else term_anchors([*terms, term])[key]


@functools.lru_cache(maxsize=1024)
def _page_anchors(terms: tuple[str, ...]) -> dict[str, str]:
    return term_anchors(terms)
