"""Small accessibility changes to the theme's own templates, applied to whichever engine builds the site.

Material for MkDocs and Zensical ship different versions of the same partials, so a copied template
would be right for one engine and wrong for the other (Zensical marks the current page with
``nav_item.active``, Material with ``nav_item == page``). Instead, each change is written once here, as a
pattern in the engine's own template and its replacement, and the patched partial is written into a
theme folder that goes in front of the engine's templates. A pattern that does not match exactly once
stops the build: the engine's template changed, and the change must be looked at again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


class ThemePatchError(Exception):
    """A patch no longer fits the engine's template."""


@dataclass(frozen=True)
class Patch:
    why: str
    pattern: str  # a regular expression on the engine's template
    replacement: str


PATCHES: dict[str, list[Patch]] = {
    "partials/nav-item.html": [
        Patch("A name for the icon-only toggle of a section with an index page (axe: label).",
              r'(<label class="md-nav__link \{\{ class \}\}" for="\{\{ path \}\}" id="\{\{ path \}\}_label" '
              r'tabindex="\{\{ tabindex \}\}">\s*<span class="md-nav__icon md-icon"></span>)',
              r'\1\n                {#- Auroras: a name for the icon-only toggle. #}'
              r'\n                <span class="auroras-visually-hidden">{{ render_title(nav_item) }}: sivut</span>'),
        Patch("The section's navigation landmark is named after the section (axe: landmark-unique).",
              r'<nav class="md-nav" data-md-level="\{\{ level \}\}" aria-labelledby="\{\{ path \}\}_label"',
              '{#- Auroras: the landmark is named after its section. #}'
              '<nav class="md-nav" data-md-level="{{ level }}" aria-label="{{ nav_item.title | striptags | e }}"'),
    ],
    "partials/header.html": [
        Patch("One colour scheme needs no toggle: Zensical turns the palette into a list, and a one-item list "
              "renders an invisible, focusable radio button (axe: aria-hidden-focus).",
              r'\{% if not config\.theme\.palette is mapping %\}(\s*\{% include "partials/palette\.html" %\})',
              r'{% if not config.theme.palette is mapping and config.theme.palette | length > 1 %}\1'),
    ],
}


def patch_template(name: str, text: str) -> str:
    for patch in PATCHES[name]:
        text, count = re.subn(patch.pattern, patch.replacement, text)
        if count != 1:
            raise ThemePatchError(f"Sivupohjan {name} muutos ei enää sovi sivustomoottorin sivupohjaan "
                                  f"({count} osumaa, pitää olla 1): {patch.why} Päivitä build_tools/web/"
                                  "theme_patches.py.")
    return text


def write_patched_theme(templates: Path, target: Path) -> Path:
    """Write the patched partials of the engine's ``templates`` folder under ``target``; return ``target``."""
    for name in PATCHES:
        text = patch_template(name, (templates / name).read_text(encoding="utf-8"))
        header = ("{#- Auroras: generated at build time from the engine's own " + name + " with the changes of "
                  "build_tools/web/theme_patches.py. -#}\n")
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        data = header + text
        if not (out.is_file() and out.read_text(encoding="utf-8") == data):
            out.write_text(data, encoding="utf-8")
    return target


def material_templates() -> Path:
    import material
    return Path(material.__file__).parent / "templates"


def zensical_templates() -> Path:
    import zensical
    return Path(zensical.__file__).parent / "templates"
