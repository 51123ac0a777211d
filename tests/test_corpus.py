"""Issue 9: a corpus of broken and hostile inputs (cases in tests/corpus/cases.py).

Every case checks ``auroras check`` (exit code, the file and line within two lines, Finnish words, no
traceback). Hostile content is put, all payloads together, into one copy of the mini project, built once
with PDFs; each case then asserts that its payload is neutralised in every output. Hostile files and valid
variants are built one by one.
"""

from __future__ import annotations

import os
import re
import secrets
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus.cases import CASES
from corpus_tools import (FIELDS, HANDOUT, LESSON, PASSWD_BYTES, PROGRAM, THEME, Case, Ctx, Run, Site, Where,
                          apply_payloads, bad_url, build, check, compare_sensitive, copy_fixture, describe_where, dq,
                          edit, fill, marker_findings, match_where, no_crash, normal_url, problems_in, squash, tail)

CONTENT = [c for c in CASES if c.kind == "hostile-content"]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> Ctx:
    return Ctx(tmp_path_factory.mktemp("corpus"), env_token="YMPARISTOKANARIA" + secrets.token_hex(8).upper())


def benign(field: str, number: int) -> tuple[str, str]:
    marker = f"CB{number:02d}"
    return marker, (f"https://example.org/{marker}" if field == "link.url" else f"Turvallinen {marker}")


@dataclass
class Combined:
    clean_run: Run
    hostile_run: Run
    clean: Site | None
    hostile: Site | None
    benign: dict[str, str]  # marker -> field
    blocked: dict[str, str]  # case id -> the build error its payload caused (left out of the final build)


@dataclass
class Outcome:
    """What running a case produced: its project copy, the check run and, if the case builds, the build."""

    root: Path
    check: Run
    build: Run | None = None
    out: Path | None = None


def _combined(ctx: Ctx) -> Combined:
    """The mini project with a harmless marker in every field, and with every hostile payload; both built
    once with PDFs."""
    markers = {}
    clean_payloads = {}
    for number, name in enumerate(FIELDS, 1):
        marker, text = benign(name, number)
        markers[marker] = name
        clean_payloads[name] = [text]
    clean_root = copy_fixture(ctx.base / "combined-clean")
    apply_payloads(clean_root, clean_payloads)
    clean_run = build(clean_root, ctx.base / "out-clean", ctx)
    blocked: dict[str, str] = {}
    cases = [c for c in CONTENT if not c.solo]
    for attempt in range(3):
        hostile_root = copy_fixture(ctx.base / f"combined-hostile-{attempt}")
        apply_payloads(hostile_root, {name: [fill(c.payload, ctx) for c in cases if c.field == name]
                                      for name in FIELDS})
        out = ctx.base / f"out-hostile-{attempt}"
        hostile_run = build(hostile_root, out, ctx)
        if hostile_run.returncode == 0:
            break
        # A payload that stops the whole build is a finding of its own case; build again without it, so that
        # one such payload does not hide what every other payload does to the output.
        stopped = _blocking(cases, hostile_root, hostile_run)
        if not stopped:
            break
        blocked.update(stopped)
        cases = [c for c in cases if c.id not in stopped]
    return Combined(clean_run, hostile_run,
                    Site.scan(ctx.base / "out-clean") if clean_run.returncode == 0 else None,
                    Site.scan(out) if hostile_run.returncode == 0 else None,
                    markers, blocked)


def _blocking(cases: list[Case], root: Path, run: Run) -> dict[str, str]:
    """The cases whose payload sits on a line the failed build reports."""
    found = {}
    for path, line, message in problems_in(run.stderr):
        file = root / path
        if not file.is_file():
            continue
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        near = "\n".join(lines[max(0, line - 1):line + 1])
        for case in cases:
            if FIELDS[case.field].file == path and case.marker in near:
                found[case.id] = f"{path}:{line}: {message}"
    return found


def _execute(case: Case, ctx: Ctx) -> Outcome:
    root = copy_fixture(ctx.base / f"case-{case.id}")
    if case.kind == "hostile-content":
        apply_payloads(root, {case.field: [fill(case.payload, ctx)]})
    else:
        case.mutate(root, ctx)
    outcome = Outcome(root, check(root, ctx))
    if case.kind == "hostile-file" or case.kind == "valid" or case.solo:
        outcome.out = ctx.base / f"out-{case.id}"
        # The PDFs of the valid variants: test_valid_variants_together_in_print.
        outcome.build = build(root, outcome.out, ctx, pdf=case.pdf and case.kind != "valid")
    return outcome


class Runner:
    """Runs every case (copy, mutate, check, build) and the combined builds in a thread pool, one subprocess
    per core, so the corpus takes minutes, not tens of minutes; the tests then judge the outcomes."""

    def __init__(self, ctx: Ctx, items):
        # Only what the selected tests need (pytest -k …), the longest job first.
        # Other modules parametrise a "case" of their own (tests/test_yaml_robust.py): only corpus cases count.
        selected = {item.callspec.params["case"].id for item in items
                    if hasattr(item, "callspec") and isinstance(item.callspec.params.get("case"), Case)}
        need_combined = any("combined" in getattr(item, "fixturenames", ()) for item in items) or any(
            c.kind == "hostile-content" and not c.solo and c.id in selected for c in CASES)
        # Canary files are created while payloads are filled in: create the shared ones first, in this thread.
        for case in CONTENT:
            fill(case.payload, ctx)
        self.pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
        self.combined: Future | None = self.pool.submit(_combined, ctx) if need_combined else None
        self.cases: dict[str, Future] = {case.id: self.pool.submit(_execute, case, ctx)
                                         for case in CASES if case.id in selected}


@pytest.fixture(scope="module")
def runner(ctx, request):
    running = Runner(ctx, request.session.items)
    yield running
    running.pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="module")
def combined(runner, ctx) -> Combined:
    return (runner.combined or runner.pool.submit(_combined, ctx)).result()


# --- Shared checks ------------------------------------------------------------------------------------------

def where_failures(result: Run, root: Path, where: list[list[Where]], what: str = "auroras check") -> list[str]:
    failures = []
    for alternatives in where:
        if not any(match_where(result.stderr, root, w) for w in alternatives):
            wanted = " or ".join(describe_where(root, w) for w in alternatives)
            failures.append(f"{what}: no report at {wanted}; it printed:\n{tail(result.stderr, 12)}")
    return failures


def check_fails(case: Case, root: Path, result: Run) -> list[str]:
    failures = no_crash(result, "auroras check")
    if result.returncode != 1:
        failures.append(f"auroras check exited {result.returncode}, expected 1:\n{tail(result.output, 8)}")
    failures += where_failures(result, root, case.where)
    return failures


def tokens_for(case: Case, ctx: Ctx, text: str) -> dict[str, bytes]:
    """The canary bytes that must not reach any output: canary files named in the case, /etc/passwd, environ."""
    names = set(case.leak_tokens) | set(re.findall(r"\{(?:rel)?canary:([^}]+)\}", text))
    tokens = {}
    for name in names:
        if name == "/etc/passwd":
            tokens[name] = PASSWD_BYTES
        elif name == "environ":
            tokens[name] = ctx.env_token.encode()
        else:
            tokens[name] = ctx.tokens[name].encode()
    if "/proc/self/environ" in text:
        tokens["environ"] = ctx.env_token.encode()
    if "/etc/passwd" in text:
        tokens["/etc/passwd"] = PASSWD_BYTES
    return tokens


def leak_failures(site: Site, tokens: dict[str, bytes]) -> list[str]:
    failures = []
    for name, token in sorted(tokens.items()):
        places = site.leaks(token)
        if places:
            failures.append(f"bytes of {name} (outside the repository) are in the output: {places}")
    return failures


def output_failures(case: Case, site: Site, ctx: Ctx) -> list[str]:
    """What the hostile payload of ``case`` left in a built site."""
    payload = fill(case.payload, ctx)
    failures = marker_findings(site, case.marker)
    failures += leak_failures(site, tokens_for(case, ctx, case.payload))
    if "attachment" in payload:
        for name, pdf in site.pdfs.items():
            if pdf.embedded:
                failures.append(f"{name} embeds files: {pdf.embedded}")
    wanted = normal_url(payload)
    for name, pdf in site.pdfs.items():
        for uri in pdf.uris:
            if bad_url(uri) and normal_url(uri)[:24] in wanted:
                failures.append(f"{name}: link annotation to {uri[:80]!r}")
    if FIELDS[case.field].plain:
        if squash(payload) not in site.visible():
            failures.append(f"plain-text field: {payload!r} does not show literally in any page or PDF")
        if "<" in payload:
            pages = [page for page, text in site.raw.items() if payload in text]
            if pages:
                failures.append(f"plain-text field: {payload!r} is unescaped in the HTML source of {pages}")
    return failures


# --- The cases ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(case: Case, ctx: Ctx, runner: Runner, request):
    outcome: Outcome = runner.cases[case.id].result()
    root, result = outcome.root, outcome.check
    failures: list[str] = []

    if case.kind in ("bad", "hostile-content", "hostile-file"):
        failures = check_fails(case, root, result)
    if case.kind == "bad":
        if case.extra:
            failures += case.extra(root, ctx, result, None)

    elif case.kind == "hostile-content":
        if case.solo:
            failures += solo_build(case, outcome, ctx)
        else:
            found = request.getfixturevalue("combined")
            if case.id in found.blocked:
                failures.append("this payload stops the whole build (hostile content must be reported by check "
                                f"and neutralised, not fail the build): {found.blocked[case.id]}")
            elif found.hostile is None:
                failures.append("the combined hostile build failed:\n" + tail(found.hostile_run.output))
            else:
                failures += output_failures(case, found.hostile, ctx)

    elif case.kind == "hostile-file":
        failures += file_build(case, outcome, ctx)
        if case.extra:
            failures += case.extra(root, ctx, result, None)

    elif case.kind == "valid":
        failures += no_crash(result, "auroras check")
        if result.returncode != 0:
            failures.append(f"auroras check exited {result.returncode}, expected 0:\n{tail(result.output, 12)}")
        built = outcome.build
        failures += no_crash(built, "mkdocs build")
        if built.returncode != 0:
            failures.append(f"mkdocs build exited {built.returncode}, expected 0:\n{tail(built.output, 12)}")
        elif case.extra:
            failures += case.extra(root, ctx, built, Site.scan(outcome.out))
    else:
        raise AssertionError(case.kind)

    assert not failures, f"[{case.kind}, {case.owner}] {case.what}\n- " + "\n- ".join(failures)


def solo_build(case: Case, outcome: Outcome, ctx: Ctx) -> list[str]:
    """A payload that may stop a strict build: either the build neutralises it, or it fails in Finnish naming
    the source file."""
    built, out = outcome.build, outcome.out
    failures = no_crash(built, "mkdocs build")
    if built.returncode == 0:
        site = Site.scan(out)
        failures += output_failures(case, site, ctx)
        return failures + (case.extra(outcome.root, ctx, built, site) if case.extra else [])
    file = FIELDS[case.field].file
    failures += where_failures(built, outcome.root, [[Where(file, needle=case.marker)]], "mkdocs build")
    if out.exists():
        failures += leak_failures(Site.scan(out), tokens_for(case, ctx, case.payload))
    return failures


SVG_ACTIVE = re.compile(rb"<script|\son\w+\s*=|javascript:|file:|<!ENTITY|<foreignObject|https?://evil", re.I)


def file_build(case: Case, outcome: Outcome, ctx: Ctx) -> list[str]:
    root, built, out = outcome.root, outcome.build, outcome.out
    failures = no_crash(built, "mkdocs build")
    site = Site.scan(out) if out.exists() else None
    if built.returncode == 0:
        if case.build == "fail":
            failures.append("mkdocs build succeeded; it must fail with the Finnish report")
        elif site is not None and case.build == "fail-or-clean":
            for name, data in site.files.items():
                if name.endswith(".svg") and SVG_ACTIVE.search(data):
                    failures.append(f"the built site's {name} still holds {SVG_ACTIVE.search(data).group()!r}")
    elif built.returncode is not None:
        failures += where_failures(built, root, case.where, "mkdocs build")
    if site is not None:
        failures += leak_failures(site, tokens_for(case, ctx, ""))
    return failures


# --- The combined hostile build as a whole ------------------------------------------------------------------

def test_combined_builds_succeed(combined):
    """Hostile content must not stop the build: it is reported by check and neutralised in the output."""
    assert combined.clean_run.returncode == 0, tail(combined.clean_run.output)
    assert combined.hostile_run.returncode == 0, tail(combined.hostile_run.output)
    assert not combined.blocked, f"payloads that stop the build: {combined.blocked}"
    for run, what in ((combined.clean_run, "clean"), (combined.hostile_run, "hostile")):
        assert not no_crash(run, f"{what} build")


def test_harness_markers_reach_every_output(combined):
    """Self-test of the corpus: a harmless marker in every field shows up in the output and raises no finding
    (so a payload that vanishes is really removed, and findings are not false alarms)."""
    site = combined.clean
    assert site is not None, tail(combined.clean_run.output)
    visible = site.visible() + "\n".join(site.raw.values())
    missing = [f"{marker} ({field})" for marker, field in combined.benign.items() if marker not in visible]
    assert not missing, f"fields whose text never reaches the site or a PDF: {missing}"
    findings = [f for marker in combined.benign for f in marker_findings(site, marker)]
    assert not findings, findings


def test_hostile_site_has_only_the_sites_own_active_elements(combined):
    """Scripts, event handlers, style attributes, unsafe URLs, iframes, forms …: exactly those of the clean build."""
    assert combined.clean is not None and combined.hostile is not None
    extra = compare_sensitive(combined.clean, combined.hostile)
    assert not extra, "\n".join(extra)


def test_hostile_pdfs_embed_nothing_and_run_nothing(combined):
    assert combined.hostile is not None
    failures = []
    for name, pdf in combined.hostile.pdfs.items():
        if pdf.error:
            failures.append(pdf.error)
        if pdf.embedded:
            failures.append(f"{name} embeds files: {pdf.embedded}")
        if pdf.actions:
            failures.append(f"{name} has actions: {sorted(set(pdf.actions))}")
        bad = sorted({u for u in pdf.uris if bad_url(u)})
        if bad:
            failures.append(f"{name} links to {[u[:60] for u in bad]}")
    assert combined.hostile.pdfs, "no PDFs were built"
    assert not failures, "\n".join(failures)


def test_hostile_output_holds_no_bytes_from_outside(combined, ctx):
    assert combined.hostile is not None
    tokens = {name: token.encode() for name, token in ctx.tokens.items()}
    tokens["environ"] = ctx.env_token.encode()
    tokens["/etc/passwd"] = PASSWD_BYTES
    assert not leak_failures(combined.hostile, tokens)


def test_baseline_fixture_passes_check(ctx):
    """The unmodified mini project passes check: otherwise every valid case fails for an unrelated reason."""
    root = copy_fixture(ctx.base / "baseline")
    result = check(root, ctx)
    assert result.returncode == 0, tail(result.output)


def test_corpus_size():
    kinds = {kind: sum(c.kind == kind for c in CASES) for kind in ("bad", "hostile-content", "hostile-file", "valid")}
    assert len(CASES) >= 60 and all(kinds.values()), kinds


def test_hostile_build_keeps_the_surrounding_content(combined):
    """Sanitising removes the payloads, not the sections around them: every section heading of the clean
    build is still there."""
    assert combined.clean is not None and combined.hostile is not None
    missing = []
    for page, parser in combined.clean.pages.items():
        heads = {squash(t.text) for t in parser.texts if t.ancestors and t.ancestors[-1].tag == "h2"}
        there = {squash(t.text) for t in combined.hostile.pages[page].texts
                 if t.ancestors and t.ancestors[-1].tag == "h2"} if page in combined.hostile.pages else set()
        missing += [f"{page}: section {h!r}" for h in sorted(heads - there) if not re.search(r"CB\d\d", h)]
    assert not missing, "sections lost in the hostile build:\n" + "\n".join(missing)


VARIANT_TITLE = 'Alku \\ | "lainaus": loppu'


def test_valid_variants_together_in_print(ctx):
    """CRLF, a BOM in every file, NFD text, start_time 17:00 unquoted and a title with \\ | " : in one project,
    built with PDFs: check passes, the build works and the PDFs show the NFC text and the exact title."""
    import unicodedata
    root = copy_fixture(ctx.base / "valid-together")
    edit(root, THEME, "\ntitle: Alku\n", f"\ntitle: {dq(VARIANT_TITLE)}\n")
    edit(root, PROGRAM, 'start_time: "17.00"', "start_time: 17:00")
    for rel in (THEME, LESSON, PROGRAM, HANDOUT):
        path = root / rel
        text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8")).replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = check(root, ctx)
    assert result.returncode == 0 and not no_crash(result, "check"), tail(result.output)
    out = ctx.base / "out-valid-together"
    built = build(root, out, ctx)
    assert built.returncode == 0 and not no_crash(built, "build"), tail(built.output)
    site = Site.scan(out)
    text = " ".join(pdf.text for pdf in site.pdfs.values())
    assert site.pdfs and unicodedata.is_normalized("NFC", text)
    assert squash(f"1. {VARIANT_TITLE}") in text, "the exact title is not in the PDFs"
    assert "Ryhmä tutustuu toisiinsa" in text and "17.00" in text
    assert "Kerro itsestäsi" in text
