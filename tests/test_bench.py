"""The benchmarks' own instruments (build_tools/bench_scale.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from build_tools.bench_scale import tree_resident_kb


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads Linux's /proc")
def test_the_memory_poller_sees_the_whole_process_tree_and_nothing_else():
    # A child that starts a grandchild holding 60 MB, as the build starts the fork server and its workers.
    grandchild = "import time; block = bytearray(60_000_000); print('ready', flush=True); time.sleep(30)"
    child = ("import subprocess, sys, time; "
             f"p = subprocess.Popen([sys.executable, '-c', {grandchild!r}], stdout=sys.stdout); time.sleep(30)")
    process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        for _ in range(50):  # the grandchild has printed; its memory is resident by now, give /proc a moment
            sizes = tree_resident_kb(process.pid)
            if len(sizes) == 2:
                break
            time.sleep(0.05)
        assert process.pid in sizes and len(sizes) == 2, sizes
        assert os.getpid() not in sizes  # the poller's own process is not below the build
        grandchild_pid = next(pid for pid in sizes if pid != process.pid)
        assert sizes[grandchild_pid] >= 60_000
        assert 0 < sizes[process.pid] < sizes[grandchild_pid]
    finally:
        for pid in tree_resident_kb(process.pid):
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        process.wait()
