"""Stable ASCII identifiers for anchors and file names."""

from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def term_anchor(term: str) -> str:
    """Anchor of a vocabulary item on its page, shared by the page and the glossary."""
    return "sana-" + ascii_slug(term)
