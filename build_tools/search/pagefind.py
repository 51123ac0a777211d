"""Run Pagefind over the built site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"
# The runtime (JavaScript, WebAssembly, UI) is not index data.
RUNTIME_SUFFIXES = (".js", ".css", ".wasm")


def index_site(site_dir: Path, root_selector: str = "article") -> None:
    # The site is indexed while its PDFs still render: until the end of the build their figures (pages,
    # size) are placeholders, inside .auroras-prints (pdf_links.md.j2) and .auroras-pdf-figure (prints.md.j2).
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--force-language", "fi", "--root-selector", root_selector,
               "--exclude-selectors", ".headerlink", "--exclude-selectors", ".md-source-file",
               "--exclude-selectors", ".auroras-prints", "--exclude-selectors", ".auroras-pdf-figure"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind epäonnistui:\n{result.stdout}\n{result.stderr}")


def index_size(site_dir: Path) -> tuple[int, int]:
    """(index data bytes, runtime bytes) of the Pagefind bundle."""
    data = runtime = 0
    for path in (site_dir / BUNDLE).rglob("*"):
        if path.is_file():
            if path.name.endswith(RUNTIME_SUFFIXES) or "wasm" in path.name:
                runtime += path.stat().st_size
            else:
                data += path.stat().st_size
    return data, runtime
