"""Live preview for engines that have no preview of their own with our stages (``auroras serve``).

Builds the whole site with the engine into ``.cache/serve/site``, serves it on localhost, and rebuilds
when the content, ``docs/`` or ``mkdocs.yml`` change. Every served page carries a small script that
reloads it when a new build is ready. A content error gives error pages instead, each problem as
``path:line:column: message`` (the same page as the MkDocs preview shows), and the real pages come back
by themselves once the content is fixed. PDFs are off unless AURORAS_PDF=1 is set.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
import time
from pathlib import Path

from .build import swap_into
from .diagnostics import Problem, format_report
from .engines import BuildFailed
from .loader import load_curriculum
from .preview import SOURCES, Preview, error_page

SERVE_DIR = ".cache/serve"
VERSION_PATH = "/__auroras__/version"
POLL_SECONDS = 0.5
RELOAD_SCRIPT = (
    "<script>(function(){var v=null;function poll(){fetch('%s',{cache:'no-store'}).then(function(r){"
    "return r.text()}).then(function(t){if(v===null)v=t;else if(t!==v)location.reload()}).catch(function(){})"
    ".then(function(){setTimeout(poll,1000)})}poll()})();</script>" % VERSION_PATH)


def watched_paths(root: Path) -> list[Path]:
    return [root / name for name in (*SOURCES, "docs", "mkdocs.yml")]


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under the watched paths."""
    state = {}
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            state[str(path)] = (info.st_mtime_ns, info.st_size)
    return state


class PreviewSite:
    """One preview: the served folder, its build number, and what the last good build had."""

    def __init__(self, engine, root: Path):
        self.engine, self.root = engine, root
        self.folder = root / SERVE_DIR / "site"
        self.version = 0
        self.lock = threading.Lock()
        self.preview = Preview()
        self.preview.start("serve")
        self.known_pages: set[str] = set()

    def rebuild(self) -> None:
        started = time.perf_counter()
        curriculum, problems = load_curriculum(self.root)
        if curriculum is None:
            self._show_problems(sorted(set(problems.items)))
            return
        self.preview.content_loaded(curriculum)  # quality warnings in the terminal, never blocking
        staging = self.root / SERVE_DIR / f"new-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            self.engine.build(self.root, staging, strict=False, preview=True, curriculum=curriculum)
        except BuildFailed as exc:
            shutil.rmtree(staging, ignore_errors=True)
            self._show_problems([Problem(f"({self.engine.NAME})", 1, 1, str(exc))])
            return
        with self.lock:
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            swap_into(staging, self.folder)
            self.known_pages = {p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html")}
            self.version += 1
        _terminal(f"[auroras {time.strftime('%H:%M:%S')}] Sivusto rakennettu ({self.engine.NAME}, "
                  f"{time.perf_counter() - started:.1f} s).")

    def _show_problems(self, problems: list[Problem]) -> None:
        _terminal(f"[auroras {time.strftime('%H:%M:%S')}] Sisällössä on virheitä – esikatselu näyttää ne "
                  "jokaisella sivulla:\n" + format_report(problems, preview=True))
        page = error_page(problems)
        with self.lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            for dest in sorted(self.known_pages | {"index.html"}):
                target = self.folder / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page, encoding="utf-8")
            (self.folder / "404.html").write_text(page, encoding="utf-8")
            self.version += 1


class _Handler(http.server.SimpleHTTPRequestHandler):
    site: PreviewSite

    def log_message(self, format, *args):  # noqa: A002 - the server's own request log is noise here
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):  # noqa: N802
        if self.path.split("?")[0] == VERSION_PATH:
            return self._send(200, str(self.site.version).encode(), "text/plain; charset=utf-8")
        with self.site.lock:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not self.path.split("?")[0].endswith("/"):
                    return super().do_GET()  # the redirect to the folder's address
                path = path / "index.html"
            if path.suffix == ".html" or not path.exists():
                if not path.is_file():
                    path, status = self.site.folder / "404.html", 404
                else:
                    status = 200
                if path.is_file():
                    html = path.read_text(encoding="utf-8")
                    html = html.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
                    return self._send(status, html.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, status: int, body: bytes, kind: str):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start_server(site: PreviewSite, address: str) -> http.server.ThreadingHTTPServer:
    """Serve the preview folder in a background thread; port 0 picks a free port."""
    host, _, port = address.rpartition(":")
    handler = type("Handler", (_Handler,), {"site": site})
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)),
                                             functools.partial(handler, directory=str(site.folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(site: PreviewSite, stop: threading.Event | None = None) -> None:
    """Rebuild whenever a watched file changes, until ``stop`` is set (or forever)."""
    paths = watched_paths(site.root)
    state = snapshot(paths)
    while not (stop and stop.is_set()):
        time.sleep(POLL_SECONDS)
        now = snapshot(paths)
        if now != state:
            time.sleep(POLL_SECONDS)  # let one save's writes land before building
            state = snapshot(paths)
            site.rebuild()


def serve_with(engine, root: Path, *, address: str = "127.0.0.1:8000") -> int:
    """Build, serve and watch until interrupted."""
    site = PreviewSite(engine, root)
    site.rebuild()
    server = start_server(site, address)
    host, port = server.server_address[:2]
    _terminal(f"Esikatselu: http://{host}:{port}/ ({engine.NAME}; Ctrl+C lopettaa)")
    try:
        watch(site)
    except KeyboardInterrupt:
        server.shutdown()
    return 0


def _terminal(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
