"""A group's half-year: which plan falls on which date, at the group's own clock times.

Meetings fall on consecutive weeks on the weekday of the group's start date.
A Finnish public holiday (from the ``holidays`` package) or one of the
group's ``skip_dates`` has no meeting, and the rest of the plan moves one
week later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays

from .model import A2Lesson, Curriculum, Theme
from .model.group import Group
from .model.session import SESSION_KINDS, Session
from .timetable import clock

WEEKDAYS = ("ma", "ti", "ke", "to", "pe", "la", "su")
# "Every Thursday": the group's weekday as the group page says it.
WEEKDAY_ADVERBS = ("maanantaisin", "tiistaisin", "keskiviikkoisin", "torstaisin", "perjantaisin", "lauantaisin",
                   "sunnuntaisin")


def finnish_date(day: dt.date) -> str:
    """'to 7.1.2027', the way Finnish calendars write a date."""
    return f"{WEEKDAYS[day.weekday()]} {day.day}.{day.month}.{day.year}"


@dataclass(frozen=True)
class Meeting:
    number: int  # 1-based, in date order
    date: dt.date
    start: int  # minutes from midnight
    end: int
    kind: str  # "theme", "a2-lesson" or a session kind
    plan: Theme | A2Lesson | Session
    theme: int | None  # the theme number, for themes and A2 lessons
    part: int  # 1, or 2 for the second meeting on the same plan in a row

    @property
    def slug(self) -> str:
        return self.plan.slug

    @property
    def title(self) -> str:
        title = f"A2: {self.plan.title}" if self.kind == "a2-lesson" else self.plan.heading
        return f"{title} (jatkoa)" if self.part > 1 else title

    @property
    def kind_label(self) -> str:
        if self.kind == "theme":
            return "Teema"
        if self.kind == "a2-lesson":
            return "A2-tunti"
        return SESSION_KINDS[self.kind]

    @property
    def time_label(self) -> str:
        return f"{clock(self.start)}–{clock(self.end)}"


@dataclass(frozen=True)
class Skipped:
    date: dt.date
    reason: str


@dataclass(frozen=True)
class GroupPlan:
    slug: str
    group: Group
    meetings: list[Meeting]
    skipped: list[Skipped]


def meeting_dates(start: dt.date, count: int, skip: dict[dt.date, str]) -> tuple[list[dt.date], list[Skipped]]:
    """``count`` weekly dates from ``start``; a date in ``skip`` moves the rest one week later."""
    dates: list[dt.date] = []
    skipped: list[Skipped] = []
    day = start
    while len(dates) < count:
        if day in skip:
            skipped.append(Skipped(day, skip[day]))
        else:
            dates.append(day)
        day += dt.timedelta(weeks=1)
    return dates, skipped


def public_holidays(start: dt.date, weeks: int) -> dict[dt.date, str]:
    """Finnish public holidays (in Finnish) from ``start`` over ``weeks`` weeks and a margin."""
    end = start + dt.timedelta(weeks=weeks)
    calendar = holidays.Finland(years=range(start.year, end.year + 2), language="fi")
    return {day: name for day, name in calendar.items() if day >= start}


def plan_group(slug: str, group: Group, curriculum: Curriculum) -> GroupPlan:
    settings = curriculum.settings
    template = settings.semester.a2 if group.track == "a2" else settings.semester.main
    count = settings.meetings_per_group
    skip = public_holidays(group.start_date, 2 * count)
    for day in group.skip_dates:
        skip.setdefault(day, "ryhmän oma tauko")
    dates, skipped = meeting_dates(group.start_date, count, skip)
    meetings = []
    previous = None
    for number, (day, item) in enumerate(zip(dates, template), 1):
        kind, plan, theme = resolve(item, group.track, curriculum)
        part = 2 if previous == (kind, plan.slug) else 1
        previous = (kind, plan.slug)
        start = group.start_minutes
        meetings.append(Meeting(number, day, start, start + settings.session_minutes, kind, plan, theme, part))
    return GroupPlan(slug, group, meetings, skipped)


def resolve(item: int | str, track: str, curriculum: Curriculum):
    """(kind, plan, theme number) of one item of the semester template. The loader has checked that it exists."""
    if isinstance(item, int):
        theme = curriculum.theme(item)
        if track == "a2":
            lesson = curriculum.lessons_for(theme)[0]
            return "a2-lesson", lesson, item
        return "theme", theme, item
    return item, curriculum.session(item), None
