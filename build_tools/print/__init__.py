"""Printable PDF lesson packs from our own print templates (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from ..model import Curriculum
from .documents import DOCUMENT_LABELS, PDF_DIR, PrintDocument, build_documents
from .render import PdfResult, default_workers, render_documents, terminal_progress


def build_pdfs(curriculum: Curriculum, cache_dir: Path, *, workers: int | None = None,
               progress=None) -> list[PdfResult]:
    docs = build_documents(curriculum, finish=False)
    return render_documents(docs, cache_dir, curriculum.root, workers=workers, progress=progress)


__all__ = ["DOCUMENT_LABELS", "PDF_DIR", "PdfResult", "PrintDocument", "build_documents", "build_pdfs",
           "default_workers", "render_documents", "terminal_progress"]
