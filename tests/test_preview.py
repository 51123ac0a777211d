"""Live preview: a content error shows on every served page and goes away by itself when fixed."""

import html
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_tools.diagnostics import Problem
from build_tools.preview import Preview, error_page
from conftest import BIN, edit, line_of

THEME = "themes/01-alku/theme.yml"
ERROR = "Sisällössä on virheitä"
WAIT = 30  # seconds; every wait below is a bounded poll, not a timing assertion


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def poll(url: str, accept, what: str) -> str:
    deadline = time.monotonic() + WAIT
    body = ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if accept(status, body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url}: no {what} within {WAIT} s; last body:\n{body[:2000]}")


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture
def serve(mini):
    port = free_port()
    log = open(mini / "serve.log", "w", encoding="utf-8")
    env = dict(os.environ, AURORAS_PDF="0", AURORAS_SEARCH="0", NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=mini, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        poll(base + "/teemat/", lambda status, body: status == 200, "first build")
        yield SimpleNamespace(root=mini, base=base, log=mini / "serve.log", process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
        log.close()


def test_unknown_key_shows_on_every_page_and_the_fix_brings_them_back(serve):
    path = serve.root / THEME
    normal = fetch(serve.base + "/teemat/")[1]
    assert ERROR not in normal

    # A spelling slip is a warning in the terminal; the preview goes on building.
    edit(path, "Ryhmä tutustuu toisiinsa.", "Ryhmä tutustuu toisiinssa.")
    deadline = time.monotonic() + WAIT
    while "toisiinssa" not in serve.log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.3)
    log = serve.log.read_text(encoding="utf-8")
    assert f"{THEME}:{line_of(path, 'toisiinssa')}:" in log and "tuntematon sana 'toisiinssa'" in log
    assert "eivät estä esikatselua" in log
    status, page = fetch(serve.base + "/teemat/")
    assert status == 200 and ERROR not in page

    edit(path, "summary:", "sumary: x\nsummary:")
    where = f"{THEME}:{line_of(path, 'sumary: x')}:1:"

    def broken(status, body):
        return status == 200 and where in text_of(body)

    page = poll(serve.base + "/teemat/", broken, "error page")
    assert ERROR in page
    assert f"{where} tuntematon kenttä 'sumary'. Tarkoititko 'summary'?" in text_of(page)
    assert "livereload(" in page  # MkDocs' script: the open page reloads by itself on the next build
    poll(serve.base + "/", broken, "error page on the home page")
    # An address the last good build did not have: 404.html, which refreshes itself.
    missing = fetch(serve.base + "/ei-ole/")[1]
    assert where in text_of(missing) and 'http-equiv="refresh"' in missing

    edit(path, "sumary: x\n", "")
    back = poll(serve.base + "/teemat/", lambda status, body: status == 200 and ERROR not in body, "normal page")
    assert "<title>Teemat" in back

    # The same error again: its full message reaches the terminal again (no duplicate filter).
    edit(path, "summary:", "sumary: x\nsummary:")
    poll(serve.base + "/teemat/", broken, "error page, second time")
    message = "tuntematon kenttä 'sumary'. Tarkoititko 'summary'?"
    deadline = time.monotonic() + WAIT
    while serve.log.read_text(encoding="utf-8").count(message) < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
    log = serve.log.read_text(encoding="utf-8")
    assert log.count(f"{where} {message}") == 2, log
    assert "Traceback" not in log and "Aborted" not in log
    assert serve.process.poll() is None  # still serving


def test_error_page_lists_each_problem_escaped():
    problems = [Problem("themes/a.yml", 3, 5, "tuntematon kenttä '<b>'"), Problem("themes/b.yml", 1, 1, "x")]
    page = error_page(problems)
    assert page.count("<li>") == 2
    assert "themes/a.yml:3:5:" in page and "&#x27;&lt;b&gt;&#x27;" in page and "<b>" not in page
    assert "2 ongelmaa" in page and "ne on korjattu" in page
    assert "1 ongelman" in error_page(problems[:1]) and 'http-equiv="refresh"' in error_page(problems, refresh=2)


class FakeServer:
    def __init__(self):
        self.watched = []
        self.build_delay = 0.1
        self.observer = SimpleNamespace(timeout=0.5)

    def watch(self, path):
        self.watched.append(path)


def test_watch_each_source_once_and_debounce_past_one_poll(tmp_path):
    for name in ("docs", "themes", "a2_lessons"):
        (tmp_path / name).mkdir()
    (tmp_path / "program.yml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = SimpleNamespace(docs_dir=str(tmp_path / "docs"), watch=[str(tmp_path / "a2_lessons")],
                             config_file_path=str(tmp_path / "mkdocs.yml"))
    server = FakeServer()
    Preview().watch(server, config, tmp_path)
    # a2_lessons is in mkdocs.yml's watch list and docs/ is MkDocs' own: watching them again reported twice.
    assert server.watched == [str(tmp_path / "program.yml"), str(tmp_path / "themes")]
    assert server.build_delay > server.observer.timeout
