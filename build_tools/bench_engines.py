"""Build times of the site engines, measured in one run (``make bench-engines``).

For each engine: the whole pipeline (validate, PDFs, pages, engine, search, offline) with PDFs from a
warm cache, and the same build with PDFs off. Each build runs in a fresh process, as ``make site`` does;
the PDF cache is warmed once before any timing, so both engines pay the same for PDFs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .engines import ENGINES, engine_module
from .loader import find_root

ROUNDS = 3


def build_seconds(root: Path, engine: str, target: Path, **env: str) -> float:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "build_tools.build", "--root", str(root), "--engine", engine,
                             "--site-dir", str(target)], env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{engine}: rakentaminen epäonnistui:\n{result.stderr[-3000:]}")
    return seconds


def main() -> int:
    root = find_root()
    engines = [e for e in ENGINES if engine_module(e).available() is None]
    skipped = [e for e in ENGINES if e not in engines]
    with tempfile.TemporaryDirectory(prefix="auroras-bench-engines-") as tmp:
        work = Path(tmp)
        print("PDF-välimuistin lämmitys…", file=sys.stderr)
        build_seconds(root, engines[0], work / "warm")
        rows = []
        for engine in engines:
            times = {"pdf": [], "nopdf": []}
            for _ in range(ROUNDS):
                for kind, env in (("pdf", {}), ("nopdf", {"AURORAS_PDF": "0"})):
                    target = work / f"{engine}-{kind}"
                    times[kind].append(build_seconds(root, engine, target, **env))
                    shutil.rmtree(target)
            rows.append((engine, min(times["pdf"]), min(times["nopdf"])))
    print(f"Sivustomoottorit, sama ajo (paras {ROUNDS}:sta; kuormitus {os.getloadavg()[0]:.1f}):")
    print(f"{'moottori':<10} {'koko koonti (PDF välimuistista)':>32} {'ilman PDF-tulosteita':>22}")
    for engine, with_pdf, without in rows:
        print(f"{engine:<10} {with_pdf:>30.2f} s {without:>20.2f} s")
    for engine in skipped:
        print(f"{engine:<10} ohitettu: {engine_module(engine).available()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
