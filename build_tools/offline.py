"""Offline support for a built site: a web app manifest and a service worker with its precache list.

Runs after the site (and its search index) is complete, on the site folder alone, so it knows nothing
of MkDocs. It writes two files at the site root:

- ``sw.js``: ``offline_sw.js`` with the list of every file to store on the first visit (pages, assets,
  the Pagefind index) and the PDFs to keep when opened, each with the hash of its content, and a version
  that is the hash of that list. Same files, same ``sw.js``, byte for byte; one changed file, a new version.
- ``manifest.webmanifest``: name, colours, start address and icon, so the site can be installed.

A small generator of our own rather than Workbox: the list is a walk over the folder with a hash per file,
and Workbox would bring a Node build step (workbox-cli and its dependency tree) into every site build for
the same result. The service worker's strategy (precache everything, versioned cache, atomic switch) is
about a hundred lines of plain JavaScript that the tests drive in Chromium.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
WORKER_SOURCE = Path(__file__).with_name("offline_sw.js")
ICON = "assets/auroras-icon.svg"

# Never stored: source maps, Material's own search (this site uses Pagefind) and files that are only
# for crawlers. PDFs are stored when opened, not on the first visit.
EXCLUDE = ("*.map", "assets/javascripts/lunr/*", "assets/javascripts/workers/*", "sitemap.xml",
           "sitemap.xml.gz", SERVICE_WORKER, ".*", "*/.*")
ON_DEMAND = ("*.pdf",)


@dataclass(frozen=True)
class OfflineSite:
    version: str
    files: dict[str, str]
    pdfs: dict[str, str]
    size: int

    def summary(self) -> str:
        if self.version == "preview":
            return "Ilman verkkoa: ei esikatselussa (mkdocs serve)"
        return (f"Ilman verkkoa: {len(self.files)} tiedostoa ({self.size / 1_048_576:.1f} Mt) tallennetaan "
                f"ensimmäisellä käynnillä, {len(self.pdfs)} PDF-tiedostoa avattaessa; versio {self.version}")


def _matches(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def _address(path: str) -> str:
    """The address a file is asked for: a folder's index.html by the folder ('teemat/x/')."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def precache_list(site_dir: Path) -> OfflineSite:
    """Every file of the site that the worker stores, with content hashes, sorted: deterministic."""
    files: dict[str, str] = {}
    pdfs: dict[str, str] = {}
    size = 0
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if _matches(relative, EXCLUDE) or relative == MANIFEST:
            continue
        if _matches(relative, ON_DEMAND):
            pdfs[relative] = _digest(path)
            continue
        files[_address(relative)] = _digest(path)
        size += path.stat().st_size
    return OfflineSite("", files, pdfs, size)


def manifest(name: str, short_name: str, description: str, lang: str = "fi") -> dict:
    return {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": lang,
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#7e56c2",
        "icons": [{"src": ICON, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }


# For the live preview (`mkdocs serve`): a worker that stores nothing, removes what an earlier visit stored
# on the same address and unregisters itself, so the preview always shows the latest build.
PREVIEW_WORKER = """/* Auroras live preview: nothing is stored offline; a stored copy from an earlier visit is removed. */
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("auroras-") === 0; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.registration.unregister(); }));
});
"""


def build_offline(site_dir: Path, name: str, short_name: str = "Auroras", description: str = "",
                  preview: bool = False) -> OfflineSite:
    """Write manifest.webmanifest and sw.js into a built site; return what the worker stores.

    ``preview``: the live preview's sw.js, which stores nothing and removes an earlier offline copy.
    """
    site_dir = Path(site_dir)
    if preview:
        (site_dir / SERVICE_WORKER).write_text(PREVIEW_WORKER, encoding="utf-8")
        return OfflineSite("preview", {}, {}, 0)
    (site_dir / MANIFEST).write_text(
        json.dumps(manifest(name, short_name, description), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    listed = precache_list(site_dir)
    files = dict(listed.files, **{MANIFEST: _digest(site_dir / MANIFEST)})
    body = json.dumps({"files": files, "pdfs": listed.pdfs}, ensure_ascii=False, sort_keys=True, indent=1)
    version = hashlib.sha256((body + WORKER_SOURCE.read_text(encoding="utf-8")).encode("utf-8")).hexdigest()[:16]
    data = json.dumps({"version": version, "files": files, "pdfs": listed.pdfs},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (site_dir / SERVICE_WORKER).write_text(
        f"self.AURORAS = {data};\n" + WORKER_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    return OfflineSite(version, files, listed.pdfs, listed.size)
