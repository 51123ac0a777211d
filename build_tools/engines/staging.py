"""A staging project for engines that run no plugins: every page written out, and the built pages finished.

``write_docs`` puts the hand-written pages (with their markers expanded and their titles escaped), the
generated pages, images and search assets into one docs folder (the PDFs render beside the engine's
build and are copied into the built site after it). Files that did not change are not
touched, so an engine's own cache keeps working between builds.

``finish_pages`` does afterwards what the MkDocs plugin does in ``on_page_content``: the content of each
built page goes through :func:`stages.page_content` and the search enrichment. The content is found by
the page layout the Material templates give in both engines: ``<article class="md-content__inner
md-typeset">``, after the skip anchor. If an engine changes that layout, the build stops and says so.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from .. import stages
from ..stages import ContentError
from . import BuildFailed

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*\r?\n", re.S)
ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">\s*(?:<a id="__skip" tabindex="-1"></a>)?)'
                     r'(.*)(</article>)', re.S)


def escape_front_matter(markdown: str) -> str:
    """The page's title and description as the MkDocs plugin gives them to the theme (typeset, escaped)."""
    match = FRONT_MATTER.match(markdown)
    if not match or not match.group(1):
        return markdown
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return markdown  # the engine reports it, as MkDocs would
    if not isinstance(meta, dict):
        return markdown
    changed = False
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = stages.meta_text(meta[key])
            changed = True
    if not changed:
        return markdown
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n" + markdown[match.end():]


class DocsFolder:
    """The files of a staging docs folder, written only when their bytes change."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.wanted: set[str] = set()

    def write(self, path: str, data: bytes) -> None:
        target = self._target(path)
        if not (target.is_file() and target.read_bytes() == data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def copy(self, path: str, source: Path) -> None:
        self.write(path, source.read_bytes())

    def _target(self, path: str) -> Path:
        if path in self.wanted:
            raise BuildFailed(f"docs/{path} on käsin kirjoitettu, mutta sama sivu luodaan sisällöstä; "
                              "poista tai nimeä käsin kirjoitettu tiedosto uudelleen")
        self.wanted.add(path)
        return self.folder / path

    def remove_the_rest(self) -> None:
        for path in sorted(self.folder.rglob("*"), reverse=True):
            rel = path.relative_to(self.folder).as_posix()
            if path.is_file() and rel not in self.wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def hand_written(root: Path, docs_dir: str = "docs") -> list[tuple[str, Path]]:
    """(site path, file) of every hand-written file, confined to the repository."""
    docs = (root / docs_dir).resolve()
    found = []
    for path in sorted(docs.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue
        real = path.resolve()
        if not real.is_relative_to(root.resolve()):
            raise ContentError(f"{docs_dir}/{path.relative_to(docs).as_posix()}:1:1: tiedosto osoittaa "
                               "projektikansion ulkopuolelle; sitä ei julkaista")
        found.append((path.relative_to(docs).as_posix(), real))
    return found


def write_docs(root: Path, folder: Path, pages, *, search: bool, docs_dir: str = "docs") -> list[str]:
    """Write the whole docs folder of a build; return the Markdown pages (site paths).

    The PDFs are not in it: they render beside the engine's build, which copies them into the site after.
    """
    docs = DocsFolder(folder)
    markdown_pages = []
    for path, source in hand_written(root, docs_dir):
        if path.endswith(".md"):
            text = escape_front_matter(pages.expand_markers(source.read_text(encoding="utf-8")))
            docs.write(path, text.encode("utf-8"))
            markdown_pages.append(path)
        else:
            docs.copy(path, source)
    for generated in pages.files:
        if generated.content is not None:
            docs.write(generated.path, escape_front_matter(generated.content).encode("utf-8"))
        else:
            docs.copy(generated.path, generated.source)
        if generated.path.endswith(".md"):
            markdown_pages.append(generated.path)
    if search:
        for name in stages.SEARCH_FILES:
            docs.copy(name, stages.SEARCH_ASSETS / Path(name).name)
    docs.remove_the_rest()
    return sorted(markdown_pages)


def copy_overrides(target: Path) -> None:
    """The theme overrides, without their README (an engine would publish it as a file of the site)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(stages.THEME_OVERRIDES, target, ignore=shutil.ignore_patterns("README.md", "__pycache__"))


def finish_pages(site_dir: Path, markdown_pages: list[str], site_search=None) -> None:
    """Sanitise, typeset and enrich the content of every built page, as the MkDocs plugin does per page."""
    for src_uri in markdown_pages:
        output = site_dir / stages.page_output(src_uri)
        if not output.is_file():
            raise BuildFailed(f"Sivustomoottori ei kirjoittanut sivua {output.relative_to(site_dir)} "
                              f"(lähde docs/{src_uri}).")
        html = output.read_text(encoding="utf-8")
        match = ARTICLE.search(html)
        if match is None:
            raise BuildFailed(f"{output.relative_to(site_dir)}: sivupohjasta ei löytynyt sisältöä "
                              '(<article class="md-content__inner md-typeset">); sivustomoottorin sivupohja '
                              "on muuttunut, ja build_tools/engines/staging.py pitää päivittää.")
        content = stages.page_content(match.group(2))
        if site_search is not None:
            content = site_search.page(content, src_uri, stages.page_url(src_uri))
        html = html[:match.start(2)] + content + html[match.end(2):]
        output.write_text(html, encoding="utf-8")


def fill_pages(site_dir: Path, markdown_pages: list[str], fill) -> None:
    """Put the figures of the PDFs into the pages that list them (``fill`` is PrintJob.fill)."""
    for src_uri in markdown_pages:
        output = site_dir / stages.page_output(src_uri)
        html = output.read_text(encoding="utf-8")
        if stages.has_print_figures(html):
            output.write_text(fill(html), encoding="utf-8")
