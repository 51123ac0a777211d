"""The PDF stage beside the site build: the documents are known at once, their page counts when rendered.

The site links every PDF and says how long it is ("PDF, 12 sivua") and how large, but those figures
are the last thing the PDF stage knows. Waiting for them made every build the PDF stage plus the
site build, one after the other, although the two share nothing else: the PDFs are rendered in
worker processes, the pages in the build's own process.

So the stage starts first, in a thread that only hands work to the worker processes and waits (each
document as soon as the build's thread has written its HTML: the first PDF starts while the others
are still being written), and the site is generated at once from ``PrintJob.pending``: one
``PendingPdf`` per document, whose path, title and label are known and whose figures are placeholders.
When the site is written, the engine waits for the results, writes the PDFs and puts the figures in
place of the placeholders (``PrintJob.fill``). A placeholder is made of private-use characters only:
no letter or digit that search, hyphenation or typography would read as a word.
"""

from __future__ import annotations

import queue
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .documents import PrintDocument, iter_documents
from .render import PdfResult, RenderPool, render_documents, start_pool

_START, _END = "\ue000", "\ue001"
_FIELDS = {"pages": "\ue010", "pages_label": "\ue011", "kilobytes": "\ue012"}
_NAMES = {mark: name for name, mark in _FIELDS.items()}
_INDEX_BASE = 0xE100  # a document's index as one private-use character
PLACEHOLDER = re.compile(f"{_START}([\ue100-\uf8ff])([{''.join(_FIELDS.values())}]){_END}")


def has_placeholders(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def _placeholder(index: int, field: str) -> str:
    return f"{_START}{chr(_INDEX_BASE + index)}{_FIELDS[field]}{_END}"


@dataclass(frozen=True)
class PendingPdf:
    """A PDF being rendered: what the pages need of a PdfResult, its figures as placeholders."""

    document: PrintDocument
    index: int

    @property
    def pages(self) -> str:
        return _placeholder(self.index, "pages")

    @property
    def pages_label(self) -> str:
        return _placeholder(self.index, "pages_label")

    @property
    def kilobytes(self) -> str:
        return _placeholder(self.index, "kilobytes")


class _Abandoned(Exception):
    """The documents stopped coming: writing them failed in the build's thread (which reports why)."""


class _DocumentStream:
    """Documents handed from the build's thread to the PDF stage's, in order, as each is written."""

    _END, _ABANDONED = object(), object()

    def __init__(self):
        self._queue: queue.SimpleQueue = queue.SimpleQueue()

    def put(self, doc: PrintDocument) -> None:
        self._queue.put(doc)

    def close(self) -> None:
        self._queue.put(self._END)

    def abandon(self) -> None:
        self._queue.put(self._ABANDONED)

    def __iter__(self) -> Iterator[PrintDocument]:
        while (item := self._queue.get()) is not self._END:
            if item is self._ABANDONED:
                raise _Abandoned()
            yield item


class PrintJob:
    """Every PDF of a curriculum, rendering in the background (or from the cache) while the site builds."""

    def __init__(self, curriculum, cache_dir: Path, *, workers: int | None = None, progress=None,
                 started: RenderPool | None = None):
        # The workers start first (or were started before the content loaded: ``started``, which the job
        # then owns), and each document goes to them as soon as it is written.
        started = started or start_pool(curriculum.root, workers)
        stream = _DocumentStream()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="auroras-pdf")
        self._future: Future = self._executor.submit(render_documents, stream, cache_dir, curriculum.root,
                                                     progress=progress, started=started)
        self._executor.shutdown(wait=False)
        self.documents: list[PrintDocument] = []
        try:
            for doc in iter_documents(curriculum, finish=False):
                if len(self.documents) == 0xF8FF - _INDEX_BASE:
                    raise ValueError("liian monta tulostetta")
                self.documents.append(doc)
                stream.put(doc)
        except BaseException:
            stream.abandon()  # the stage stops and shuts its workers down
            raise
        stream.close()
        self.pending = [PendingPdf(doc, index) for index, doc in enumerate(self.documents)]

    def results(self) -> list[PdfResult]:
        """The rendered PDFs, in the order of ``pending`` (waits for the stage; raises what it raised)."""
        return self._future.result()

    def fill(self, text: str) -> str:
        """``text`` with every placeholder replaced by its figure (waits for the stage if there is one)."""
        if _START not in text:
            return text
        results = self.results()

        def figure(match: re.Match) -> str:
            index = ord(match.group(1)) - _INDEX_BASE
            if index >= len(results):
                return ""  # not ours: content cannot bring in a placeholder of its own
            return str(getattr(results[index], _NAMES[match.group(2)]))
        return PLACEHOLDER.sub(figure, text)
