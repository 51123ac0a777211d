"""Thin MkDocs adapter: hands the generated pages of the core to MkDocs.

Everything about content lives in the core (model, loader, web renderer);
this module only translates between the core and MkDocs' events, so moving
to another site generator means rewriting this file alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .diagnostics import format_report
from .loader import LESSONS_DIR, SETTINGS_FILE, THEMES_DIR, load_curriculum
from .web import SitePages, render_site

log = logging.getLogger("mkdocs.plugins.auroras")


class AurorasConfig(Config):
    root = config_options.Type(str, default=".")


class AurorasPlugin(BasePlugin[AurorasConfig]):
    def on_config(self, config):
        root = Path(config.config_file_path).parent / self.config.root
        self.root = root.resolve()
        curriculum, problems = load_curriculum(self.root)
        if curriculum is None:
            raise PluginError("Sisällössä on virheitä:\n" + format_report(sorted(set(problems.items))))
        self.curriculum = curriculum
        self.pages: SitePages = render_site(curriculum)
        if not config.site_url:
            config.site_url = curriculum.settings.site_url
        if config.nav:
            config.nav = self._expand_nav(config.nav)
        return config

    def _expand_nav(self, nav):
        """Replace a nav entry whose value is a generated folder ('teemat/') with its pages."""
        expanded = []
        for item in nav:
            if isinstance(item, dict):
                (title, value), = item.items()
                if isinstance(value, str) and value in self.pages.sections:
                    value = [path if label is None else {label: path}
                             for label, path in self.pages.sections[value]]
                elif isinstance(value, list):
                    value = self._expand_nav(value)
                expanded.append({title: value})
            else:
                expanded.append(item)
        return expanded

    def on_files(self, files: Files, config) -> Files:
        for generated in self.pages.files:
            if generated.content is not None:
                file = File.generated(config, generated.path, content=generated.content)
            else:
                file = File.generated(config, generated.path, abs_src_path=str(generated.source))
            existing = files.get_file_from_path(generated.path)
            if existing is not None:
                raise PluginError(f"docs/{generated.path} on käsin kirjoitettu, mutta sama sivu luodaan "
                                  "sisällöstä; poista tai nimeä käsin kirjoitettu tiedosto uudelleen")
            files.append(file)
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        return self.pages.expand_markers(markdown)

    def on_serve(self, server, config, builder):
        for name in (SETTINGS_FILE, THEMES_DIR, LESSONS_DIR):
            path = self.root / name
            if path.exists():
                server.watch(str(path))
        return server
