"""Live preview (`mkdocs serve`) that shows the problem instead of hanging.

When content has errors, ``mkdocs build`` stops, as it should.  In a preview that would leave the
open page stale and make a reload wait forever (MkDocs serves nothing until a build succeeds), and a
repeated error would be swallowed by MkDocs' duplicate-message filter.  So while serving:

- a content error gives a successful build of error pages instead: every page of the last good site,
  every hand-written page and 404.html list each problem as ``path:line:column: message``; MkDocs
  injects its live-reload script into served pages, so the open page shows the error by itself and
  the real page comes back by itself once the content is fixed;
- the full report goes straight to stderr on every build, never through MkDocs' logging;
- spelling, readability and completeness (``auroras check``'s quality checks) are reported in the
  terminal after each good build, without stopping it.

The MkDocs plugin calls this module from a few small hooks; nothing here runs in ``mkdocs build``.
"""

from __future__ import annotations

import html
import sys
import time
from pathlib import Path, PurePosixPath

from .diagnostics import Problem, Problems, format_report

ERROR_TITLE = "Sisällössä on virheitä"
# What the content is made of, relative to the project root (those that exist are watched).
SOURCES = ("program.yml", "wordlist.txt", "spoken_words.txt", "synonyms.yml", "themes", "a2_lessons", "sessions", "groups")


class Preview:
    """State of one `mkdocs serve`, kept across its rebuilds."""

    def __init__(self) -> None:
        self.serving = False
        self.problems: list[Problem] | None = None  # set while the content has errors
        self.known_pages: set[str] = set()  # site paths of HTML pages seen in good builds ("teemat/x/index.html")
        self.builds = 0

    @property
    def broken(self) -> bool:
        return self.problems is not None

    def start(self, command: str) -> None:
        self.serving = command == "serve"

    # --- content failed to load ---------------------------------------------------------------

    def content_failed(self, config, problems: Problems):
        """Switch this build to error pages; report every problem in full on stderr."""
        self.builds += 1
        self.problems = sorted(set(problems.items))
        _terminal(f"[auroras {time.strftime('%H:%M:%S')}] {ERROR_TITLE} – esikatselu näyttää ne jokaisella "
                  f"sivulla (koonti {self.builds}):\n" + format_report(self.problems, preview=True))
        # No pages are built, so the navigation has nothing to point at (and nothing to warn about).
        config.nav = None
        return config

    def error_files(self, files, config):
        """Keep no pages: remember where hand-written pages live, so that they show the error too."""
        from mkdocs.structure.files import Files
        for file in files.documentation_pages():
            self.known_pages.add(file.dest_uri)
        return Files([])

    def write_error_pages(self, site_dir: str | Path) -> None:
        site = Path(site_dir)
        page = error_page(self.problems or [])
        for dest in sorted(self.known_pages | {"index.html"}):
            target = site / PurePosixPath(dest)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        # Any other address: MkDocs serves 404.html, without its live-reload script, so it refreshes itself.
        (site / "404.html").write_text(error_page(self.problems or [], refresh=2), encoding="utf-8")

    # --- content loaded -------------------------------------------------------------------------

    def content_loaded(self, curriculum) -> None:
        """A good build: leave error mode; in a preview, report quality warnings without blocking."""
        was_broken = self.broken
        self.problems = None
        if not self.serving:
            return
        self.builds += 1
        if was_broken:
            _terminal(f"[auroras {time.strftime('%H:%M:%S')}] Sisältö on taas kunnossa; sivut palaavat.")
        from .quality import run_quality
        warnings = Problems(curriculum.root)
        run_quality(curriculum, warnings)
        if warnings:
            items = sorted(set(warnings.items))
            _terminal(f"[auroras {time.strftime('%H:%M:%S')}] Laatuhuomautuksia {len(items)} (oikeinkirjoitus, "
                      "luettavuus, täydellisyys; eivät estä esikatselua, mutta `auroras check` vaatii ne "
                      "korjatuiksi):\n" + "\n".join(str(p) for p in items))

    def remember(self, files) -> None:
        """The pages of a good build: after an error, each of them shows the error page."""
        self.known_pages = {file.dest_uri for file in files.documentation_pages()}

    # --- watching -------------------------------------------------------------------------------

    def watch(self, server, config, root: Path) -> None:
        """Watch each source path once, and let the events of one save give one rebuild."""
        paths = [root / name for name in SOURCES]
        covered = [Path(config.docs_dir).resolve(), *(Path(p).resolve() for p in config.watch)]
        if config.config_file_path:
            covered.append(Path(config.config_file_path).resolve())
        for path in paths:
            path = path.resolve()
            if not path.exists() or any(path == c or c in path.parents for c in covered):
                continue  # MkDocs watches it already: a second watch would report each change twice
            server.watch(str(path))
        # MkDocs waits build_delay (0.1 s) for more events, but its polling observer looks for changes
        # only every timeout (0.5 s): a save whose writes land in two polls started two rebuilds.
        polling = getattr(server.observer, "timeout", 0.5)
        server.build_delay = max(server.build_delay, polling + 0.25)


def error_page(problems: list[Problem], *, refresh: int | None = None) -> str:
    """A self-contained Finnish page listing every problem."""
    rows = "\n".join(
        f'    <li><code class="where">{html.escape(f"{p.path}:{p.line}:{p.column}")}:</code> '
        f'{html.escape(p.message)}</li>' for p in problems)
    meta = f'\n  <meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    count, them = ("1 ongelman", "se on") if len(problems) == 1 else (f"{len(problems)} ongelmaa", "ne on")
    return f"""<!doctype html>
<html lang="fi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">{meta}
  <title>{ERROR_TITLE}</title>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
           line-height: 1.5; color: #1b1b1b; }}
    h1 {{ color: #b00020; font-size: 1.6rem; }}
    ol {{ padding-left: 1.5rem; }}
    li {{ margin: .5rem 0; }}
    code {{ background: #f3f3f3; padding: .1rem .3rem; border-radius: 3px; word-break: break-all; }}
  </style>
</head>
<body>
  <h1>{ERROR_TITLE}</h1>
  <p>Esikatselu löysi {count}. Sivusto näkyy taas, kun {them} korjattu.
  Korjaa tiedosto ja tallenna: tämä sivu päivittyy itsestään.</p>
  <ol class="auroras-problems">
{rows}
  </ol>
  <p>Rivi ja sarake kertovat, missä kohdassa tiedostoa ongelma on (rivi:sarake).</p>
</body>
</html>
"""


def _terminal(text: str) -> None:
    """Straight to stderr: MkDocs' duplicate filter would hide a message it has logged before."""
    print(text, file=sys.stderr, flush=True)
