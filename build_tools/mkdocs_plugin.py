"""Thin MkDocs adapter: hands the generated pages of the core to MkDocs.

Everything about content lives in the core (model, loader, web renderer);
this module only translates between the core and MkDocs' events, so moving
to another site generator means rewriting this file alone.
"""

from __future__ import annotations

import logging
import os
from html import unescape as html_text
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .diagnostics import format_report
from .markup.markdown import EXTENSIONS, web_extension_configs
from .markup.sanitize import clean_html, plain_html
from .markup.typography import typeset_html, typeset_text
from .loader import load_curriculum
from .preview import Preview
from .web import SitePages, render_site
from .web.pages import nav_sections

log = logging.getLogger("mkdocs.plugins.auroras")
SEARCH_ASSETS = Path(__file__).parent / "search" / "assets"
SEARCH_JS = "assets/auroras-search.js"
SEARCH_QUERY_JS = "assets/auroras-query.js"  # query understanding, used by auroras-search.js
SEARCH_CSS = "assets/auroras-search.css"
# Theme overrides and assets in front of Material (build_tools/web/overrides/README.md).
THEME_OVERRIDES = str(Path(__file__).parent / "web" / "overrides")


class AurorasConfig(Config):
    root = config_options.Type(str, default=".")
    # PDFs are built unless AURORAS_PDF=0 is set (make serve sets it by default).
    pdf = config_options.Type(bool, default=True)
    cache_dir = config_options.Type(str, default=".cache/pdf")
    # Finnish-aware search (Voikko enrichment + Pagefind). AURORAS_SEARCH=0 turns it off.
    search = config_options.Type(bool, default=True)
    search_root = config_options.Type(str, default="article")


class AurorasPlugin(BasePlugin[AurorasConfig]):
    # --- Live preview (build_tools/preview.py): on_startup keeps this plugin across `mkdocs serve` rebuilds.
    def __init__(self):
        super().__init__()
        self.preview = Preview()

    def on_startup(self, *, command, dirty):
        self.preview.start(command)

    def on_config(self, config):
        root = Path(config.config_file_path).parent / self.config.root
        self.root = root.resolve()
        if THEME_OVERRIDES not in config.theme.dirs:
            config.theme.dirs.insert(0, THEME_OVERRIDES)
        curriculum, problems = load_curriculum(self.root)
        if curriculum is None:
            if self.preview.serving:  # preview: error pages that reload by themselves, not a stuck server
                return self.preview.content_failed(config, problems)
            raise PluginError("Sisällössä on virheitä:\n" + format_report(sorted(set(problems.items))))
        self.preview.content_loaded(curriculum)
        self.curriculum = curriculum
        self.sections = nav_sections(curriculum)
        self.pdf = self.config.pdf and os.environ.get("AURORAS_PDF", "1") != "0"
        self.search = self.config.search and os.environ.get("AURORAS_SEARCH", "1") != "0"
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

    @staticmethod
    def _install_markdown(config) -> None:
        """The core declares the Markdown extensions; mkdocs.yml cannot leave one out or change its settings."""
        for name, options in web_extension_configs().items():
            mine = config.mdx_configs.setdefault(name, {})
            for key, value in options.items():
                if key in mine and mine[key] != value:
                    raise PluginError(f"mkdocs.yml: markdown_extensions › {name} › {key} on {mine[key]!r}, mutta "
                                      f"sisältö tarvitsee arvon {value!r}. Poista asetus mkdocs.yml-tiedostosta; "
                                      "Markdown-asetukset ovat tiedostossa build_tools/markup/markdown.py.")
                mine[key] = value
        for name in EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)

    def _expand_nav(self, nav):
        """Replace a nav entry whose value is a generated folder ('teemat/') with its pages."""
        expanded = []
        for item in nav:
            if isinstance(item, dict):
                (title, value), = item.items()
                if isinstance(value, str) and value in self.sections:
                    value = [path if label is None else {label: path}
                             for label, path in self.sections[value]]
                elif isinstance(value, list):
                    value = self._expand_nav(value)
                expanded.append({title: value})
            else:
                expanded.append(item)
        return expanded

    def on_files(self, files: Files, config) -> Files:
        if self.preview.broken:
            return self.preview.error_files(files, config)
        prints = self._build_pdfs() if self.pdf else None
        self.pages: SitePages = render_site(self.curriculum, prints)
        for result in prints or ():
            files.append(File.generated(config, result.document.path, abs_src_path=str(result.file)))
        if self.search:
            for name in (SEARCH_QUERY_JS, SEARCH_JS, SEARCH_CSS):
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

    def _build_pdfs(self):
        from .print import build_pdfs, terminal_progress
        cache = self.root / os.environ.get("AURORAS_PDF_CACHE", self.config.cache_dir)
        workers = int(os.environ["AURORAS_PDF_WORKERS"]) if os.environ.get("AURORAS_PDF_WORKERS") else None
        results = build_pdfs(self.curriculum, cache, workers=workers, progress=terminal_progress())
        rendered = sum(r.rendered for r in results)
        log.info(f"PDF-tulosteet: {len(results)} kpl, {rendered} renderöity, {len(results) - rendered} välimuistista")
        return results

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        # Hand-written pages are content too: their front matter is shown as text.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = plain_html(typeset_text(html_text(page.meta[key])))
        return self.pages.expand_markers(markdown)

    def on_page_content(self, html: str, page, config, files) -> str:
        html = typeset_html(clean_html(html))
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
                item.title = plain_html(typeset_text(html_text(item.title)))
        return env

    def on_post_build(self, config) -> None:
        if self.preview.broken:
            self.preview.write_error_pages(config.site_dir)
            return
        if self.search:
            self.site_search.finish(Path(config.site_dir), self.config.search_root)
        from .offline import build_offline  # after the search index: the worker stores it too
        log.info(build_offline(Path(config.site_dir), config.site_name, description=config.site_description or "",
                               preview=self.preview.serving).summary())

    def on_serve(self, server, config, builder):
        self.preview.watch(server, config, self.root)
        return server
