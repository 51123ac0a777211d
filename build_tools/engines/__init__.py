"""Site engines: each turns a folder of Markdown pages into a themed HTML site.

An engine adapter is small and mechanical. It gets the validated content and the
build stages of ``build_tools/stages.py`` and does only what its engine needs:

- ``mkdocs``: the stages run inside MkDocs from the ``auroras`` plugin's events;
- ``zensical``: Zensical runs no MkDocs plugins, so the stages run around it:
  pages are generated into a staging project, Zensical builds it, and the
  built pages' content is sanitised, typeset and indexed afterwards.

``build(root, site_dir, ...)`` of each adapter writes a complete site into an
empty ``site_dir``; ``build_tools/build.py`` makes that atomic.
"""

from __future__ import annotations

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"


class BuildFailed(Exception):
    """The build failed; the message is for the person who ran it."""


def engine_module(name: str):
    if name == "mkdocs":
        from . import mkdocs
        return mkdocs
    if name == "zensical":
        from . import zensical
        return zensical
    raise BuildFailed(f"Tuntematon sivustomoottori {name!r}; vaihtoehdot: {', '.join(ENGINES)}")
