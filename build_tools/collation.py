"""Finnish alphabetical order: a–z, then å, ä, ö; case-insensitive.

Follows the Finnish standard practice (SFS 4600) at the primary level:
v and w are separate letters here (as in current dictionaries), ü sorts as y,
æ as ä, ø as ö, other accented letters as their base letter, and hyphens,
spaces and punctuation are ignored until two words are otherwise equal.
"""

from __future__ import annotations

import unicodedata

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_SPECIAL = {"ü": "y", "æ": "ä", "ø": "ö", "ß": "ss", "œ": "ö"}


def _fold(ch: str) -> str:
    ch = ch.lower()
    if ch in _RANK:
        return ch
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base in _RANK else ""


def sort_key(text: str) -> tuple:
    """A key for sorted() that orders Finnish words correctly."""
    folded = "".join(_fold(ch) for ch in text)
    primary = tuple(_RANK[ch] for ch in folded)
    # Tie-breakers: punctuation-insensitive first, then lowercase before uppercase, then raw text.
    return primary, text.lower(), tuple(ch.isupper() for ch in text), text


def initial(text: str) -> str:
    """The letter a word is filed under in an index: 'Äiti' -> 'Ä', 'Über' -> 'Y'."""
    for ch in text:
        folded = _fold(ch)
        if folded:
            return "#" if folded.isdigit() else folded[0].upper()
    return "#"
