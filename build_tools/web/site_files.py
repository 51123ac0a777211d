"""The files a site engine is given: generated Markdown pages, copied files, and page markers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GeneratedFile:
    """A file of the site: Markdown ``content``, or a ``source`` file copied as it is."""

    path: str
    content: str | None = None
    source: Path | None = None
    in_nav: bool = True  # False for pages reached only by links (a group's meeting pages)


@dataclass
class SitePages:
    files: list[GeneratedFile] = field(default_factory=list)
    markers: dict[str, str] = field(default_factory=dict)

    def expand_markers(self, markdown: str) -> str:
        for name, text in self.markers.items():
            markdown = markdown.replace(f"<!-- auroras:{name} -->", text)
        return markdown
