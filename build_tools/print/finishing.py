"""The finishing of print HTML: Finnish typography and hyphenation, as the render workers do it.

Its own small module because the render workers import it (build_tools/print/worker.py), and they
should import no more of the build than they use.
"""

from __future__ import annotations

import hashlib
import inspect
import os
from pathlib import Path

from ..markup.typography import typeset_html
from .hyphenate import hyphenator


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class Finisher:
    """Finnish typography and hyphenation of rendered print HTML.

    Both are pure functions of the HTML, of their own code and of Voikko's dictionary; ``salt`` is a
    digest of those, so a cache keyed by the unfinished HTML and the salt never needs to finish a
    document again (build_tools/print/render.py does so: the render workers finish what they lay out).
    """

    def __init__(self):
        from ..markup import typography
        from . import hyphenate

        self.hyph = hyphenator()
        self.salt = digest("print-html-2", Path(typography.__file__).read_bytes(),
                           Path(hyphenate.__file__).read_bytes(), inspect.getsource(Finisher),
                           str(self.hyph.available), _voikko_version())

    def __call__(self, html: str) -> str:
        # U+2010 is left to the hyphens hyphenation adds (worker.patch_hyphen_text); a written one is U+002D.
        return self.hyph.html(typeset_html(html.replace("\u2010", "-")))


def _voikko_version() -> str:
    """libvoikko's version and the identity of the Finnish dictionaries it can load (their index files
    name the Suomi-malaga version and build date): a dictionary upgrade moves hyphenation points."""
    try:
        import libvoikko
        version = str(libvoikko.Voikko.getVersion())
    except Exception:  # no Voikko: then the hyphenator is unavailable, which is part of the key too
        return ""
    folders = [*filter(None, os.environ.get("VOIKKO_DICTIONARY_PATH", "").split(os.pathsep)),
               str(Path.home() / ".voikko"), "/etc/voikko", "/usr/local/lib/voikko", "/usr/local/share/voikko",
               "/usr/lib/voikko", "/usr/share/voikko"]
    indexes = []
    for folder in folders:
        for index in sorted(Path(folder).glob("*/mor-*/index.txt")) + sorted(Path(folder).glob("mor-*/index.txt")):
            try:
                indexes.append(f"{index}\n{index.read_text(encoding='utf-8', errors='replace')}")
            except OSError:
                pass
    return digest(version, *indexes)
