"""Printable PDF lesson packs from our own print templates (WeasyPrint).

The names below are loaded when first used: the render workers import ``build_tools.print.worker``,
and importing this package must not bring the whole build in with it.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Curriculum
    from .render import PdfResult

_EXPORTS = {
    "DOCUMENT_LABELS": "documents", "PDF_DIR": "documents", "PrintDocument": "documents",
    "build_documents": "documents",
    "PdfResult": "render", "default_workers": "render", "render_documents": "render",
    "terminal_progress": "render",
}


def build_pdfs(curriculum: Curriculum, cache_dir: Path, *, workers: int | None = None,
               progress=None) -> list[PdfResult]:
    """Every PDF of ``curriculum`` (a list of ``render.PdfResult``), rendered or from the cache."""
    from .documents import build_documents
    from .render import render_documents
    docs = build_documents(curriculum, finish=False)
    return render_documents(docs, cache_dir, curriculum.root, workers=workers, progress=progress)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [*_EXPORTS, "build_pdfs"]
