"""Thin MkDocs adapter: runs the build stages of the core (``stages.py``) from MkDocs' events.

Everything about content lives in the core (model, loader, web renderer, stages);
this module only translates between the core and MkDocs' events. Engines without
plugin events run the same stages from ``engines/`` (``auroras build --engine``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import stages
from .diagnostics import format_report
from .preview import Preview

# The content model, the loader and the web renderer are imported in on_config, after the PDF workers
# have started (MkDocs imports this module while it reads mkdocs.yml): their fork server then imports
# WeasyPrint while these load, instead of after (about 0.2 s of the start of every build).
if TYPE_CHECKING:
    from .web import SitePages

log = logging.getLogger("mkdocs.plugins.auroras")
# Kept as names of this module for code that imported them from here.
SEARCH_ASSETS = stages.SEARCH_ASSETS
SEARCH_JS, SEARCH_QUERY_JS, SEARCH_CSS = stages.SEARCH_JS, stages.SEARCH_QUERY_JS, stages.SEARCH_CSS
THEME_OVERRIDES = str(stages.THEME_OVERRIDES)


class AurorasConfig(Config):
    root = config_options.Type(str, default=".")
    # PDFs are built unless AURORAS_PDF=0 is set (make serve sets it by default).
    pdf = config_options.Type(bool, default=True)
    cache_dir = config_options.Type(str, default=stages.DEFAULT_PDF_CACHE)
    # Finnish-aware search (Voikko enrichment + Pagefind). AURORAS_SEARCH=0 turns it off.
    search = config_options.Type(bool, default=True)
    search_root = config_options.Type(str, default="article")


class _LatePdf(File):
    """A PDF of the site: the PDF stage renders it beside the build, on_post_build writes it."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


class AurorasPlugin(BasePlugin[AurorasConfig]):
    # --- Live preview (build_tools/preview.py): on_startup keeps this plugin across `mkdocs serve` rebuilds.
    def __init__(self):
        super().__init__()
        self.preview = Preview()
        self._collection = None  # the collector's thresholds before this build (stages.collect_less)

    def on_startup(self, *, command, dirty):
        self.preview.start(command)

    def on_config(self, config):
        if self._collection is None:  # until on_post_build or on_build_error
            self._collection = stages.collect_less()
        root = Path(config.config_file_path).parent / self.config.root
        self.root = root.resolve()
        switches = stages.Switches.from_environment(pdf=self.config.pdf, search=self.config.search)
        self.pdf, self.search = switches.pdf, switches.search
        # The PDF workers start first: they import WeasyPrint while the theme is patched and the content loads.
        # The PDFs then render beside the rest of the build (print/background.py); the pages get their figures
        # at the end (on_post_build).
        self.prints = None
        workers = stages.start_pdf_workers(self.root) if self.pdf else None
        try:
            curriculum = self._load(config)
            if curriculum is None:  # preview: the content has errors, shown as error pages
                stages.stop_pdf_workers(workers)
                return config
            self.prints = (stages.start_prints(curriculum, self.root, self.config.cache_dir, workers=workers)
                           if self.pdf else None)
        except BaseException:
            stages.stop_pdf_workers(workers)
            raise
        if self.search:
            from .search import SiteSearch
            self.site_search = SiteSearch(self.root, self.sections)
            config.extra_css.append(SEARCH_CSS)
            config.extra_javascript.extend([SEARCH_QUERY_JS, SEARCH_JS])
        if not config.site_url:
            config.site_url = curriculum.settings.site_url
        self._install_markdown(config)
        if config.nav:
            config.nav = self._expand_nav(config.nav)
        return config

    def _load(self, config):
        """The theme in place and the content loaded (``self.curriculum``); None if the preview shows errors."""
        from .loader import load_curriculum
        from .web.pages import nav_sections
        from .web.theme_patches import ThemePatchError

        if THEME_OVERRIDES not in config.theme.dirs:
            config.theme.dirs.insert(0, THEME_OVERRIDES)
            try:
                patched = stages.patched_theme(self.root, "mkdocs")
            except ThemePatchError as exc:
                raise PluginError(str(exc)) from None
            config.theme.dirs.insert(0, str(patched))
        curriculum, problems = load_curriculum(self.root)
        if curriculum is None:
            if self.preview.serving:  # preview: error pages that reload by themselves, not a stuck server
                self.preview.content_failed(config, problems)
                return None
            raise PluginError("Sisällössä on virheitä:\n" + format_report(sorted(set(problems.items))))
        self.preview.content_loaded(curriculum)
        self.curriculum = curriculum
        self.sections = nav_sections(curriculum)
        return curriculum

    @staticmethod
    def _install_markdown(config) -> None:
        """The core declares the Markdown extensions; mkdocs.yml cannot leave one out or change its settings."""
        try:
            names, configs = stages.merge_markdown_extensions(config.markdown_extensions, config.mdx_configs)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        config.markdown_extensions[:] = names
        config.mdx_configs.clear()
        config.mdx_configs.update(configs)

    def _expand_nav(self, nav):
        return stages.expand_nav(nav, self.sections)

    def on_files(self, files: Files, config) -> Files:
        if self.preview.broken:
            return self.preview.error_files(files, config)
        from .web import render_site

        self.pages: SitePages = render_site(self.curriculum, self.prints.pending if self.prints else None)
        for pending in self.prints.pending if self.prints else ():
            path = pending.document.path
            files.append(_LatePdf.generated(config, path, abs_src_path=str(Path(config.site_dir) / path)))
        if self.search:
            for name in stages.SEARCH_FILES:
                files.append(File.generated(config, name, abs_src_path=str(SEARCH_ASSETS / Path(name).name)))
        for generated in self.pages.files:
            inclusion = InclusionLevel.INCLUDED if generated.in_nav else InclusionLevel.NOT_IN_NAV
            if generated.content is not None:
                file = File.generated(config, generated.path, content=generated.content, inclusion=inclusion)
            else:
                file = File.generated(config, generated.path, abs_src_path=str(generated.source),
                                      inclusion=inclusion)
            existing = files.get_file_from_path(generated.path)
            if existing is not None:
                raise PluginError(f"docs/{generated.path} on käsin kirjoitettu, mutta sama sivu luodaan "
                                  "sisällöstä; poista tai nimeä käsin kirjoitettu tiedosto uudelleen")
            files.append(file)
        self.preview.remember(files)
        return files

    def _write_prints(self, site_dir: Path) -> None:
        """Wait for the PDFs, copy them into the site and put their figures into the pages that list them."""
        try:
            results = self.prints.results()
        except Exception as exc:  # noqa: BLE001 - a worker's error, for the person who runs the build
            raise PluginError(f"PDF-tulosteiden teko epäonnistui: {exc}") from exc
        log.info(stages.prints_summary(results))
        stages.write_pdfs(site_dir, results)
        for generated in self.pages.files:
            if generated.content is not None and stages.has_print_figures(generated.content):
                output = site_dir / stages.page_output(generated.path)
                output.write_text(self.prints.fill(output.read_text(encoding="utf-8")), encoding="utf-8")

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        # Hand-written pages are content too: their front matter is shown as text.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = stages.meta_text(page.meta[key])
        return self.pages.expand_markers(markdown)

    def on_page_content(self, html: str, page, config, files) -> str:
        html = stages.page_content(html)
        if not self.search:
            return html
        return self.site_search.page(html, page.file.src_uri, page.url)

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        # Every page's title reaches the navigation of every other page and of 404.html: escape them
        # all once, after all pages are read and before the first page or theme template is written.
        for item in self.nav.pages:
            if item.title:
                item.title = stages.meta_text(item.title)
        return env

    def on_post_build(self, config) -> None:
        try:
            self._post_build(config)
        finally:
            self._restore_collection()

    def on_build_error(self, error) -> None:
        self._restore_collection()

    def _restore_collection(self) -> None:
        if self._collection is not None:
            stages.restore_collection(self._collection)
            self._collection = None

    def _post_build(self, config) -> None:
        if self.preview.broken:
            self.preview.write_error_pages(config.site_dir)
            return
        site_dir = Path(config.site_dir)
        if self.search:  # while the PDFs render: the index leaves their figures out
            stages.index_search(site_dir, self.site_search, self.config.search_root)
        if self.prints is not None:
            self._write_prints(site_dir)
        log.info(stages.write_offline(site_dir, site_name=config.site_name,
                                      description=config.site_description or "", preview=self.preview.serving))

    def on_shutdown(self) -> None:  # the end of the mkdocs command: its process exits next
        stages.before_exit()

    def on_serve(self, server, config, builder):
        self.preview.watch(server, config, self.root)
        return server
