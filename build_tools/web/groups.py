"""Pages of the half-year: the other meetings' index, the groups, their meetings and calendars.

Only published groups get anything on the site: a group with ``publish: false``
has no page, no meeting page, no calendar and no entry in the group list or the
programme calendar.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import jinja2

from ..calendar_ics import extra_events, meeting_events, write_calendar
from ..model import A2Lesson, Curriculum
from ..semester import WEEKDAY_ADVERBS, GroupPlan, Meeting, finnish_date, plan_group
from ..stages import public_url
from ..timetable import slots
from .site_files import GeneratedFile

GROUPS_DIR = "ryhmat"
EVENTS_CALENDAR = f"{GROUPS_DIR}/tapahtumat.ics"


def group_page(slug: str) -> str:
    return f"{GROUPS_DIR}/{slug}.md"


def meeting_page(slug: str, meeting: Meeting) -> str:
    return f"{GROUPS_DIR}/{slug}/{meeting.number:02d}.md"


def calendar_file(slug: str) -> str:
    return f"{GROUPS_DIR}/{slug}.ics"


def published_plans(curriculum: Curriculum) -> list[GroupPlan]:
    return [plan_group(slug, group, curriculum) for slug, group in curriculum.published_groups.items()]



def render_groups(env: jinja2.Environment, curriculum: Curriculum, plan_page, prints) -> list[GeneratedFile]:
    """The group list with the programme's events, and each published group's page, meetings and calendar."""
    settings = curriculum.settings
    domain = urlsplit(settings.site_url).hostname or "auroras"
    plans = published_plans(curriculum)
    files: list[GeneratedFile] = []
    all_events = []
    for plan in plans:
        page = group_page(plan.slug)
        semester_pdf = next((p for p in prints or () if p.document.page == page), None)
        files.append(GeneratedFile(page, env.get_template("group.md.j2").render(
            plan=plan, group=plan.group, page=page, date=finnish_date, meeting_page=meeting_page,
            calendar=calendar_file(plan.slug), semester_pdf=semester_pdf,
            weekday=WEEKDAY_ADVERBS[plan.group.start_date.weekday()].capitalize(),
            events=sorted(plan.group.events, key=lambda e: (e.date, e.title)))))
        for meeting in plan.meetings:
            mine = meeting_page(plan.slug, meeting)
            target = plan_page(meeting.plan)
            steps = meeting.plan.phases if isinstance(meeting.plan, A2Lesson) else meeting.plan.activities
            files.append(GeneratedFile(mine, env.get_template("meeting.md.j2").render(
                plan=plan, group=plan.group, meeting=meeting, page=mine, target=target, group_page=page,
                date=finnish_date, steps=steps, lesson=isinstance(meeting.plan, A2Lesson),
                slots=slots(meeting.start, [step.minutes for step in steps]),
                pdfs=[p for p in prints or () if p.document.page == target]), in_nav=False))
        extras = extra_events(plan, domain, settings.session_minutes)
        meetings = meeting_events(plan, domain, lambda m: public_url(settings.site_url, meeting_page(plan.slug, m)))
        files.append(GeneratedFile(calendar_file(plan.slug),
                                   write_calendar(plan.group.name, meetings + extras).decode("utf-8")))
        all_events += extras
    programme = sorted(((item, plan) for plan in plans for item in plan.group.events),
                       key=lambda pair: (pair[0].date, pair[1].group.name, pair[0].title))
    files.append(GeneratedFile(EVENTS_CALENDAR, write_calendar(
        f"{settings.program_name}: tapahtumat", all_events).decode("utf-8")))
    cities: dict[str, list[GroupPlan]] = {}
    for plan in sorted(plans, key=lambda p: (p.group.city, p.group.name)):
        cities.setdefault(plan.group.city, []).append(plan)
    files.append(GeneratedFile(f"{GROUPS_DIR}/index.md", env.get_template("groups_index.md.j2").render(
        cities=cities, page=f"{GROUPS_DIR}/index.md", group_page=group_page, calendar_file=calendar_file,
        events=programme, date=finnish_date, events_calendar=EVENTS_CALENDAR)))
    return files


def group_nav(curriculum: Curriculum) -> list[tuple[str | None, str]]:
    groups = sorted(curriculum.published_groups.items(), key=lambda item: (item[1].city, item[1].name))
    return [(None, f"{GROUPS_DIR}/index.md")] + [(group.name, group_page(slug)) for slug, group in groups]
