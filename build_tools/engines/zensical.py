"""Zensical engine: the build stages run around ``zensical build`` of a staging project.

Zensical reads ``mkdocs.yml`` and keeps Material's HTML, but runs no MkDocs plugins. So this adapter
writes a staging project under ``.cache/zensical/``: the docs folder of ``engines/staging.py`` and a
``mkdocs.yml`` derived from the project's, with only what Zensical needs changed:

- ``theme.variant: classic`` (Material's look and HTML, which our overrides and CSS are made for);
- its own search off (``plugins: search: enabled: false``): the site uses Pagefind;
- the navigation of the generated folders written out, every title escaped;
- the core's Markdown extensions (``stages.markdown_extensions``), merged as for MkDocs;
- the theme overrides as ``custom_dir``; search assets as extra CSS and JavaScript.

Any other MkDocs plugin in ``mkdocs.yml`` stops the build: Zensical would ignore it silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .. import stages
from ..web import render_site
from ..web.theme_patches import ThemePatchError
from ..web.pages import nav_sections
from . import BuildFailed
from .staging import copy_overrides, fill_pages, finish_pages, write_docs

NAME = "Zensical"
STAGING = ".cache/zensical"
# Settings of mkdocs.yml that mean the same to Zensical; the others are MkDocs' own (strict, validation).
PASSED_ON = ("site_name", "site_description", "site_author", "site_url", "copyright", "extra", "repo_url",
             "repo_name", "edit_uri", "extra_css", "extra_javascript", "use_directory_urls")
OWN_PLUGINS = {"auroras", "search"}  # what this adapter does itself


def available() -> str | None:
    try:
        import zensical  # noqa: F401
    except ImportError:
        return ("Zensical ei ole asennettu. Asenna se: `make site ENGINE=zensical` tai "
                "`.venv/bin/pip install -r requirements-zensical.lock`.")
    return None


def version() -> str:
    from importlib.metadata import version as installed
    return installed("zensical")


def read_project_config(root: Path) -> dict:
    path = root / "mkdocs.yml"
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildFailed(f"mkdocs.yml: tiedostoa ei voi lukea Zensicalille: {exc}") from None
    if not isinstance(config, dict):
        raise BuildFailed("mkdocs.yml: asetusten pitää olla avain–arvo-pareja.")
    return config


def _plugin_names(plugins) -> list[str]:
    if isinstance(plugins, dict):
        return list(plugins)
    return [next(iter(p)) if isinstance(p, dict) else str(p) for p in plugins or ()]


def _extensions(listed) -> tuple[list[str], dict[str, dict]]:
    names, configs = [], {}
    for item in listed or ():
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        names.append(name)
        if options:
            configs[name] = dict(options)
    return names, configs


def staging_config(project: dict, sections, *, site_url: str, search: bool) -> dict:
    """The staging project's mkdocs.yml for Zensical."""
    foreign = [name for name in _plugin_names(project.get("plugins")) if name not in OWN_PLUGINS]
    if foreign:
        raise BuildFailed(f"mkdocs.yml: Zensical ei aja MkDocs-liitännäisiä ({', '.join(foreign)}); ne jäisivät "
                          "huomaamatta pois. Poista ne tai rakenna MkDocsilla (--engine mkdocs).")
    try:
        names, configs = stages.merge_markdown_extensions(*_extensions(project.get("markdown_extensions")))
    except ValueError as exc:
        raise BuildFailed(str(exc)) from None
    config = {key: project[key] for key in PASSED_ON if key in project}
    config.setdefault("site_url", site_url)
    theme = dict(project.get("theme") or {})
    theme["variant"] = "classic"
    theme["custom_dir"] = "overrides"
    config["theme"] = theme
    config.update(docs_dir="docs", site_dir="site")
    config["nav"] = stages.escape_nav(stages.expand_nav(project.get("nav") or [], sections))
    config["markdown_extensions"] = [{name: configs[name]} if configs.get(name) else name for name in names]
    config["plugins"] = {"search": {"enabled": False}}
    if search:
        config["extra_css"] = [*config.get("extra_css", []), stages.SEARCH_CSS]
        config["extra_javascript"] = [*config.get("extra_javascript", []), stages.SEARCH_QUERY_JS, stages.SEARCH_JS]
    return config


def build(root: Path, site_dir: Path, *, strict: bool = True, preview: bool = False, curriculum=None) -> None:
    """Build the site of ``root`` into ``site_dir`` (which must not exist yet) with Zensical.

    ``curriculum``: the content, when the caller has loaded it already (the preview checks it first).
    """
    if (missing := available()) is not None:
        raise BuildFailed(missing)
    collection = stages.collect_less()
    try:
        _build(root, site_dir, strict=strict, preview=preview, curriculum=curriculum)
    finally:
        stages.restore_collection(collection)


def _build(root: Path, site_dir: Path, *, strict: bool, preview: bool, curriculum) -> None:
    switches = stages.Switches.from_environment()
    # The PDF workers start first: they import WeasyPrint while the content loads and the site is prepared.
    workers = stages.start_pdf_workers(root) if switches.pdf else None
    try:
        if curriculum is None:
            try:
                curriculum = stages.load(root)
            except stages.ContentError as exc:
                raise BuildFailed(str(exc)) from None
        prints = stages.start_prints(curriculum, root, workers=workers) if switches.pdf else None
    except BaseException:
        stages.stop_pdf_workers(workers)
        raise
    project = read_project_config(root)
    sections = nav_sections(curriculum)
    stage = root / STAGING
    stage.mkdir(parents=True, exist_ok=True)
    config = staging_config(project, sections, site_url=curriculum.settings.site_url, search=switches.search)

    # The PDFs render beside Zensical's build (print/background.py); the pages get their figures after it.
    pages = render_site(curriculum, prints.pending if prints else None)
    try:
        markdown_pages = write_docs(root, stage / "docs", pages, search=switches.search,
                                    docs_dir=project.get("docs_dir", "docs"))
    except stages.ContentError as exc:
        raise BuildFailed(str(exc)) from None
    copy_overrides(stage / "overrides")
    try:
        stages.patched_theme(root, "zensical", stage / "overrides")
    except ThemePatchError as exc:
        raise BuildFailed(str(exc)) from None
    config_file = stage / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    built = stage / "site"
    if built.exists():
        shutil.rmtree(built)
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(config_file)]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, cwd=stage, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    sys.stderr.write(result.stdout + result.stderr)
    if result.returncode != 0 or not built.is_dir():
        raise BuildFailed(f"Zensical ei rakentanut sivustoa (paluukoodi {result.returncode}). Syy on yllä.")
    # Zensical writes its own search index even when its search is off; the site searches with Pagefind.
    (built / "search.json").unlink(missing_ok=True)

    site_search = None
    if switches.search:
        from ..search import SiteSearch
        site_search = SiteSearch(root, sections)
    # The pages are finished and indexed while the PDFs render; their figures are filled in after.
    finish_pages(built, markdown_pages, site_search)
    if site_search is not None:
        stages.index_search(built, site_search)
    if prints is not None:
        try:
            results = prints.results()
        except Exception as exc:  # noqa: BLE001 - a worker's error, for the person who runs the build
            raise BuildFailed(f"PDF-tulosteiden teko epäonnistui: {exc}") from exc
        print(stages.prints_summary(results), file=sys.stderr)
        stages.write_pdfs(built, results)
        fill_pages(built, markdown_pages, prints.fill)
    print(stages.write_offline(built, site_name=config.get("site_name", ""),
                               description=config.get("site_description", ""), preview=preview), file=sys.stderr)
    _move(built, site_dir)


def _move(built: Path, site_dir: Path) -> None:
    if site_dir.exists() and not any(site_dir.iterdir()):
        site_dir.rmdir()
    try:
        os.replace(built, site_dir)
    except OSError:  # another file system
        shutil.copytree(built, site_dir)
        shutil.rmtree(built)


def serve(root: Path, *, address: str) -> int:
    from ..serve import serve_with
    return serve_with(sys.modules[__name__], root, address=address)
