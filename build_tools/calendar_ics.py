"""Group calendars as .ics files (RFC 5545), written with the icalendar package.

Times are in Europe/Helsinki with the time-zone definition included, so
calendar clients show the right clock time after the change to or from
summer time. Every event has a UID that stays the same from build to build
(a group's 5th meeting is always the same event, whatever its date), so a
re-import updates the calendar instead of duplicating it. DTSTAMP is fixed
too, which keeps the build byte-identical.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .model.group import EVENT_KINDS
from .semester import GroupPlan

HELSINKI = ZoneInfo("Europe/Helsinki")
PRODID = "-//Auroras-ryhmämentorointi//Lukujärjestys//FI"
# A fixed stamp: the calendar's content, not the time of the build, decides the file.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=HELSINKI)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    return calendar


def _event(uid: str, summary: str, start: dt.datetime, end: dt.datetime | None, location: str | None,
           description: str, url: str | None) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", STAMP)
    event.add("summary", summary)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def meeting_events(plan: GroupPlan, domain: str, page_url) -> list[Event]:
    """One event per meeting; ``page_url(meeting)`` gives the address of the meeting's page."""
    group = plan.group
    events = []
    for meeting in plan.meetings:
        summary = f"{group.name}: {meeting.title}"
        description = f"{meeting.kind_label}, tapaaminen {meeting.number}/{len(plan.meetings)}."
        events.append(_event(f"{plan.slug}-tapaaminen-{meeting.number:02d}@{domain}", summary,
                             _at(meeting.date, meeting.start), _at(meeting.date, meeting.end), group.venue,
                             description, page_url(meeting)))
    return events


def extra_events(plan: GroupPlan, domain: str, minutes: int) -> list[Event]:
    """One event per group event: ``minutes`` long from its start time, or all day without one."""
    group = plan.group
    events = []
    for index, item in enumerate(sorted(group.events, key=lambda e: (e.date, e.title)), 1):
        if item.start_time:
            hours, mins = item.start_time.split(".")
            start = _at(item.date, int(hours) * 60 + int(mins))
            end = start + dt.timedelta(minutes=minutes)
        else:  # an all-day event
            start, end = item.date, item.date + dt.timedelta(days=1)
        events.append(_event(f"{plan.slug}-tapahtuma-{item.date.isoformat()}-{index}@{domain}",
                             f"{group.name}: {item.title}", start, end, item.place or group.venue,
                             EVENT_KINDS[item.kind].capitalize() + ".", None))
    return events


def write_calendar(name: str, events: list[Event]) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
