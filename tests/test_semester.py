"""Semester plans: dated meetings, holidays, calendars, and unpublished groups kept off the site."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import json
import os
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from build_tools.semester import finnish_date, meeting_dates

from conftest import BIN, edit, line_of, run_auroras


def _export(root: Path) -> dict:
    result = run_auroras(root, "export")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _group(data: dict, slug: str) -> dict:
    return next(g for g in data["groups"] if g["slug"] == slug)


def test_meetings_are_weekly_and_skip_finnish_holidays(mini: Path):
    data = _export(mini)
    thursday = _group(data, "testi-torstai")
    assert [m["date"] for m in thursday["meetings"]] == ["2027-04-29", "2027-05-13", "2027-05-20", "2027-05-27"]
    assert thursday["skipped"] == [{"date": "2027-05-06", "reason": "Helatorstai"}]
    assert {(m["start"], m["end"]) for m in thursday["meetings"]} == {("18:00", "19:00")}  # 60-minute sessions
    assert [(m["kind"], m["theme"], m["slug"]) for m in thursday["meetings"]] == [
        ("theme", 1, "alku"), ("review", None, "kertaus"), ("theme", 1, "alku"), ("closing", None, "paatos")]
    monday = _group(data, "salainen")  # A2, a Christmas break and Independence Day
    assert [m["date"] for m in monday["meetings"]] == ["2027-11-29", "2027-12-13", "2028-01-03", "2028-01-10"]
    assert [s["date"] for s in monday["skipped"]] == ["2027-12-06", "2027-12-20", "2027-12-27"]
    assert monday["meetings"][0] == {"number": 1, "date": "2027-11-29", "start": "17:30", "end": "18:30",
                                     "kind": "a2-lesson", "theme": 1, "slug": "a2-tervehdys",
                                     "title": "A2: Tervehdys"}
    assert {s["kind"] for s in data["sessions"]} == {"review", "closing", "company-visit"}
    assert all(sum(a["minutes"] for a in s["activities"]) == 60 for s in data["sessions"])


def test_meeting_dates_move_a_week_per_skipped_week():
    dates, skipped = meeting_dates(dt.date(2027, 1, 7), 3, {dt.date(2027, 1, 14): "tauko"})
    assert dates == [dt.date(2027, 1, 7), dt.date(2027, 1, 21), dt.date(2027, 1, 28)]
    assert [s.date for s in skipped] == [dt.date(2027, 1, 14)]
    assert finnish_date(dt.date(2027, 1, 7)) == "to 7.1.2027"


@pytest.mark.parametrize("old, new, words", [
    ("start_date: 2027-04-29", "start_date: 2027-02-30", "päivämäärä"),
    ("track: main", "track: pää", "main"),
    ("start_time: \"18.00\"", "start_time: \"25.00\"", "kellonaika"),
    ("venue: Testikirjasto", "venue: Testikirjasto\nparticipants: [Maria]", "tuntematon kenttä 'participants'"),
    ("mentors: [Anna, Liisa]", "mentors: [Anna Virtanen]", "etunimi"),
])
def test_bad_group_files_get_finnish_errors_at_their_line(mini: Path, old: str, new: str, words: str):
    path = mini / "groups" / "testi-torstai.yml"
    edit(path, old, new)
    line = line_of(path, new.splitlines()[-1])
    result = run_auroras(mini, "check")
    assert result.returncode == 1
    assert f"groups/testi-torstai.yml:{line}:" in result.stderr, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_template_must_cover_the_themes_with_existing_plans(mini: Path):
    edit(mini / "program.yml", "  main: [1, review, 1, closing]", "  main: [review, review, guest-speaker, closing]")
    result = run_auroras(mini, "check")
    assert result.returncode == 1
    assert "program.yml:" in result.stderr and "semester › main" in result.stderr
    assert "tapaamiselle 'guest-speaker' ei ole suunnitelmaa" in result.stderr
    assert "puuttuu: 1" in result.stderr


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    import shutil
    from conftest import FIXTURES
    root = tmp_path_factory.mktemp("semester") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    env = dict(os.environ, AURORAS_PDF_CACHE=str(root.parent / "cache"), NO_MKDOCS_2_WARNING="1")
    out = root.parent / "site"
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(out)], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def test_group_page_lists_dates_and_links_calendar_and_meeting_timetables(mini_site: Path):
    page = (mini_site / "ryhmat" / "testi-torstai" / "index.html").read_text(encoding="utf-8").replace("\xa0", " ")
    for text in ("to 29.4.2027", "to 13.5.2027", "to 20.5.2027", "to 27.5.2027", "Testikirjasto", "Anna, Liisa",
                 "Torstaisin klo 18.00–19.00", 'href="../testi-torstai.ics"', "Helatorstai"):
        assert text in page, text
    meeting = (mini_site / "ryhmat" / "testi-torstai" / "02" / "index.html").read_text(encoding="utf-8").replace(
        "\xa0", " ")
    assert "18.00–18.20" in meeting and "18.30–19.00" in meeting  # the group's own clock, not 17.00
    assert 'href="../../../tapaamiset/kertaus/"' in meeting
    listing = (mini_site / "ryhmat" / "index.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "Oulu" in listing and "Vierailu Esimerkki Oy:ssä" in listing and "tapahtumat.ics" in listing
    plan_pdf = mini_site / "pdf" / "ryhma-testi-torstai-suunnitelma.pdf"
    assert plan_pdf.is_file()
    info = subprocess.run(["pdfinfo", str(plan_pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info


def test_calendar_has_every_meeting_and_event_in_helsinki_time(mini_site: Path):
    data = (mini_site / "ryhmat" / "testi-torstai.ics").read_bytes()
    calendar = Calendar.from_ical(data)
    assert calendar.walk("VTIMEZONE") and calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Helsinki"
    events = calendar.walk("VEVENT")
    assert len(events) == 4 + 1
    first = events[0]
    start = first.decoded("DTSTART")
    assert start.isoformat() == "2027-04-29T18:00:00+03:00"
    assert str(start.tzinfo) == "Europe/Helsinki"
    assert first.decoded("DTEND").isoformat() == "2027-04-29T19:00:00+03:00"
    assert str(first["LOCATION"]) == "Testikirjasto"
    assert str(first["UID"]) == "testi-torstai-tapaaminen-01@example.org"
    visit = events[-1]
    assert visit.decoded("DTSTART").isoformat() == "2027-05-20T16:30:00+03:00"
    assert str(visit["LOCATION"]) == "Esimerkki Oy"
    assert len({str(e["UID"]) for e in events}) == len(events)


def _all_text(site: Path) -> bytes:
    """Every byte of the site, with Pagefind's gzipped index files unpacked."""
    chunks = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            chunks.append(path.as_posix().encode() + b"\n" + data)
    return b"\n".join(chunks)


def test_unpublished_group_is_nowhere_on_the_site(mini_site: Path, mini: Path):
    everything = _all_text(mini_site)
    for secret in ("Salainen", "salainen", "Piilotila", "Kouvola"):
        assert secret.encode() not in everything, secret
    assert (mini_site / "pagefind").is_dir()
    # Its mentors still get the plan locally.
    result = run_auroras(mini, "plan", "salainen")
    assert result.returncode == 0, result.stderr
    assert "ma 29.11.2027" in result.stdout and "Piilotila" in result.stdout


def test_real_programme_has_full_other_meetings_and_example_groups():
    from conftest import REPO
    data = _export(REPO)
    kinds = {s["kind"]: s for s in data["sessions"]}
    assert {"company-visit-prep", "company-visit", "networking", "review", "closing"} <= set(kinds)
    for session in data["sessions"]:
        assert sum(a["minutes"] for a in session["activities"]) == 120, session["slug"]
        assert session["handouts"] and len(session["vocabulary"]) >= 15
    groups = {g["slug"]: g for g in data["groups"]}
    assert {g["track"] for g in groups.values()} == {"main", "a2"}
    assert any(not g["publish"] for g in groups.values())
    for group in groups.values():
        meetings = group["meetings"]
        assert len(meetings) == 24
        firsts = list(dict.fromkeys(m["theme"] for m in meetings if m["theme"]))
        assert firsts == list(range(1, 15)), group["slug"]
        dates = [dt.date.fromisoformat(m["date"]) for m in meetings]
        assert all((b - a).days % 7 == 0 and b > a for a, b in zip(dates, dates[1:]))
