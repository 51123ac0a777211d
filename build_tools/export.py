"""JSON export of the validated model, for other tools and for tests."""

from __future__ import annotations

from typing import Any

from .model import Curriculum
from .semester import GroupPlan, plan_group
from .timetable import clock


def _hhmm(minutes: int) -> str:
    return clock(minutes).replace(".", ":")


def group_json(plan: GroupPlan) -> dict[str, Any]:
    group = plan.group
    return {
        "slug": plan.slug,
        **group.model_dump(mode="json"),
        "meetings": [{
            "number": m.number,
            "date": m.date.isoformat(),
            "start": _hhmm(m.start),
            "end": _hhmm(m.end),
            "kind": m.kind,
            "theme": m.theme,
            "slug": m.slug,
            "title": m.title,
        } for m in plan.meetings],
        "skipped": [{"date": s.date.isoformat(), "reason": s.reason} for s in plan.skipped],
    }


def export_json(curriculum: Curriculum) -> dict[str, Any]:
    return {
        "settings": curriculum.settings.model_dump(mode="json"),
        "themes": [theme.model_dump(mode="json") for theme in curriculum.themes],
        "a2_lessons": [lesson.model_dump(mode="json") for lesson in curriculum.lessons],
        "sessions": [session.model_dump(mode="json") for session in curriculum.sessions],
        "groups": [group_json(plan_group(slug, group, curriculum)) for slug, group in curriculum.groups.items()],
    }
