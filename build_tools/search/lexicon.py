"""The query-side data file: the site's words, their base forms, synonyms and listing pages.

The browser reads it before it asks Pagefind, to correct typos against the
words that are really on the site, to turn inflected query words into base
forms (a form -> base-form map built here with Voikko from the site's own
words), to apply the staff's synonyms and to rank listing pages last.  It is
gzip-compressed JSON (about a tenth of Pagefind's index); the file name does
not end in .gz, so no web server adds a Content-Encoding header to it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from .enrich import Lexicon

LEXICON_FILE = "auroras-lexicon.bin"
VERSION = 1


def lexicon_data(lexicon: Lexicon, synonyms: dict[str, list[str]], listing: list[str]) -> dict:
    """The data as a JSON-ready dict (deterministic).

    words: every visible word and every added base form, sorted, one string joined by newlines;
    freq: how often each word occurs (added base forms count their forms' occurrences);
    bases: flat list of runs [form index, number of bases, base index, ...] for words with base forms.
    """
    counts = dict(lexicon.counts)
    for form, bases in lexicon.bases.items():
        for base in bases:
            counts[base] = counts.get(base, 0) + counts.get(form, 1)
    words = sorted(w for w in counts if len(w) > 1)
    index = {w: i for i, w in enumerate(words)}
    flat: list[int] = []
    for form in words:
        bases = sorted(index[b] for b in lexicon.bases.get(form, ()) if b in index and b != form)
        if bases:
            flat.extend([index[form], len(bases), *bases])
    return {
        "version": VERSION,
        "words": "\n".join(words),
        "freq": [min(counts[w], 999) for w in words],
        "bases": flat,
        "synonyms": synonyms,
        "listing": sorted(listing),
    }


def write_lexicon(directory: Path, data: dict) -> Path:
    path = directory / LEXICON_FILE
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return path
