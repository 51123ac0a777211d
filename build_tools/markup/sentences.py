"""Ending a sentence after a title: "Katsotko ansioluetteloni?" takes no extra full stop.

Templates write sentences around titles ("Tästä teemasta on myös tunti: [otsikko](…)."). A
title that already ends a sentence (?, !, … or .) must not get a second mark, so templates use
``{{ title | full_stop }}`` after a link, or ``{{ title | sentence_end }}`` for plain text.
"""

from __future__ import annotations

ENDINGS = ".?!…"
# Closing quotes and brackets may follow the mark: 'Hän kysyi: "Tuletko?"' ends a sentence.
_CLOSERS = "”’\"')]»*_"


def full_stop(text: object) -> str:
    """"." unless ``text`` already ends in a sentence-ending mark (then "")."""
    stripped = str(text).rstrip().rstrip(_CLOSERS)
    return "" if stripped.endswith(tuple(ENDINGS)) else "."


def sentence_end(text: object) -> str:
    """``text`` ending a sentence: a full stop is added only when it has no ending mark."""
    text = str(text).rstrip()
    return text + full_stop(text)
